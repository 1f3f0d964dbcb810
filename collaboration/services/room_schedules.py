"""The week view of a room and the day view of all rooms, as hour-by-hour grids.

A grid is built only when the page's cached copy of it is missing (templates cache it in the "rooms" data
set), so the objects below are lazy: the view hands them over, the template's cached block reads them.
Building one costs a fixed number of queries whatever the number of bookings: the bookings in the period
(with their organisation), the closures in the period and the opening hours (the day view: and the rooms).

What a grid shows depends on the viewer only through `Viewer.key`: a coordinator sees every title, others
the titles of their own organisations' bookings, and free hours link to the booking form for those who can
book. It depends on the clock only through the quarter hour: free hours turn "past" on the hour and the
line marking the current time moves by quarters.

The rows (hour by hour, a cell per column) are what the cells are computed in; `columns` turns them into
what the pages draw: a column per day (week) or per room (day), each a list of blocks in time order placed
on a grid of quarter hours (a booking spans its time, consecutive closed hours are one block, a free hour
is one block linking to the booking form, the current time is a block of its own).
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Booking, BookingStatus, Closure, Room
from ..shared.roles import is_coordinator
from .rooms import bookable_organisations, represented_organisation_ids

SLOT = dt.timedelta(hours=1)
QUARTER = dt.timedelta(minutes=15)
QUARTERS_PER_HOUR = 4
# Bookings an organisation sees as its own (and a coordinator sees all) are drawn in one of these tones,
# chosen by the organisation's id so the same organisation keeps its tone on every page.
TONES = 6


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
    starts_at: dt.datetime
    ends_at: dt.datetime
    tone: int | None = None  # the organisation's tone, None for a booking shown as "Upptaget"


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


class BlockKind:
    TAKEN = CellState.TAKEN
    REQUESTED = CellState.REQUESTED
    CLOSED = CellState.CLOSED
    FREE = CellState.FREE
    PAST = CellState.PAST
    NOW = "now"


@dataclass
class Block:
    """A stretch of one column: `start` is its first quarter-hour row (1 is the grid's first quarter), `span`
    how many quarters it covers; `time` is the text naming its time (every block says when it is)."""

    kind: str
    start: int
    span: int
    time: str
    bookings: list[ShownBooking] = field(default_factory=list)
    note: str = ""
    href: str = ""
    book_label: str = ""

    @property
    def tone(self) -> int | None:
        tones = {shown.tone for shown in self.bookings}
        return tones.pop() if len(tones) == 1 else None


@dataclass
class Column:
    blocks: list[Block]
    day: dt.date
    room: Room

    @property
    def digest(self) -> str:
        """Everything the column shows, digested: its cached copy's key (a booking in another day or week
        leaves the column's copy as it is, where the grid around it is rendered again)."""
        shown = repr((self.blocks, self.day, self.room.pk, self.room.name, self.room.capacity))
        return hashlib.blake2b(shown.encode(), digest_size=16).hexdigest()


@dataclass
class AxisHour:
    label: str
    start: int


@dataclass(frozen=True)
class Viewer:
    """The part of the visitor a grid depends on; `key` names it in the cached copy's key."""

    user: object
    coordinator: bool
    own_ids: frozenset[int]

    @property
    def key(self) -> str:
        return "coordinator" if self.coordinator else ",".join(str(pk) for pk in sorted(self.own_ids))


def grid_viewer(user) -> Viewer:
    """No query for a coordinator or an anonymous visitor; whom a representative represents is cached."""
    if not user.is_authenticated:
        return Viewer(user, False, frozenset())
    if is_coordinator(user):
        return Viewer(user, True, frozenset())
    return Viewer(user, False, represented_organisation_ids(user))


def _period_data(rooms: list[Room], start: dt.datetime, end: dt.datetime):
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
    return bookings, closures


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

    def __init__(self, bookings, closures, viewer: Viewer, now: dt.datetime):
        self.tz = timezone.get_current_timezone()
        self.now = now
        self.bookings = []
        for booking in bookings:
            own = booking.organisation_id in viewer.own_ids
            visible = viewer.coordinator or own
            label = f"{booking.title} ({booking.organisation.name})" if visible else _("Upptaget")
            span = (
                f"{booking.starts_at.astimezone(self.tz):%H:%M}–{booking.ends_at.astimezone(self.tz):%H:%M}"
            )
            pending = booking.status == BookingStatus.PENDING
            tone = booking.organisation_id % TONES if visible else None
            shown = ShownBooking(
                booking.pk, label, span, pending, own, booking.starts_at, booking.ends_at, tone
            )
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


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class _Schedule:
    """A grid over [start, end): what its cached copy's key needs is cheap, the rows are built on demand."""

    @property
    def rows(self) -> list:
        """Each kind of grid builds its rows (and with them the hour range) on demand."""
        raise NotImplementedError

    def __init__(self, *, start: dt.datetime, end: dt.datetime, viewer: Viewer):
        self.start, self.end, self.viewer = start, end, viewer
        self.sees_titles = viewer.coordinator
        # Cells turn "past" when they end, always on the hour; before the period nothing is past and after it
        # everything is, so the clock clamped to the period gives the same grid with fewer copies to keep.
        # The clock is kept to the quarter hour for the line marking the current time; before the period it is
        # a quarter before the period's start, so no time inside the period shares its key.
        now = timezone.now()
        quarter = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
        self.clock = min(max(quarter, start - QUARTER), end)

    @property
    def key(self) -> str:
        """What the grid depends on besides the data and the language (the caller's key adds the period)."""
        return f"{self.viewer.key}@{self.clock.isoformat()}"

    @cached_property
    def can_book(self) -> bool:
        """Whether free hours link to the booking form (bookable_organisations(user).exists()): whom a
        representative represents is known already; only a coordinator needs the question."""
        if self.viewer.own_ids:
            return True
        return self.viewer.coordinator and bookable_organisations(self.viewer.user).exists()

    def _grid(self, rooms: list[Room]) -> _Grid:
        bookings, closures = _period_data(rooms, self.start, self.end)
        return _Grid(bookings, closures, self.viewer, self.clock)

    first_hour = 8
    last_hour = 22

    @property
    def quarters(self) -> int:
        """How many quarter-hour rows the grid has."""
        self.rows  # noqa: B018 (the rows fix the hour range)
        return (self.last_hour - self.first_hour) * QUARTERS_PER_HOUR

    @cached_property
    def axis(self) -> list[AxisHour]:
        self.rows  # noqa: B018 (the rows fix the hour range)
        return [
            AxisHour(f"{hour:02d}:00", (hour - self.first_hour) * QUARTERS_PER_HOUR + 1)
            for hour in range(self.first_hour, self.last_hour)
        ]

    def _column(self, cells: list[Cell], day: dt.date, room: Room) -> Column:
        tz = timezone.get_current_timezone()
        grid_start = dt.datetime.combine(day, dt.time(self.first_hour)).replace(tzinfo=tz)

        # Rows are wall-clock quarters (a day when the clocks change still starts its grid at the opening hour):
        # differences are taken between local times of the one time zone, which Python subtracts as wall time.
        def row(moment: dt.datetime) -> int:
            return int((moment.astimezone(tz) - grid_start) // QUARTER) + 1

        def block(kind: str, starts_at: dt.datetime, ends_at: dt.datetime, **extra) -> Block:
            local_start, local_end = starts_at.astimezone(tz), ends_at.astimezone(tz)
            start = row(starts_at)
            end = -(-(local_end - grid_start) // QUARTER) + 1  # the row after the last quarter it touches
            return Block(kind, start, max(end - start, 1), f"{local_start:%H:%M}–{local_end:%H:%M}", **extra)

        blocks: list[Block] = []
        run: list[Cell] = []

        def close_run() -> None:
            if not run:
                return
            first, last = run[0], run[-1]
            if first.state == CellState.CLOSED:
                blocks.append(block(BlockKind.CLOSED, first.starts_at, last.ends_at, note=first.note))
            else:
                shown = list({booking.pk: booking for cell in run for booking in cell.bookings}.values())
                starts_at = max(first.starts_at, min(booking.starts_at for booking in shown))
                ends_at = min(last.ends_at, max(booking.ends_at for booking in shown))
                kind = BlockKind.REQUESTED if all(booking.pending for booking in shown) else BlockKind.TAKEN
                blocks.append(block(kind, starts_at, ends_at, bookings=shown))
            run.clear()

        for cell in cells:
            if run and not _continues(run[-1], cell):
                close_run()
            if cell.state in (CellState.CLOSED, CellState.TAKEN, CellState.REQUESTED):
                run.append(cell)
                continue
            close_run()
            blocks.append(
                block(cell.state, cell.starts_at, cell.ends_at, href=cell.href, book_label=cell.book_label)
            )
        close_run()
        if cells and cells[0].starts_at <= self.clock < cells[-1].ends_at:
            now = self.clock.astimezone(tz)
            marker = Block(BlockKind.NOW, row(self.clock), 1, f"{now:%H:%M}")
            position = next((i for i, b in enumerate(blocks) if b.start > marker.start), len(blocks))
            blocks.insert(position, marker)
        return Column(blocks, day, room)


def _continues(previous: Cell, cell: Cell) -> bool:
    """Whether `cell` extends the block `previous` ends: the same closure, or bookings running on."""
    if previous.state == CellState.CLOSED or cell.state == CellState.CLOSED:
        return previous.state == cell.state and previous.note == cell.note
    if previous.bookings and cell.bookings:
        return bool({b.pk for b in previous.bookings} & {b.pk for b in cell.bookings})
    return False


class RoomWeek(_Schedule):
    """Rows of hours, a column per day of the week starting `monday`."""

    def __init__(self, *, room: Room, monday: dt.date, viewer: Viewer):
        self.room = room
        self.days = [monday + dt.timedelta(days=offset) for offset in range(7)]
        super().__init__(start=_midnight(monday), end=_midnight(monday + dt.timedelta(days=7)), viewer=viewer)

    @cached_property
    def rows(self) -> list[Row]:
        grid = self._grid([self.room])
        first_hour, last_hour = _hour_range([self.room], [day.weekday() for day in self.days])
        self.first_hour, self.last_hour = first_hour, last_hour
        return [
            Row(dt.time(hour), [grid.cell(self.room, grid.starts(day, hour)) for day in self.days])
            for hour in range(first_hour, last_hour)
        ]

    @cached_property
    def columns(self) -> list[Column]:
        rows = self.rows
        return [
            self._column([row.cells[index] for row in rows], day, self.room)
            for index, day in enumerate(self.days)
        ]


class RoomsDay(_Schedule):
    """Rows of hours, a column per active room, for one day."""

    def __init__(self, *, day: dt.date, viewer: Viewer):
        self.day = day
        super().__init__(start=_midnight(day), end=_midnight(day + dt.timedelta(days=1)), viewer=viewer)

    @cached_property
    def rooms(self) -> list[Room]:
        return list(Room.objects.active().with_hours())

    @cached_property
    def rows(self) -> list[Row]:
        grid = self._grid(self.rooms)
        first_hour, last_hour = _hour_range(self.rooms, [self.day.weekday()])
        self.first_hour, self.last_hour = first_hour, last_hour
        rows = []
        for hour in range(first_hour, last_hour):
            cell_start = grid.starts(self.day, hour)
            rows.append(Row(dt.time(hour), [grid.cell(room, cell_start) for room in self.rooms]))
        return rows

    @cached_property
    def columns(self) -> list[Column]:
        rows = self.rows
        return [
            self._column([row.cells[index] for row in rows], self.day, room)
            for index, room in enumerate(self.rooms)
        ]
