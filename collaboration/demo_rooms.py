"""Demo data for Nobel 21: the rooms, their opening hours, a closure, and a month of bookings by civil-society
organisations (from last week to three weeks ahead), all made through the booking service.

Also the year 2022 as the city office's memo gives it (STK-2023-267: "cirka 545 besökare per vecka",
"2850 möten, seminarier, workshops och andra träffar"). Those figures come from Nobel 21's own booking
system, not the portal, so they are recorded as monthly statistics (`Nobel21MonthlyStatistic`) and
`statistics.nobel21_months(2022)` reports them as recorded. 2021 is in no document: it stays not recorded.
"""

import contextlib
import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import (
    Closure,
    Nobel21MonthlyStatistic,
    OpeningHours,
    Organisation,
    OrganisationKind,
    Room,
    RoomKind,
    User,
)
from .services.booking_series import booking_series_create
from .services.rooms import booking_create

ROOMS = [
    # (name, kind, capacity, requires approval, equipment)
    (
        "Stora salen",
        RoomKind.CONFERENCE,
        60,
        True,
        "Projektor\nMikrofoner och högtalare\nHörslinga\nWhiteboard",
    ),
    ("Konferensrum Öresund", RoomKind.CONFERENCE, 24, False, "Skärm med HDMI\nWhiteboard\nHörslinga"),
    ("Konferensrum Pildammen", RoomKind.CONFERENCE, 16, False, "Skärm med HDMI\nWhiteboard"),
    ("Mötesrum Kärnan", RoomKind.CONFERENCE, 10, False, "Skärm med HDMI"),
    ("Mötesrum Turbinen", RoomKind.CONFERENCE, 8, False, "Whiteboard"),
    ("Mötesrum Möllan", RoomKind.CONFERENCE, 8, False, "Skärm med HDMI"),
    ("Grupprum Ribban", RoomKind.CONFERENCE, 6, False, ""),
    ("Grupprum Limhamn", RoomKind.CONFERENCE, 4, False, ""),
    (
        "Studio 21",
        RoomKind.STUDIO,
        6,
        False,
        "Kamera och ljus\nMikrofoner\nStor skärm\nUtrustning för webbsändning",
    ),
    ("Kontor 1", RoomKind.OFFICE, 4, False, "Skrivbord\nSkrivare i korridoren"),
    ("Kontor 2", RoomKind.OFFICE, 4, False, "Skrivbord\nSkrivare i korridoren"),
    ("Kontor 3", RoomKind.OFFICE, 2, False, "Skrivbord"),
]
MEETING_HOURS = {0: (8, 21), 1: (8, 21), 2: (8, 21), 3: (8, 21), 4: (8, 17), 5: (10, 16)}
OFFICE_HOURS = dict.fromkeys(range(5), (8, 18))

FALLBACK_ORGANISATIONS = [
    "Föreningen Gemenskap",
    "Tillsammans i Förening",
    "Rädda Barnen Malmö",
    "Röda Korset Malmö",
    "Fryshuset Malmö",
    "Sensus studieförbund",
]
TITLES = [
    "Styrelsemöte",
    "Medlemsmöte",
    "Volontärträff",
    "Planeringsmöte",
    "Språkcafé",
    "Läxhjälp",
    "Workshop om ansökningar",
    "Samråd med förvaltningen",
    "Utbildning för ledare",
    "Föräldragrupp",
    "Seniorträff",
    "Projektmöte",
]
SERIES = [
    # (organisation index, room, weekday, hour, hours long, title, attendees)
    (0, "Mötesrum Kärnan", 1, 18, 2, "Styrelsemöte", 7),
    (1, "Konferensrum Pildammen", 2, 17, 2, "Språkcafé", 14),
    (2, "Konferensrum Öresund", 3, 15, 2, "Läxhjälp", 20),
    (3, "Grupprum Ribban", 0, 10, 2, "Stickcafé", 6),
    (4, "Studio 21", 4, 13, 1, "Digitalt medlemsmöte", 3),
]


