"""Booking the rooms of Nobel 21.

`booking_create` is THE way a booking comes into being: the portal's forms, the admin, weekly series and
the events app all call it. The database has the last word on overlaps (an exclusion constraint on
PostgreSQL; on SQLite the transaction takes the write lock at BEGIN, so check-then-insert is serialised);
this module explains a refusal in words and offers the nearest free times.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import (
    Booking,
    BookingSeries,
    BookingStatus,
    Closure,
    Organisation,
    OrganisationCalendarToken,
    Room,
    User,
)
from ..shared import fragments
from ..shared.ics import CalendarItem, build_calendar
from ..shared.roles import is_coordinator
from .users import email_send

SLOT_STEP = dt.timedelta(minutes=15)
FREE_TIME_HORIZON = dt.timedelta(days=14)
DEADLOCK_DETECTED = "40P01"


class BookingConflict(ValidationError):
    """The room is taken at that time. `free_times` holds the nearest free (start, end) pairs."""

    def __init__(self, message: str, *, free_times: list[tuple[dt.datetime, dt.datetime]], just_taken: bool):
        super().__init__(message, code="just_taken" if just_taken else "taken")
        self.free_times = free_times
        self.just_taken = just_taken


# --- who may do what -------------------------------------------------------------------------------------


def represented_organisations(user) -> QuerySet[Organisation]:
    """The organisations the user represents (`Organisation.objects.represented_by`, the one rule)."""
    return Organisation.objects.represented_by(user)


def represented_organisation_ids(user) -> frozenset[int]:
    """The ids of represented_organisations(user), remembered under the version of the "memberships" data set
    (memberships and organisations): the room grids ask on every request, and a membership granted or ended,
    or an organisation closed, is seen at once."""
    if not user.is_authenticated:
        return frozenset()
    return fragments.remembered(
        "memberships",
        f"represented-by:{user.pk}",
        lambda: frozenset(represented_organisations(user).values_list("pk", flat=True)),
    )


def bookable_organisations(user) -> QuerySet[Organisation]:
    """Whom the user may book for: coordinators for any active organisation, others for their own."""
    return Organisation.objects.active().acted_for_by(user)


def get_active_room(pk: int) -> Room:
    """A room open for booking, 404 otherwise. Remembered under the version of the "rooms" data set: the week
    view asks on every request, and a room renamed or closed is seen at once."""
    room = fragments.remembered("rooms", f"active-room:{pk}", Room.objects.active().filter(pk=pk).first)
    if room is None:
        raise Http404
    return room


def get_booking_for_user(user, pk: int) -> Booking:
    """A booking of one of the user's organisations (any booking for coordinators); 404 otherwise."""
    queryset = Booking.objects.select_related("room", "organisation", "series").filter(
        organisation__in=Organisation.objects.acted_for_by(user)
    )
    try:
        return queryset.get(pk=pk)
    except Booking.DoesNotExist:
        raise Http404 from None


# --- the rules ---------------------------------------------------------------------------------------------


def _when(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "D j F Y H:i")


