"""Demo data for Nobel 21: the rooms, their opening hours, a closure, and a month of bookings by civil-society
organisations (from last week to three weeks ahead), all made through the booking service.

Also the year 2022 as the city office's memo gives it (STK-2023-267: "cirka 545 besökare per vecka",
"2850 möten, seminarier, workshops och andra träffar"): 2 850 confirmed meetings whose expected attendees
average 545 a week in `statistics.nobel21_year(2022)`. Those are laid out here, room by room and hour by
hour so that none overlap, and inserted with bulk_create (the service would take minutes for a year).
"""

import contextlib
import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import (
    Booking,
    BookingSeries,
    BookingStatus,
    Closure,
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
    _load_2022(rooms, organisations, booker)


# The year 2022 (STK-2023-267). Attendees per week in statistics.nobel21_year is the year's expected attendees
# divided by the year's length in weeks (365 / 7), so the year's total is 545 × 365 / 7 ≈ 28 418.
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
ROOM_WEIGHT_2022 = {
    "Stora salen": 8,
    "Konferensrum Öresund": 14,
    "Konferensrum Pildammen": 14,
    "Mötesrum Kärnan": 12,
    "Mötesrum Turbinen": 10,
    "Mötesrum Möllan": 10,
    "Grupprum Ribban": 9,
    "Grupprum Limhamn": 6,
    "Studio 21": 7,
    "Kontor 1": 4,
    "Kontor 2": 4,
    "Kontor 3": 2,
}
LENGTHS = {"Stora salen": [2, 3, 3, 4], RoomKind.OFFICE: [2, 3, 4, 4], RoomKind.STUDIO: [1, 1, 2]}
DEFAULT_LENGTHS = [1, 2, 2, 2, 3]
LARGE_TITLES = ["Seminarium", "Workshop", "Föreläsning", "Årsmöte", "Medlemsmöte", "Utbildningsdag"]
OFFICE_TITLES = ["Kontorsdag", "Projektarbete", "Ansökningsskrivande"]
STUDIO_TITLES = ["Webbsändning", "Digitalt möte", "Poddinspelning"]
CITY_TITLES = ["Dialogmöte med civilsamhället", "Utbildningsdag", "Seminarium", "Lärandelunch", "Samrådsmöte"]
CITY_SHARE = 0.08  # the memo: the city's departments hold seminars, training days and dialogue there too
EVENING_SHARE = 0.35  # of meetings Monday–Thursday, starting at 17 or later
TERMS_2022 = [(dt.date(2022, 2, 14), dt.date(2022, 6, 12)), (dt.date(2022, 8, 22), dt.date(2022, 12, 11))]
SERIES_2022 = [
    # (organisation index, room, weekday, hour, hours long, title, attendees): weekly during the terms
    (1, "Konferensrum Pildammen", 2, 17, 2, "Språkcafé", 14),
    (3, "Konferensrum Öresund", 1, 15, 2, "Läxhjälp", 18),
    (4, "Mötesrum Kärnan", 0, 18, 2, "Volontärträff", 8),
    (5, "Grupprum Ribban", 3, 10, 2, "Stickcafé", 5),
    (6, "Stora salen", 5, 12, 3, "Föräldragrupp", 30),
]


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


def _free_start(rng, room: Room, day: dt.date, length: int, taken: set, evening: bool) -> int | None:
    """A whole hour at which `room` is open and free for `length` hours on `day`, and mark it taken."""
    hours = room.hours_by_weekday().get(day.weekday())
    if not hours:
        return None
    starts = [
        hour
        for hour in range(hours[0].hour, hours[1].hour - length + 1)
        if not any((room.pk, day, h) in taken for h in range(hour, hour + length))
    ]
    evening_starts = [hour for hour in starts if hour >= 17]
    if evening and evening_starts:
        starts = evening_starts
    if not starts:
        return None
    hour = rng.choice(starts)
    taken.update((room.pk, day, h) for h in range(hour, hour + length))
    return hour


def _fit_attendees(rng, meetings: list[dict], target: int) -> None:
    """Scale the drawn attendee numbers so they add up to `target`, each within 1 and the room's capacity."""
    drawn = sum(meeting["expected_attendees"] for meeting in meetings)
    for meeting in meetings:
        scaled = round(meeting["expected_attendees"] * target / drawn)
        meeting["expected_attendees"] = min(max(scaled, 1), meeting["room"].capacity)
    difference = target - sum(meeting["expected_attendees"] for meeting in meetings)
    step = 1 if difference > 0 else -1
    while difference:
        meeting = rng.choice(meetings)
        if 1 <= meeting["expected_attendees"] + step <= meeting["room"].capacity:
            meeting["expected_attendees"] += step
            difference -= step


def _series_2022(rooms, organisations, booker, taken: set) -> list[dict]:
    meetings = []
    for org_index, room_name, weekday, hour, length, title, attendees in SERIES_2022:
        room, organisation = rooms[room_name], organisations[org_index % len(organisations)]
        days = [
            first + dt.timedelta(days=offset)
            for first, last in TERMS_2022
            for offset in range((last - first).days + 1)
            if (first + dt.timedelta(days=offset)).weekday() == weekday
        ]
        days = [day for day in days if day not in HOLIDAYS_2022]
        series = BookingSeries.objects.create(
            room=room,
            organisation=organisation,
            title=title,
            first_starts_at=_at(days[0], hour),
            first_ends_at=_at(days[0], hour + length),
            until=TERMS_2022[-1][1],
            booked_by=booker(organisation),
        )
        for day in days:
            taken.update((room.pk, day, h) for h in range(hour, hour + length))
            meetings.append(
                {
                    "room": room,
                    "organisation": organisation,
                    "title": title,
                    "day": day,
                    "hour": hour,
                    "length": length,
                    "expected_attendees": attendees,
                    "series": series,
                }
            )
    return meetings


def _single_meeting(rng, rooms, organisations, departments, day: dt.date, taken: set) -> dict | None:
    names = list(ROOM_WEIGHT_2022)
    evening = day.weekday() < 4 and rng.random() < EVENING_SHARE
    for _attempt in range(20):
        room = rooms[rng.choices(names, weights=[ROOM_WEIGHT_2022[name] for name in names])[0]]
        length = rng.choice(LENGTHS.get(room.name) or LENGTHS.get(room.kind) or DEFAULT_LENGTHS)
        hour = _free_start(rng, room, day, length, taken, evening)
        if hour is None:
            continue
        if departments and room.kind == RoomKind.CONFERENCE and rng.random() < CITY_SHARE:
            organisation, title = rng.choice(departments), rng.choice(CITY_TITLES)
        else:
            # A few associations use the centre much more than the rest.
            weights = [1 / (index + 1) ** 0.7 for index in range(len(organisations))]
            organisation = rng.choices(organisations, weights=weights)[0]
            titles = {RoomKind.OFFICE: OFFICE_TITLES, RoomKind.STUDIO: STUDIO_TITLES}.get(room.kind)
            title = rng.choice(titles or (LARGE_TITLES if room.capacity >= 24 else TITLES))
        low = 1 if room.kind != RoomKind.CONFERENCE else max(1, room.capacity * 3 // 10)
        return {
            "room": room,
            "organisation": organisation,
            "title": title,
            "day": day,
            "hour": hour,
            "length": length,
            "expected_attendees": rng.randint(low, room.capacity),
            "series": None,
        }
    return None


def _load_2022(rooms: dict[str, Room], organisations: list[Organisation], booker) -> None:
    """2 850 confirmed meetings in 2022 averaging 545 expected attendees a week, none overlapping in a room."""
    from .statistics import held_meetings

    existing = held_meetings(YEAR_2022).aggregate(
        meetings=Count("pk"), attendees=Coalesce(Sum("expected_attendees"), 0)
    )
    rng = random.Random(YEAR_2022)
    departments = list(
        Organisation.objects.active()
        .filter(kind__in=[OrganisationKind.DEPARTMENT, OrganisationKind.CITY_OFFICE])
        .order_by("pk")
    )
    taken: set = set()  # (room pk, day, hour) already booked
    meetings = _series_2022(rooms, organisations, booker, taken)
    days = _days_2022()
    carried = 0  # a meeting that found no room on a full day is held the next day instead
    for day, quota in _quotas(days, MEETINGS_2022 - existing["meetings"] - len(meetings)).items():
        placed = [
            _single_meeting(rng, rooms, organisations, departments, day, taken)
            for _ in range(quota + carried)
        ]
        meetings += [meeting for meeting in placed if meeting]
        carried = placed.count(None)
    if carried:
        raise RuntimeError(f"{carried} meetings of 2022 found no free room")
    weeks = (dt.date(YEAR_2022 + 1, 1, 1) - dt.date(YEAR_2022, 1, 1)).days / 7
    _fit_attendees(rng, meetings, round(ATTENDEES_PER_WEEK_2022 * weeks) - existing["attendees"])
    Booking.objects.bulk_create(
        (
            Booking(
                room=meeting["room"],
                organisation=meeting["organisation"],
                title=meeting["title"],
                starts_at=_at(meeting["day"], meeting["hour"]),
                ends_at=_at(meeting["day"], meeting["hour"] + meeting["length"]),
                expected_attendees=meeting["expected_attendees"],
                status=BookingStatus.CONFIRMED,
                series=meeting["series"],
                booked_by=booker(meeting["organisation"]),
            )
            for meeting in meetings
        ),
        batch_size=500,
    )
