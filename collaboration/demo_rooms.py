"""Demo data for Nobel 21: the rooms, their opening hours, a closure, and a month of bookings by civil-society
organisations (from last week to three weeks ahead), all made through the booking service."""

import contextlib
import datetime as dt
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Closure, OpeningHours, Organisation, OrganisationKind, Room, RoomKind, User
from .services.rooms import booking_create, booking_series_create

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
    booker = User.objects.filter(email="forening@example.org").first()
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
                organisation=organisations[org_index % len(organisations)],
                title=title,
                starts_at=_at(first_day, hour),
                ends_at=_at(first_day, hour + length),
                expected_attendees=attendees,
                booked_by=booker,
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
                    organisation=rng.choice(organisations),
                    title=rng.choice(TITLES),
                    starts_at=starts_at,
                    ends_at=starts_at + dt.timedelta(hours=length),
                    expected_attendees=rng.randint(2, room.capacity),
                    booked_by=booker,
                    allow_past=starts_at < now,
                )
            except ValidationError:
                continue  # taken or closed: a real booker would pick another time