def _organisations() -> list[Organisation]:
    organisations = list(Organisation.objects.civil_society().active().order_by("pk")[:12])
    if len(organisations) >= 5:
        return organisations
    for name in FALLBACK_ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            name=name,
            defaults={"kind": OrganisationKind.NONPROFIT_ASSOCIATION, "category": "social_trygghet"},
        )
        if created:
            organisation.full_clean()
            organisation.save(update_fields=["sector"])
    return list(Organisation.objects.civil_society().active().order_by("pk")[:12])


def _rooms() -> dict[str, Room]:
    rooms = {}
    for name, kind, capacity, approval, equipment in ROOMS:
        room = Room(name=name, kind=kind, capacity=capacity, requires_approval=approval, equipment=equipment)
        room.full_clean()
        room.save()
        hours = OFFICE_HOURS if kind == RoomKind.OFFICE else MEETING_HOURS
        OpeningHours.objects.bulk_create(
            OpeningHours(room=room, weekday=day, opens=dt.time(opens), closes=dt.time(closes))
            for day, (opens, closes) in hours.items()
        )
        rooms[name] = room
    return rooms


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load() -> None:
    if Room.objects.exists():
        return
    rng = random.Random(21)
    rooms = _rooms()
    organisations = _organisations()
    representative = User.objects.filter(email="forening@example.org").first()
    represented = (
        set(Organisation.objects.represented_by(representative).values_list("pk", flat=True))
        if representative
        else set()
    )

    def booker(organisation):
        # The demo representative books for their own organisations; the others' bookings have no booker.
        return representative if organisation.pk in represented else None

    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    start_day = monday - dt.timedelta(weeks=1)

    maintenance_day = monday + dt.timedelta(weeks=1, days=2)
    Closure.objects.create(
        room=rooms["Studio 21"],
        starts_at=_at(maintenance_day, 0),
        ends_at=_at(maintenance_day + dt.timedelta(days=1), 0),
        reason="Underhåll: ny kamera installeras",
    )
    staff_day = monday + dt.timedelta(weeks=2, days=4)
    Closure.objects.create(
        room=None,
        starts_at=_at(staff_day, 12),
        ends_at=_at(staff_day, 18),
        reason="Personaldag – huset stängt",
    )

    # Weekly series from next week, four times each.
    for org_index, room_name, weekday, hour, length, title, attendees in SERIES:
        first_day = monday + dt.timedelta(weeks=1, days=weekday)
        with contextlib.suppress(ValidationError):
            booking_series_create(
                room=rooms[room_name],
                organisation=(organisation := organisations[org_index % len(organisations)]),
                title=title,
                starts_at=_at(first_day, hour),
                ends_at=_at(first_day, hour + length),
                expected_attendees=attendees,
                booked_by=booker(organisation),
                count=4,
                skip_conflicts=True,
            )

    # Single bookings over four weeks, as many as a busy month has (about 55 meetings a week in 2022).
    now = timezone.now()
    room_list = list(rooms.values())
    for offset in range(28):
        day = start_day + dt.timedelta(days=offset)
        for _ in range(rng.randint(6, 12) if day.weekday() < 5 else rng.randint(0, 3)):
            room = rng.choice(room_list)
            hours = room.hours_by_weekday().get(day.weekday())
            if not hours:
                continue
            length = rng.choice([1, 1, 2, 2, 3])
            hour = rng.randint(hours[0].hour, hours[1].hour - length)
            starts_at = _at(day, hour)
            try:
                booking_create(
                    room=room,
                    organisation=(organisation := rng.choice(organisations)),
                    title=rng.choice(TITLES),
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(hours=length),
                    expected_attendees=rng.randint(2, room.capacity),
                    booked_by=booker(organisation),
                    allow_past=starts_at < now,
                )
            except ValidationError:
                continue  # taken or closed: a real booker would pick another time
    # The statistics are a coordinator's entry, as in real use.
    _record_2022(User.objects.filter(email="samordnare@example.org").first())


