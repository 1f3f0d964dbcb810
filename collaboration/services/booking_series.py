"""Weekly series of room bookings: planning the occurrences, listing what stands in the way of each before
anything is saved, booking the free ones and cancelling what is left of a series. Each occurrence is booked
through `rooms.booking_create`, so the rules and the database's last word on overlaps are the same as for a
single booking.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import BookingSeries, BookingStatus, Organisation, Room, User
from .rooms import _closures, _rule_problems, booking_create

MAX_OCCURRENCES = 52


@dataclass
class Occurrence:
    starts_at: dt.datetime
    ends_at: dt.datetime
    problems: list[str] = field(default_factory=list)

    @property
    def is_free(self) -> bool:
        return not self.problems


class BookingSeriesConflict(ValidationError):
    """Some occurrences of a weekly series cannot be booked; nothing was saved."""

    def __init__(self, message: str, *, occurrences: list[Occurrence]):
        super().__init__(message, code="series_conflict")
        self.occurrences = occurrences


def weekly_occurrences(
    *, starts_at: dt.datetime, ends_at: dt.datetime, until: dt.date | None = None, count: int | None = None
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The weekly times from the first one, keeping the local clock time across daylight saving changes."""
    if not until and not count:
        raise ValidationError(_("Ange ett slutdatum eller ett antal gånger."))
    local_start = timezone.localtime(starts_at)
    duration = ends_at - starts_at
    times: list[tuple[dt.datetime, dt.datetime]] = []
    for week in range(MAX_OCCURRENCES):
        day = local_start.date() + dt.timedelta(weeks=week)
        if until and day > until:
            break
        if count and len(times) >= count:
            break
        start = timezone.make_aware(dt.datetime.combine(day, local_start.time()))
        times.append((start, start + duration))
    return times


def booking_series_plan(
    *,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    expected_attendees: int,
    until: dt.date | None = None,
    count: int | None = None,
) -> list[Occurrence]:
    """Every occurrence of a weekly series with what stands in its way (empty when free). Saves nothing.

    Three queries whatever the length: the confirmed bookings and the closures over the whole span.
    """
    times = weekly_occurrences(starts_at=starts_at, ends_at=ends_at, until=until, count=count)
    if not times:
        raise ValidationError(_("Serien har inga tillfällen: kontrollera slutdatumet."))
    span_start, span_end = times[0][0], times[-1][1]
    bookings = list(
        room.bookings.confirmed()
        .overlapping(span_start, span_end)
        .values_list("starts_at", "ends_at", "title")
    )
    closures = _closures(room, span_start, span_end)
    occurrences = []
    for start, end in times:
        problems = _rule_problems(
            room=room,
            starts_at=start,
            ends_at=end,
            expected_attendees=expected_attendees,
            closures=closures,
            allow_past=False,
        )
        if any(b_start < end and b_end > start for b_start, b_end, _title in bookings):
            problems.append(_("Lokalen är redan bokad."))
        occurrences.append(Occurrence(start, end, problems))
    return occurrences


@transaction.atomic
def booking_series_create(
    *,
    room: Room,
    organisation: Organisation,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    expected_attendees: int,
    booked_by: User | None,
    until: dt.date | None = None,
    count: int | None = None,
    skip_conflicts: bool = False,
) -> BookingSeries:
    """Book a room every week. Unless `skip_conflicts`, any colliding occurrence stops the whole series
    (BookingSeriesConflict lists them) before anything is saved; with it, only the free ones are booked."""
    occurrences = booking_series_plan(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        expected_attendees=expected_attendees,
        until=until,
        count=count,
    )
    blocked = [occurrence for occurrence in occurrences if not occurrence.is_free]
    if blocked and (not skip_conflicts or len(blocked) == len(occurrences)):
        raise BookingSeriesConflict(
            _("%(blocked)s av %(total)s tillfällen går inte att boka.")
            % {"blocked": len(blocked), "total": len(occurrences)},
            occurrences=occurrences,
        )
    series = BookingSeries(
        room=room,
        organisation=organisation,
        title=title,
        first_starts_at=starts_at,
        first_ends_at=ends_at,
        until=until,
        count=count,
        booked_by=booked_by,
    )
    series.full_clean(exclude=["room", "organisation", "booked_by"])
    series.save()
    for occurrence in occurrences:
        if occurrence.is_free:
            booking_create(
                room=room,
                organisation=organisation,
                title=title,
                starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at,
                expected_attendees=expected_attendees,
                booked_by=booked_by,
                series=series,
            )
    return series


@transaction.atomic
def booking_series_cancel(*, series: BookingSeries, cancelled_by: User) -> int:
    """Cancel every occurrence of the series that has not started yet; returns how many."""
    cancelled = (
        series.bookings.active()
        .filter(starts_at__gt=timezone.now())
        .update(
            status=BookingStatus.CANCELLED,
            cancelled_at=timezone.now(),
            cancelled_by=cancelled_by,
            sequence=F("sequence") + 1,
        )
    )
    return cancelled
