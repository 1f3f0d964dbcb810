"""Events held in a Nobel 21 room hold a booking of it, made through the room-booking rules."""

import inspect

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from collaboration.models import Booking, BookingStatus, Organisation, User

from ..models import Event, PlaceKind


def _booking_service():
    try:
        from collaboration.services.rooms import booking_create
    except ImportError:
        return None
    return booking_create


def event_booking_sync(*, event: Event, booked_by: User | None, organisation: Organisation | None) -> Event:
    """Book the event's Nobel 21 room for its time, or give up the booking when the place or time changed.

    A collision with another booking is refused by the room-booking rules and explained to the coordinator.
    """
    with transaction.atomic():
        booking = event.booking
        # Past events (recorded afterwards) need no booking.
        wanted = (
            event.place_kind == PlaceKind.NOBEL21
            and event.room_id
            and not event.is_cancelled
            and not event.is_past
        )
        moved = booking and (booking.starts_at, booking.ends_at) != (event.starts_at, event.ends_at)
        if booking and wanted and booking.room_id == event.room_id and moved:
            # Same room, new time: the booking moves (its calendar entry with it) when the room is free then.
            try:
                with transaction.atomic():
                    _reschedule(booking=booking, event=event, changed_by=booked_by)
                moved = False
            except ValidationError:
                pass  # given up below and booked anew, which explains why the room is not free
        if booking and (not wanted or booking.room_id != event.room_id or moved):
            event_booking_cancel(event=event, cancelled_by=booked_by)
            booking = None
        if wanted and booking is None:
            organisation = organisation or event.organisers.first()
            if organisation is None:
                raise ValidationError(_("Ange en arrangör: lokalen bokas i arrangörens namn."))
            booking = _book(event=event, booked_by=booked_by, organisation=organisation)
            event.booking = booking
            event.save(update_fields=["booking"])
    return event


def _reschedule(*, booking: Booking, event: Event, changed_by: User | None) -> None:
    from collaboration.services.rooms import booking_reschedule

    booking_reschedule(
        booking=booking, starts_at=event.starts_at, ends_at=event.ends_at, changed_by=changed_by
    )


def _book(*, event: Event, booked_by: User | None, organisation: Organisation) -> Booking:
    service = _booking_service()
    room = event.room
    assert room is not None, (
        "only an event placed in a Nobel 21 room is booked (event_booking_sync's `wanted`)"
    )
    arguments = {
        "room": room,
        "organisation": organisation,
        "title": event.title,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "expected_attendees": min(event.capacity, room.capacity),
        "booked_by": booked_by,
    }
    if service is None:
        raise ValidationError(_("Lokalbokningen är inte tillgänglig ännu."))
    accepted = inspect.signature(service).parameters
    return service(**{key: value for key, value in arguments.items() if key in accepted})


def event_booking_cancel(*, event: Event, cancelled_by: User | None = None) -> None:
    """Give up the event's room booking (when it is cancelled, moved, or held elsewhere)."""
    booking = event.booking
    if booking is None:
        return
    from collaboration.services.rooms import booking_cancel

    if cancelled_by is not None:
        booking_cancel(booking=booking, cancelled_by=cancelled_by)
    else:
        booking.status = BookingStatus.CANCELLED
        booking.sequence += 1
        booking.save(update_fields=["status", "sequence"])
    event.booking = None
    event.save(update_fields=["booking"])
