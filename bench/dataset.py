"""Five years of Malmöandan in the database, built with the project's own factories from a seed.

Scale (per year, `scale=1`): 3 000 bookings over 12 rooms, 40 events with 1 500 sign-ups, and for the whole
set several hundred organisations and a few thousand people. The factories' definitions give every field
its value (`Factory.build`); rows are written with `bulk_create` because saving 30 000 rows one by one would
take minutes. Each app's part runs only once its models and factories exist, so the data set grows with the
portal.

`build()` is also what tests/test_query_counts.py calls, with a small `scale`, to get two data sizes.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import factory
import factory.random
from django.db import transaction
from django.utils import timezone

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BATCH = 2_000

# Rooms of Nobel 21: name, kind, capacity. Twelve, as the "15 000 bookings over 12 rooms".
ROOMS = [
    ("Stora salen", "conference", 60),
    ("Konferensrum Ådalen", "conference", 20),
    ("Konferensrum Bulltofta", "conference", 16),
    ("Konferensrum Citadellet", "conference", 12),
    ("Konferensrum Dammfri", "conference", 12),
    ("Mötesrum Enskifte", "conference", 8),
    ("Mötesrum Fridhem", "conference", 8),
    ("Mötesrum Gullviks", "conference", 6),
    ("Kontor 1", "office", 4),
    ("Kontor 2", "office", 4),
    ("Kontor 3", "office", 2),
    ("Studio 21", "studio", 6),
]
# Bookable slots of a weekday (local time); a room has at most one booking per slot, so nothing overlaps.
SLOTS = [(8, 10), (10, 12), (13, 15), (15, 17), (18, 21)]

PERSONA_EMAILS = {
    "coordinator": "bench-samordnare@example.org",
    "representative": "bench-forening@example.org",
    "steering_member": "bench-styrgrupp@example.org",
    "city_official": "bench-tjansteperson@example.org",
}


@dataclass
class Scale:
    years: int = 5
    bookings_per_year: int = 3_000
    events_per_year: int = 40
    signups_per_year: int = 1_500
    organisations: int = 400
    people: int = 3_000

    @classmethod
    def of(cls, factor: float, years: int = 5) -> Scale:
        base = cls()
        return cls(
            years=years,
            bookings_per_year=max(1, round(base.bookings_per_year * factor)),
            events_per_year=max(2, round(base.events_per_year * factor)),
            signups_per_year=max(4, round(base.signups_per_year * factor)),
            organisations=max(4, round(base.organisations * factor)),
            people=max(8, round(base.people * factor)),
        )


@dataclass
class Built:
    counts: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)


def optional(module: str):
    """The module if it exists yet (other parts of the portal are being built), else None."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def window(today: dt.date, years: int) -> tuple[dt.date, dt.date]:
    """Five years ending half a year ahead: the past holds the history, the future the upcoming events."""
    end = today + dt.timedelta(days=182)
    return end - dt.timedelta(days=round(365.25 * years)), end


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM)


