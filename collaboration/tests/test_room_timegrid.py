"""The grid the room pages draw: each block on its first quarter hour, spanning its quarters, in time order."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from collaboration.factories import OrganisationFactory, RoomFactory
from collaboration.models import Closure
from collaboration.services.room_schedules import BlockKind, RoomsDay, RoomWeek, grid_viewer

from .test_bookings import at, book


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _kinds(column) -> list[tuple[str, int, int, str]]:
    return [(block.kind, block.start, block.span, block.time) for block in column.blocks]


@pytest.fixture
def room(db):
    return RoomFactory()  # open 08–22 every day


def test_bookings_span_their_quarters_and_overlapping_ones_are_one_block(room, organisation, representative):
    book(room, organisation, at(0, 10, 30), at(0, 11, 15))
    other = OrganisationFactory()
    book(room, other, at(0, 11, 15), at(0, 12, 30))  # shares the 11 o'clock hour: one block of both
    Closure.objects.create(room=room, starts_at=at(1, 8), ends_at=at(1, 10), reason="Städning")
    week = RoomWeek(room=room, monday=at(0, 0).date(), viewer=grid_viewer(representative))
    assert week.quarters == 14 * 4
    monday, tuesday = week.columns[0], week.columns[1]
    assert _kinds(monday)[:3] == [
        (BlockKind.FREE, 1, 4, "08:00–09:00"),
        (BlockKind.FREE, 5, 4, "09:00–10:00"),
        (BlockKind.TAKEN, 11, 8, "10:30–12:30"),
    ]
    both = monday.blocks[2]
    assert [shown.label for shown in both.bookings] == ["Styrelsemöte (Föreningen Gemenskap)", "Upptaget"]
    assert both.tone is None  # two organisations: no single tone
    assert _kinds(monday)[3] == (BlockKind.FREE, 21, 4, "13:00–14:00")
    assert _kinds(tuesday)[0] == (BlockKind.CLOSED, 1, 8, "08:00–10:00")
    assert tuesday.blocks[0].note == "Städning"
    assert [block.kind for block in week.columns[2].blocks] == [BlockKind.FREE] * 14
    assert [hour.label for hour in week.axis][:2] == ["08:00", "09:00"] and week.axis[1].start == 5


def test_the_current_time_is_a_block_of_its_own_in_time_order(room, organisation, coordinator):
    monday, now = at(0, 0).date(), at(0, 9, 50)  # before travelling: at() counts from today
    with time_machine.travel(now, tick=False):
        day = RoomsDay(day=monday, viewer=grid_viewer(coordinator))
        kinds = _kinds(day.columns[0])
    assert kinds[:3] == [
        (BlockKind.PAST, 1, 4, "08:00–09:00"),
        (BlockKind.FREE, 5, 4, "09:00–10:00"),
        (BlockKind.NOW, 8, 1, "09:45"),
    ]


def test_a_day_when_the_clocks_change_keeps_its_wall_clock_rows(room, organisation, coordinator):
    spring = dt.date(2027, 3, 28)  # summer time begins at 02:00
    book(room, organisation, _local(spring, 10), _local(spring, 11))
    day = RoomsDay(day=spring, viewer=grid_viewer(coordinator))
    taken = next(block for block in day.columns[0].blocks if block.kind == BlockKind.TAKEN)
    assert (taken.start, taken.span, taken.time) == (9, 4, "10:00–11:00")
    assert taken.tone == organisation.pk % 6