def _span(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    return f"{_when(starts_at)}–{timezone.localtime(ends_at):%H:%M}"


def _rule_problems(
    *,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    expected_attendees: int,
    closures: list[tuple[dt.datetime, dt.datetime, str]],
    allow_past: bool,
) -> list[str]:
    """Everything but overlaps with other bookings; `closures` are the room's and the building's."""
    problems = []
    if ends_at <= starts_at:
        problems.append(_("Sluttiden måste vara efter starttiden."))
        return problems
    if not allow_past and starts_at < timezone.now():
        problems.append(_("Tiden har redan passerat."))
    if not room.is_active:
        problems.append(_("Lokalen %(room)s går inte att boka just nu.") % {"room": room.name})
    if expected_attendees > room.capacity:
        problems.append(
            _("%(room)s har plats för %(capacity)s personer, inte %(attendees)s.")
            % {"room": room.name, "capacity": room.capacity, "attendees": expected_attendees}
        )
    if not room.is_open_during(starts_at, ends_at):
        hours = room.hours_by_weekday().get(timezone.localtime(starts_at).weekday())
        if hours:
            problems.append(
                _("Tiden ligger utanför öppettiderna (%(opens)s–%(closes)s den dagen).")
                % {"opens": f"{hours[0]:%H:%M}", "closes": f"{hours[1]:%H:%M}"}
            )
        else:
            problems.append(_("Lokalen är stängd den veckodagen."))
    for closed_from, closed_until, reason in closures:
        if closed_from < ends_at and closed_until > starts_at:
            problems.append(
                _("Nobel 21 är stängt då (%(reason)s, %(span)s).")
                % {"reason": reason, "span": f"{_when(closed_from)} – {_when(closed_until)}"}
            )
            break
    return problems


def _closures(room: Room, starts_at: dt.datetime, ends_at: dt.datetime) -> list[tuple]:
    return list(
        Closure.objects.for_room(room)
        .overlapping(starts_at, ends_at)
        .values_list("starts_at", "ends_at", "reason")
    )


def _overlaps(
    busy: list[tuple[dt.datetime, dt.datetime]], starts_at: dt.datetime, ends_at: dt.datetime
) -> bool:
    return any(b_start < ends_at and b_end > starts_at for b_start, b_end in busy)


def nearest_free_times(
    *, room: Room, starts_at: dt.datetime, ends_at: dt.datetime, limit: int = 3
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The free times of the same length closest to the wished one, within two weeks either way.

    Two queries whatever the number of bookings: the room's confirmed bookings and closures in the window.
    """
    duration = ends_at - starts_at
    now = timezone.now()
    window_start = max(starts_at - FREE_TIME_HORIZON, now)
    window_end = starts_at + FREE_TIME_HORIZON + duration
    busy = list(
        room.bookings.confirmed().overlapping(window_start, window_end).values_list("starts_at", "ends_at")
    )
    busy += [(start, end) for start, end, _reason in _closures(room, window_start, window_end)]
    base = starts_at.replace(second=0, microsecond=0)
    base -= dt.timedelta(minutes=base.minute % 15)
    steps = int(FREE_TIME_HORIZON / SLOT_STEP)

    def search(direction: int, wanted: int) -> list[tuple[dt.datetime, dt.datetime]]:
        found: list[tuple[dt.datetime, dt.datetime]] = []
        for step in range(1, steps + 1):
            candidate = base + direction * step * SLOT_STEP
            if candidate < window_start:
                break
            candidate_end = candidate + duration
            if (
                room.is_open_during(candidate, candidate_end)
                and not _overlaps(busy, candidate, candidate_end)
                and not _overlaps(found, candidate, candidate_end)
            ):
                found.append((candidate, candidate_end))
                if len(found) >= wanted:
                    break
        return found

    # The nearest earlier time, and the next later ones (not overlapping each other).
    earlier = search(-1, 1)
    later = search(+1, limit - len(earlier))
    return sorted(earlier + later)


def _conflict(room: Room, starts_at, ends_at, *, just_taken: bool) -> BookingConflict:
    free = nearest_free_times(room=room, starts_at=starts_at, ends_at=ends_at)
    if just_taken:
        message = _("Den tiden blev precis bokad av någon annan.")
    else:
        message = _("%(room)s är redan bokad %(span)s.") % {
            "room": room.name,
            "span": _span(starts_at, ends_at),
        }
    if free:
        message += " " + _("Närmaste lediga tider: %(times)s.") % {
            "times": ", ".join(_span(start, end) for start, end in free)
        }
    else:
        message += " " + _("Ingen ledig tid av samma längd finns inom två veckor.")
    return BookingConflict(message, free_times=free, just_taken=just_taken)


def booking_check(
    *,
    room: Room,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    expected_attendees: int,
    allow_past: bool = False,
) -> None:
    """Raise ValidationError (BookingConflict for an overlap) if the room cannot be booked then."""
    problems = _rule_problems(
        room=room,
        starts_at=starts_at,
        ends_at=ends_at,
        expected_attendees=expected_attendees,
        closures=_closures(room, starts_at, ends_at) if ends_at > starts_at else [],
        allow_past=allow_past,
    )
    if problems:
        raise ValidationError(problems)
    if room.bookings.confirmed().overlapping(starts_at, ends_at).exists():
        raise _conflict(room, starts_at, ends_at, just_taken=False)


def _save_confirmed(booking: Booking, *, update_fields: list[str] | None = None) -> None:
    """Save inside a savepoint so that losing a race to the exclusion constraint leaves the transaction usable."""
    try:
        with transaction.atomic():
            booking.save(update_fields=update_fields)
    except (IntegrityError, OperationalError) as error:
        # Two requests inserting overlapping times wait for each other inside the exclusion constraint;
        # PostgreSQL then aborts one of them as a deadlock (40P01). Either way the other one got the time.
        lost_race = "booking_confirmed_no_overlap" in str(error) or (
            getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED
        )
        if not lost_race:
            raise
        raise _conflict(booking.room, booking.starts_at, booking.ends_at, just_taken=True) from error


@transaction.atomic
def booking_create(
    *,
    room: Room,
    organisation: Organisation,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    expected_attendees: int,
    booked_by: User | None,
    series: BookingSeries | None = None,
    status: str | None = None,
    allow_past: bool = False,
    recorded_afterwards: bool = False,
) -> Booking:
    """Book a room for [starts_at, ends_at).

    `recorded_afterwards`: a coordinator records a booking that already took place, as history; the
    "time has passed" rule does not apply to it (and only to it), all the other rules do. Anyone else asking
    for it gets a ValidationError, and so does a "recorded afterwards" booking that has not yet begun.

    Confirmed at once, or pending when the room needs a coordinator's approval (coordinators' own bookings
    are confirmed). Raises BookingConflict (with the nearest free times) when the room is taken, also when
    another request took it a moment ago, and ValidationError for the other rules (past, opening hours,
    closures, capacity).
    """
    if booked_by is not None and not organisation.is_acted_for_by(booked_by):
        raise ValidationError(_("Du kan bara boka för organisationer som du företräder."), code="not_acting")
    if recorded_afterwards:
        if not (booked_by and is_coordinator(booked_by)):
            raise ValidationError(_("Bara en samordnare kan registrera en bokning i efterhand."))
        if starts_at >= timezone.now():
            raise ValidationError(_("En bokning som registreras i efterhand måste redan ha börjat."))
        allow_past = True
        status = BookingStatus.CONFIRMED
    if status is None:
        needs_approval = room.requires_approval and not (booked_by and is_coordinator(booked_by))
        status = BookingStatus.PENDING if needs_approval else BookingStatus.CONFIRMED
    if status == BookingStatus.CONFIRMED:
        booking_check(
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            expected_attendees=expected_attendees,
            allow_past=allow_past,
        )
    else:
        problems = _rule_problems(
            room=room,
            starts_at=starts_at,
            ends_at=ends_at,
            expected_attendees=expected_attendees,
            closures=_closures(room, starts_at, ends_at) if ends_at > starts_at else [],
            allow_past=allow_past,
        )
        if problems:
            raise ValidationError(problems)
    booking = Booking(
        room=room,
        organisation=organisation,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        expected_attendees=expected_attendees,
        booked_by=booked_by,
        series=series,
        status=status,
        recorded_afterwards=recorded_afterwards,
    )
    booking.full_clean(exclude=["room", "organisation", "booked_by", "series"], validate_constraints=False)
    _save_confirmed(booking)
    return booking


# --- cancelling and deciding ------------------------------------------------------------------------------


@transaction.atomic
def booking_cancel(*, booking: Booking, cancelled_by: User) -> Booking:
    if not booking.organisation.is_acted_for_by(cancelled_by):
        raise ValidationError(
            _("Du kan bara avboka för organisationer som du företräder."), code="not_acting"
        )
    if not booking.is_cancellable:
        raise ValidationError(_("Bokningen kan inte avbokas: den har redan börjat eller är inte aktiv."))
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.cancelled_by = cancelled_by
    booking.sequence += 1
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "sequence"])
    return booking


def _notify(booking: Booking, subject: str, body: str, attachments=()) -> None:
    if booking.booked_by and booking.booked_by.email:
        email_send(subject=subject, body=body, to=[booking.booked_by.email], attachments=attachments)


@transaction.atomic
def booking_reschedule(
    *, booking: Booking, starts_at: dt.datetime, ends_at: dt.datetime, changed_by: User | None
) -> Booking:
    """Move a booking that has not begun to a new time in the same room, by the same rules as booking it.

    The calendar file's SEQUENCE grows by one and whoever booked gets the updated file, so the entry they
    imported moves (same UID). `changed_by` None: the portal itself (an event moved by a coordinator).
    Raises BookingConflict when the new time is taken and ValidationError for the other rules; a refused move
    changes nothing.
    """
    if changed_by is not None and not booking.organisation.is_acted_for_by(changed_by):
        raise ValidationError(
            _("Du kan bara ändra bokningar för organisationer som du företräder."), code="not_acting"
        )
    if not booking.is_cancellable:
        raise ValidationError(_("Bokningen kan inte flyttas: den har redan börjat eller är inte aktiv."))
    if (starts_at, ends_at) == (booking.starts_at, booking.ends_at):
        return booking
    problems = _rule_problems(
        room=booking.room,
        starts_at=starts_at,
        ends_at=ends_at,
        expected_attendees=booking.expected_attendees,
        closures=_closures(booking.room, starts_at, ends_at) if ends_at > starts_at else [],
        allow_past=False,
    )
    if problems:
        raise ValidationError(problems)
    if (
        booking.status == BookingStatus.CONFIRMED
        and booking.room.bookings.confirmed().overlapping(starts_at, ends_at).exclude(pk=booking.pk).exists()
    ):
        raise _conflict(booking.room, starts_at, ends_at, just_taken=False)
    booking.starts_at, booking.ends_at = starts_at, ends_at
    booking.sequence += 1
    _save_confirmed(booking, update_fields=["starts_at", "ends_at", "sequence"])
    ics = build_calendar(booking_calendar_items([booking])).decode()
    _notify(
        booking,
        _("Din bokning på Nobel 21 har ny tid"),
        _("%(room)s: %(title)s är flyttad till %(span)s. Kalenderfilen ersätter den du fick tidigare.")
        % {"room": booking.room.name, "title": booking.title, "span": _span(starts_at, ends_at)},
        attachments=[(f"nobel21-bokning-{booking.pk}.ics", ics, "text/calendar")],
    )
    return booking


@transaction.atomic
def booking_approve(*, booking: Booking, decided_by: User) -> Booking:
    """Confirm a pending booking; BookingConflict if a confirmed booking took the time meanwhile."""
    if booking.status != BookingStatus.PENDING:
        raise ValidationError(_("Bara bokningar som väntar på godkännande kan godkännas."))
    booking_check(
        room=booking.room,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        expected_attendees=booking.expected_attendees,
        allow_past=True,
    )
    booking.status = BookingStatus.CONFIRMED
    booking.decided_at = timezone.now()
    booking.decided_by = decided_by
    _save_confirmed(booking, update_fields=["status", "decided_at", "decided_by"])
    _notify(
        booking,
        _("Din bokning på Nobel 21 är godkänd"),
        _("%(room)s, %(span)s: %(title)s är bekräftad.")
        % {
            "room": booking.room.name,
            "span": _span(booking.starts_at, booking.ends_at),
            "title": booking.title,
        },
    )
    return booking


@transaction.atomic
def booking_reject(*, booking: Booking, decided_by: User, reason: str = "") -> Booking:
    if booking.status != BookingStatus.PENDING:
        raise ValidationError(_("Bara bokningar som väntar på godkännande kan avslås."))
    booking.status = BookingStatus.REJECTED
    booking.decided_at = timezone.now()
    booking.decided_by = decided_by
    booking.rejection_reason = reason
    booking.save(update_fields=["status", "decided_at", "decided_by", "rejection_reason"])
    _notify(
        booking,
        _("Din bokning på Nobel 21 blev inte godkänd"),
        _("%(room)s, %(span)s: %(title)s blev inte godkänd. %(reason)s")
        % {
            "room": booking.room.name,
            "span": _span(booking.starts_at, booking.ends_at),
            "title": booking.title,
            "reason": reason,
        },
    )
    return booking


# --- finding rooms, calendars ------------------------------------------------------------------------------


def rooms_free(*, starts_at: dt.datetime, ends_at: dt.datetime, attendees: int) -> list[Room]:
    """Active rooms big enough, open, not closed and not booked for the whole of [starts_at, ends_at)."""
    taken = Booking.objects.confirmed().overlapping(starts_at, ends_at).filter(room=OuterRef("pk"))
    closed = Closure.objects.overlapping(starts_at, ends_at).filter(
        Q(room=OuterRef("pk")) | Q(room__isnull=True)
    )
    rooms = (
        Room.objects.active()
        .with_hours()
        .filter(capacity__gte=attendees)
        .exclude(Exists(taken))
        .exclude(Exists(closed))
        .order_by("capacity", "name")
    )
    return [room for room in rooms if room.is_open_during(starts_at, ends_at)]


def calendar_token_for(*, organisation: Organisation) -> OrganisationCalendarToken:
    token, _created = OrganisationCalendarToken.objects.get_or_create(
        organisation=organisation, defaults={"token": OrganisationCalendarToken.new_token()}
    )
    return token


@transaction.atomic
def calendar_token_renew(*, organisation: Organisation) -> OrganisationCalendarToken:
    """A new secret for the organisation's feed; the old URL stops working at once."""
    token = calendar_token_for(organisation=organisation)
    token.token = OrganisationCalendarToken.new_token()
    token.save(update_fields=["token", "renewed_at"])
    return token


def booking_calendar_items(bookings) -> list[CalendarItem]:
    return [
        CalendarItem(
            uid=booking.ics_uid,
            title=booking.title,
            starts_at=booking.starts_at,
            ends_at=booking.ends_at,
            description=_("%(organisation)s, %(attendees)s deltagare")
            % {"organisation": booking.organisation.name, "attendees": booking.expected_attendees},
            location=_("%(room)s, Nobel 21, Nobelvägen 21, Malmö") % {"room": booking.room.name},
            cancelled=booking.status != BookingStatus.CONFIRMED,
            modified_at=booking.cancelled_at or booking.decided_at or booking.created_at,
            sequence=booking.sequence,
        )
        for booking in bookings
    ]
