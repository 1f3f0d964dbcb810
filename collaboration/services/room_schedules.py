"""The week view of a room and the day view of all rooms, as hour-by-hour grids.

Each grid costs a fixed number of queries whatever the number of bookings: the bookings in the period (with
their organisation), the closures in the period, the opening hours, and who the viewer represents.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
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
    # For a free cell: the booking form's URL for this hour and the link's accessible name.
    href: str = ""
    book_label: str = ""

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


class _Grid:
    """What every cell of one grid needs, prepared once: each booking's label and span are computed once,
    times are converted with one time zone lookup, and the booking link and its accessible name cost one
    reverse() per grid and one localised date per day (the grid has up to 168 cells)."""

    def __init__(self, bookings, closures, coordinator: bool, own_ids: set[int]):
        self.tz = timezone.get_current_timezone()
        self.now = timezone.now()
        self.bookings = []
        for booking in bookings:
            own = booking.organisation_id in own_ids
            visible = coordinator or own
            label = f"{booking.title} ({booking.organisation.name})" if visible else _("Upptaget")
            span = (
                f"{booking.starts_at.astimezone(self.tz):%H:%M}–{booking.ends_at.astimezone(self.tz):%H:%M}"
            )
            pending = booking.status == BookingStatus.PENDING
            shown = ShownBooking(booking.pk, label, span, pending, own)
            self.bookings.append((booking.room_id, booking.starts_at, booking.ends_at, shown))
        self.closures = [(c.room_id, c.starts_at, c.ends_at, c.reason) for c in closures]
        self.closed_note = _("Stängt")
        self.booking_url = reverse("booking-create")
        self.book_template = _("boka %(room)s %(start)s")
        self.day_names: dict[dt.date, str] = {}

    def starts(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour)).replace(tzinfo=self.tz)

    def cell(self, room: Room, starts_at: dt.datetime) -> Cell:
        ends_at = starts_at + SLOT
        cell = Cell(starts_at=starts_at, ends_at=ends_at, room=room)
        room_pk = room.pk
        local_start, local_end = starts_at.astimezone(self.tz), ends_at.astimezone(self.tz)
        for room_id, closure_start, closure_end, reason in self.closures:
            if room_id in (None, room_pk) and closure_start < ends_at and closure_end > starts_at:
                cell.state, cell.note = CellState.CLOSED, reason
                return cell
        hours = room.hours_by_weekday().get(local_start.weekday())
        start_time, end_time = local_start.time(), local_end.time()
        if end_time == dt.time(0):
            end_time = dt.time.max
        if hours is None or end_time <= hours[0] or start_time >= hours[1]:
            cell.state, cell.note = CellState.CLOSED, self.closed_note
            return cell
        for room_id, booking_start, booking_end, shown in self.bookings:
            if room_id == room_pk and booking_start < ends_at and booking_end > starts_at:
                cell.bookings.append(shown)
        if any(not shown.pending for shown in cell.bookings):
            cell.state = CellState.TAKEN
        elif cell.bookings:
            cell.state = CellState.REQUESTED
        elif ends_at <= self.now:
            cell.state = CellState.PAST
        else:
            day = local_start.date()
            day_name = self.day_names.get(day)
            if day_name is None:
                day_name = self.day_names[day] = formats.date_format(local_start, "l j F")
            cell.href = (
                f"{self.booking_url}?lokal={room_pk}&datum={day:%Y-%m-%d}"
                f"&fran={local_start:%H:%M}&till={local_end:%H:%M}"
            )
            cell.book_label = self.book_template % {
                "room": room.name,
                "start": f"{day_name} {local_start:%H:%M}",
            }
        return cell


def room_week(*, room: Room, monday: dt.date, viewer) -> dict:
    """Rows of hours, a column per day of the week starting `monday`."""
    days = [monday + dt.timedelta(days=offset) for offset in range(7)]
    start = timezone.make_aware(dt.datetime.combine(days[0], dt.time()))
    end = timezone.make_aware(dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time()))
    bookings, closures, coordinator, own_ids = _period_data([room], start, end, viewer)
    grid = _Grid(bookings, closures, coordinator, own_ids)
    first_hour, last_hour = _hour_range([room], [day.weekday() for day in days])
    rows = [
        Row(dt.time(hour), [grid.cell(room, grid.starts(day, hour)) for day in days])
        for hour in range(first_hour, last_hour)
    ]
    return {"days": days, "rows": rows, "sees_titles": coordinator, "represents_any": bool(own_ids)}


def rooms_day(*, rooms: list[Room], day: dt.date, viewer) -> dict:
    """Rows of hours, a column per room, for one day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    bookings, closures, coordinator, own_ids = _period_data(rooms, start, end, viewer)
    grid = _Grid(bookings, closures, coordinator, own_ids)
    first_hour, last_hour = _hour_range(rooms, [day.weekday()])
    rows = []
    for hour in range(first_hour, last_hour):
        cell_start = grid.starts(day, hour)
        rows.append(Row(dt.time(hour), [grid.cell(room, cell_start) for room in rooms]))
    return {"rows": rows, "sees_titles": coordinator, "represents_any": bool(own_ids)}
