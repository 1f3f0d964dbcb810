import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from collaboration.factories import OrganisationFactory, RoomFactory
from collaboration.models import BookingStatus
from events.factories import EventFactory
from events.models import PlaceKind
from events.services import event_cancel
from events.services.rooms import event_booking_sync

pytestmark = pytest.mark.django_db


def _weekday_at_ten(days: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_event_in_a_nobel21_room_books_it_and_a_colliding_event_is_refused(coordinator):
    room = RoomFactory(capacity=30)
    host = OrganisationFactory()
    starts = _weekday_at_ten(8)
    event = EventFactory(place_kind=PlaceKind.NOBEL21, room=room, address="", starts_at=starts, capacity=20)
    event_booking_sync(event=event, booked_by=coordinator, organisation=host)
    event.refresh_from_db()
    assert event.booking.room == room and event.booking.status == BookingStatus.CONFIRMED
    other = EventFactory(
        place_kind=PlaceKind.NOBEL21, room=room, address="", starts_at=starts + dt.timedelta(hours=1)
    )
    with pytest.raises(ValidationError):
        event_booking_sync(event=other, booked_by=coordinator, organisation=host)
    other.refresh_from_db()
    assert other.booking is None


def test_cancelling_the_event_gives_up_its_room(coordinator):
    room = RoomFactory(capacity=30)
    event = EventFactory(place_kind=PlaceKind.NOBEL21, room=room, address="", starts_at=_weekday_at_ten(9))
    event_booking_sync(event=event, booked_by=coordinator, organisation=OrganisationFactory())
    booking = event.booking
    event_cancel(event=event, cancelled_by=coordinator)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