def weekdays(start: dt.date, end: dt.date) -> list[dt.date]:
    days, day = [], start
    while day < end:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def bulk(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def build(*, seed: int = 2021, scale: Scale | None = None, today: dt.date | None = None) -> Built:
    """Fill an empty, migrated database. Same seed, same scale, same day: the same data."""
    scale = scale or Scale()
    today = today or timezone.localdate()
    rng = random.Random(seed)
    factory.random.reseed_random(seed)
    built = Built()
    start, end = window(today, scale.years)

    people, organisations = _collaboration(rng, scale, start, end, built)
    _personas(organisations[0], built)
    _steering(rng, scale, today, people, built)
    _events(rng, scale, start, end, today, people, built)
    _reports(rng, today, built)
    return built


def _collaboration(rng, scale: Scale, start: dt.date, end: dt.date, built: Built):
    from allauth.account.models import EmailAddress

    from collaboration.factories import (
        BookingFactory,
        MembershipFactory,
        OrganisationFactory,
        RoomFactory,
        UserFactory,
    )
    from collaboration.models import (
        Booking,
        BookingStatus,
        Membership,
        Organisation,
        OrganisationKind,
        Room,
        User,
    )

    kinds = list(OrganisationKind.values)
    weights = [40 if k == OrganisationKind.NONPROFIT_ASSOCIATION else 4 for k in kinds]
    organisations = bulk(
        Organisation,
        [
            OrganisationFactory.build(
                kind=rng.choices(kinds, weights)[0],
                category=rng.choice(["social_trygghet", "halsa", "kultur", "idrott", "utbildning", "annat"]),
            )
            for _ in range(scale.organisations)
        ],
    )
    # "!" is Django's unusable password: hashing thousands of real ones would take minutes.
    people = bulk(
        User,
        [UserFactory.build(password=factory.Transformer.Force("!")) for _ in range(scale.people)],
    )
    bulk(EmailAddress, [EmailAddress(user=u, email=u.email, primary=True, verified=True) for u in people])
    bulk(
        Membership,
        [MembershipFactory.build(user=u, organisation=rng.choice(organisations)) for u in people],
    )
    rooms = bulk(
        Room,
        [RoomFactory.build(name=name, kind=kind, capacity=capacity) for name, kind, capacity in ROOMS],
    )
    # Every (room, weekday, slot) is a candidate; a sample of them never overlaps within a room.
    days = weekdays(start, end)
    wanted = min(scale.bookings_per_year * scale.years, len(days) * len(rooms) * len(SLOTS))
    chosen = rng.sample(range(len(days) * len(rooms) * len(SLOTS)), wanted)
    bookings = []
    for index in chosen:
        day_i, rest = divmod(index, len(rooms) * len(SLOTS))
        room_i, slot_i = divmod(rest, len(SLOTS))
        room, (begin, finish) = rooms[room_i], SLOTS[slot_i]
        bookings.append(
            BookingFactory.build(
                room=room,
                organisation=rng.choice(organisations),
                starts_at=at(days[day_i], begin),
                ends_at=at(days[day_i], finish),
                expected_attendees=rng.randint(1, room.capacity),
                status=BookingStatus.CANCELLED if rng.random() < 0.05 else BookingStatus.CONFIRMED,
                booked_by=rng.choice(people),
            )
        )
    bulk(Booking, bookings)
    built.counts.update(
        organisations=len(organisations), people=len(people), rooms=len(rooms), bookings=len(bookings)
    )
    return people, organisations


def _personas(organisation, built: Built) -> None:
    """One account per role, signed in by the harness (sessions) to load the pages that need a role."""
    from collaboration.factories import MembershipFactory
    from collaboration.services.users import user_create, user_role_grant
    from collaboration.shared.roles import Role

    for persona, email in PERSONA_EMAILS.items():
        user = user_create(
            email=email, password=None, first_name="Bench", last_name=persona, email_verified=True
        )
        user_role_grant(user=user, role=Role(persona))
        if persona == "representative":
            MembershipFactory(user=user, organisation=organisation)
    built.counts["personas"] = len(PERSONA_EMAILS)


def _steering(rng, scale: Scale, today: dt.date, people, built: Built) -> None:
    from steering.factories import FocusAreaFactory
    from steering.models import FocusArea

    first = today.year - scale.years + 1
    bulk(
        FocusArea,
        [
            FocusAreaFactory.build(title=f"Fokusområde {y}", start_year=y)
            for y in range(first, today.year + 1)
        ],
    )
    built.counts["focus_areas"] = scale.years
    part = optional("bench.data_steering")
    if part is None:
        built.skipped.append("steering group, meetings, ballots (not available yet)")
    else:
        built.counts.update(part.build(rng=rng, scale=scale, today=today, people=people))


def _events(rng, scale: Scale, start, end, today, people, built: Built) -> None:
    part = optional("bench.data_events")
    if part is None:
        built.skipped.append("events and sign-ups (not available yet)")
    else:
        built.counts.update(
            part.build(rng=rng, scale=scale, start=start, end=end, today=today, people=people)
        )


def _reports(rng, today, built: Built) -> None:
    part = optional("bench.data_reports")
    if part is None:
        built.skipped.append("annual reports (not available yet)")
    else:
        built.counts.update(part.build(rng=rng, today=today))
