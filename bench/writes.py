"""Real writes that renew what a key page shows: sign-ups and cancellations, bookings, edits of shown rows.

The read/write mix (bench/mix.py) issues them while wrk loads a page, the cold section (bench/cold.py) makes
one before each timed first request. Sign-ups and bookings go through the portal's services; the other
edits save the row with `update_fields`, as the portal's edit views do, so the database triggers of
collaboration/shared/fragments.py record them exactly as they would a coordinator's edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

# Bookings start this far ahead, past the data set (half a year) and the booking scenario's days (200 on).
BOOKING_DAYS_AHEAD = 320


@dataclass
class Writer:
    """One kind of write, made one at a time by `write()`; counts what it did."""

    label: str
    write_once: Callable[[], None]
    writes: int = 0
    refused: int = 0  # a service said no (a conflict, a rule): no write, the page's data unchanged

    def write(self) -> bool:
        try:
            self.write_once()
        except ValidationError:
            self.refused += 1
            return False
        self.writes += 1
        return True


def sign_ups(event) -> Writer:
    """Alternately a member signs up for `event` and that sign-up is cancelled, through events' services."""
    from collaboration.models import Membership
    from events.models import Registration
    from events.services.registrations import Person, registration_cancel, registrations_create

    from .dataset import PERSONA_EMAILS

    # Not the personas: the representative's own pages must show the same sign-ups throughout the run.
    taken = set(Registration.objects.filter(event=event).values_list("email", flat=True))
    taken |= set(PERSONA_EMAILS.values())
    members = (
        m
        for m in Membership.objects.confirmed().select_related("user", "organisation").order_by("-pk")
        if m.user.email.lower() not in taken
    )
    last: list = []

    def write_once() -> None:
        if last:
            registration_cancel(registration=last.pop())
            return
        member = next(members)
        user = member.user
        last.extend(
            registrations_create(
                event=event,
                organisation=member.organisation,
                registered_by=user,
                people=[Person(name=user.get_full_name() or user.email, email=user.email, user=user)],
            )
        )

    return Writer(f"sign-ups and cancellations for event {event.pk}", write_once)


def bookings(room, booked_by) -> Writer:
    """One-hour bookings of `room` for the first organisation `booked_by` represents, through the rooms
    service, in free weekday hours from BOOKING_DAYS_AHEAD days on."""
    from bench.dataset import at
    from collaboration.services.rooms import BookingConflict, booking_create

    organisation = booked_by.memberships.confirmed().first().organisation
    start = timezone.localdate() + dt.timedelta(days=BOOKING_DAYS_AHEAD)
    slots = (
        (day, hour)
        for day in (start + dt.timedelta(days=n) for n in range(3_000))
        if day.weekday() < 5
        for hour in range(9, 20)
    )

    def write_once() -> None:
        for day, hour in slots:
            try:
                booking_create(
                    room=room,
                    organisation=organisation,
                    title="Benchmark: read/write mix",
                    starts_at=at(day, hour),
                    ends_at=at(day, hour + 1),
                    expected_attendees=1,
                    booked_by=booked_by,
                )
                return
            except BookingConflict:  # an earlier writer's booking: the next hour
                continue

    return Writer(f"bookings of room {room.pk}", write_once)


def field_edits(label: str, row, field: str) -> Writer:
    """Alternately append and remove a mark at the end of a text field of `row`, saved with update_fields."""
    original = getattr(row, field)

    def write_once() -> None:
        value = getattr(row, field)
        setattr(row, field, original if value != original else f"{original}·")
        row.save(update_fields=[field])

    return Writer(label, write_once)


def for_page(key: str) -> Writer | None:
    """The write that renews the data page `key` (bench/pages.py) shows, from the data set in the database."""
    from collaboration.models import User
    from reports.models import AnnualReport

    from .dataset import PERSONA_EMAILS
    from .pages import read_event, read_room

    representative = User.objects.get(email=PERSONA_EMAILS["representative"])
    if key in ("home", "event_list", "event_detail"):
        return sign_ups(read_event())
    if key in ("room_week", "my_pages", "my_calendar_feed"):
        # The representative's organisation's bookings are on their own pages and calendar feed too.
        return bookings(read_room(), representative)
    if key in ("steering_group", "ballot"):
        member = User.objects.get(email=PERSONA_EMAILS["steering_member"])
        return field_edits("a person's name (steering member)", member, "last_name")
    if key == "annual_report":
        report = AnnualReport.objects.get(year=timezone.localdate().year - 1)
        return field_edits(f"annual report {report.year}'s introduction", report, "introduction")
    if key == "organisation_directory":
        organisation = representative.memberships.confirmed().first().organisation
        return field_edits("an organisation's description", organisation, "description")
    return None
