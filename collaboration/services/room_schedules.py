"""The week view of a room and the day view of all rooms, as hour-by-hour grids.

Each grid costs a fixed number of queries whatever the number of bookings: the bookings in the period (with
their organisation), the closures in the period, the opening hours, and who the viewer represents.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Booking, BookingStatus, Closure, Room
from ..roles import is_coordinator
from .rooms import represented_organisations

SLOT = dt.timedelta(hours=1)


class CellState:
    FREE = "free"
    TAKEN = "taken"
    REQUESTED = "requested"
    CLOSED = "closed"
    PAST = "past"


@dataclass
class ShownBooking:
    pk: int
    label: str  # the title, or "Upptaget" for other organisations' bookings
    span: str
    pending: bool
    own: bool


@dataclass
class Cell:
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: Room
    state: str = CellState.FREE
    bookings: list[ShownBooking] = field(default_factory=list)
    note: str = ""

    @property
    def is_free(self) -> bool:
        return self.state == CellState.FREE


@dataclass
class Row:
    starts: dt.time
    cells: list[Cell]


def _period_data(rooms: list[Room], start: dt.datetime, end: dt.datetime, viewer):
    room_ids = [room.pk for room in rooms]
    bookings = list(
        Booking.objects.active()
        .filter(room_id__in=room_ids)
        .overlapping(start, end)
        .select_related("organisation")
        .order_by("starts_at")
    )
    closures = list(
        Closure.objects.filter(Q(room_id__in=room_ids) | Q(room__isnull=True)).overlapping(start, end)
    )
    coordinator = viewer.is_authenticated and is_coordinator(viewer)
    own_ids = set() if coordinator else set(represented_organisations(viewer).values_list("pk", flat=True))
    return bookings, closures, coordinator, own_ids


def _hour_range(rooms: list[Room], weekdays: list[int]) -> tuple[int, int]:
    opens, closes = 24, 0
    for room in rooms:
        hours = room.hours_by_weekday()
        for weekday in weekdays:
            if weekday in hours:
                opens = min(opens, hours[weekday][0].hour)
                closes = max(closes, hours[weekday][1].hour + (1 if hours[weekday][1].minute else 0))
    if opens >= closes:
        return 8, 22
    return opens, closes


def _cell(room, starts_at, ends_at, bookings, closures, coordinator, own_ids, now) -> Cell:
    cell = Cell(starts_at=starts_at, ends_at=ends_at, room=room)
    hours = room.hours_by_weekday().get(timezone.localtime(starts_at).weekday())
    local_start, local_end = timezone.localtime(starts_at).time(), timezone.localtime(ends_at).time()
    for closure in closures:
        if closure.room_id in (None, room.pk) and closure.starts_at < ends_at and closure.ends_at > starts_at:
            cell.state, cell.note = CellState.CLOSED, closure.reason
            return cell
    if local_end == dt.time(0):
        local_end = dt.time.max
    if hours is None or local_end <= hours[0] or local_start >= hours[1]:
        cell.state, cell.note = CellState.CLOSED, _("Stängt")
        return cell
    for booking in bookings:
        if booking.room_id == room.pk and booking.starts_at < ends_at and booking.ends_at > starts_at:
            own = booking.organisation_id in own_ids
            visible = coordinator or own
            label = f"{booking.title} ({booking.organisation.name})" if visible else _("Upptaget")
            span = (
                f"{timezone.localtime(booking.starts_at):%H:%M}–{timezone.localtime(booking.ends_at):%H:%M}"
            )
            pending = booking.status == BookingStatus.PENDING
            cell.bookings.append(ShownBooking(booking.pk, label, span, pending, own))
    if any(not shown.pending for shown in cell.bookings):
        cell.state = CellState.TAKEN
    elif cell.bookings:
        cell.state = CellState.REQUESTED
    elif ends_at <= now:
        cell.state = CellState.PAST
    return cell


def room_week(*, room: Room, monday: dt.date, viewer) -> dict:
    """Rows of hours, a column per day of the week starting `monday`."""
    days = [monday + dt.timedelta(days=offset) for offset in range(7)]
    start = timezone.make_aware(dt.datetime.combine(days[0], dt.time()))
    end = timezone.make_aware(dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time()))
    bookings, closures, coordinator, own_ids = _period_data([room], start, end, viewer)
    first_hour, last_hour = _hour_range([room], [day.weekday() for day in days])
    now = timezone.now()
    rows = []
    for hour in range(first_hour, last_hour):
        cells = []
        for day in days:
            cell_start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
            cells.append(
                _cell(room, cell_start, cell_start + SLOT, bookings, closures, coordinator, own_ids, now)
            )
        rows.append(Row(dt.time(hour), cells))
    return {"days": days, "rows": rows, "sees_titles": coordinator}


def rooms_day(*, rooms: list[Room], day: dt.date, viewer) -> dict:
    """Rows of hours, a column per room, for one day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    bookings, closures, coordinator, own_ids = _period_data(rooms, start, end, viewer)
    first_hour, last_hour = _hour_range(rooms, [day.weekday()])
    now = timezone.now()
    rows = []
    for hour in range(first_hour, last_hour):
        cell_start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        cells = [
            _cell(room, cell_start, cell_start + SLOT, bookings, closures, coordinator, own_ids, now)
            for room in rooms
        ]
        rows.append(Row(dt.time(hour), cells))
    return {"rows": rows, "sees_titles": coordinator}