# The year 2022, from the city office's memo (004_…, STK-2023-267): "För 2022 hade Nobel 21 cirka 545
# besökare per vecka. Det arrangerades 2850 möten, seminarier, workshops och andra träffar på centret."
# Its footnote names the source, Nobel 21's own report ("Rapport från 2022: Nobel 21 växer och utvecklas",
# 2023-03-16): the centre's own booking system, not the portal. So 2022 is recorded as monthly statistics.
# Attendees per week is the year's visitors over the year's length in weeks (365 / 7): 545 × 365 / 7 ≈ 28 418.
YEAR_2022 = 2022
MEETINGS_2022 = 2850
ATTENDEES_PER_WEEK_2022 = 545
# Closed on Sundays (no opening hours) and on these public holidays and eves (Christmas Day was a Sunday).
HOLIDAYS_2022 = {
    dt.date(2022, month, day)
    for month, day in [
        (1, 1),
        (1, 6),
        (4, 15),
        (4, 18),
        (5, 26),
        (6, 6),
        (6, 24),
        (12, 24),
        (12, 26),
        (12, 31),
    ]
}
# Restrictions were lifted on 9 February 2022 and activity grew through the year, with a summer dip in July.
MONTH_WEIGHT_2022 = {
    1: 0.5,
    2: 0.8,
    3: 1.0,
    4: 1.0,
    5: 1.1,
    6: 0.9,
    7: 0.3,
    8: 0.8,
    9: 1.15,
    10: 1.2,
    11: 1.2,
}
CHRISTMAS_WEIGHT = 0.3  # from 19 December; December before that counts as November
WEEKDAY_WEIGHT = {0: 1.0, 1: 1.1, 2: 1.1, 3: 1.0, 4: 0.6, 5: 0.3}


def _days_2022() -> list[dt.date]:
    first = dt.date(YEAR_2022, 1, 1)
    days = (
        first + dt.timedelta(days=offset) for offset in range((dt.date(YEAR_2022 + 1, 1, 1) - first).days)
    )
    return [day for day in days if day.weekday() in WEEKDAY_WEIGHT and day not in HOLIDAYS_2022]


def _day_weight(day: dt.date) -> float:
    if day >= dt.date(YEAR_2022, 12, 19):
        month = CHRISTMAS_WEIGHT
    else:
        month = MONTH_WEIGHT_2022.get(day.month, MONTH_WEIGHT_2022[11])
    return month * WEEKDAY_WEIGHT[day.weekday()]


def _quotas(days: list[dt.date], total: int) -> dict[dt.date, int]:
    """`total` meetings shared between the days in proportion to their weight (largest remainder)."""
    weights = {day: _day_weight(day) for day in days}
    scale = total / sum(weights.values())
    quotas = {day: int(weight * scale) for day, weight in weights.items()}
    by_remainder = sorted(days, key=lambda day: (quotas[day] - weights[day] * scale, day))
    for day in by_remainder[: total - sum(quotas.values())]:
        quotas[day] += 1
    return quotas


SOURCE_2022 = "Nobel 21:s rapport för 2022 (tjänsteskrivelse STK-2023-267)"
NOTE_2022 = "Årssiffran fördelad på månaderna i demodata; källan anger bara hela året."


def _split(total: int, weights: dict[int, float]) -> dict[int, int]:
    """`total` shared between the keys in proportion to their weight, adding up exactly (largest remainder)."""
    scale = total / sum(weights.values())
    shares = {key: int(weight * scale) for key, weight in weights.items()}
    for key in sorted(weights, key=lambda key: (shares[key] - weights[key] * scale, key))[
        : total - sum(shares.values())
    ]:
        shares[key] += 1
    return shares


def _record_2022(recorded_by) -> None:
    """2022 as Nobel 21 counted it: 2 850 meetings and about 545 visitors a week, as monthly statistics."""
    weights: dict[int, float] = {}
    for day in _days_2022():
        weights[day.month] = weights.get(day.month, 0) + _day_weight(day)
    weeks = (dt.date(YEAR_2022 + 1, 1, 1) - dt.date(YEAR_2022, 1, 1)).days / 7
    meetings = _split(MEETINGS_2022, weights)
    visitors = _split(round(ATTENDEES_PER_WEEK_2022 * weeks), weights)
    for month in range(1, 13):
        Nobel21MonthlyStatistic.objects.update_or_create(
            year=YEAR_2022,
            month=month,
            defaults={
                "meetings": meetings[month],
                "visitors": visitors[month],
                "source": SOURCE_2022,
                "note": NOTE_2022,
                "recorded_by": recorded_by,
            },
        )
