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


def _nobel21_draft(**fields):
    from events.models import EventStatus

    starts = _weekday_at_ten(10)
    return EventFactory(
        place_kind=PlaceKind.NOBEL21,
        room=RoomFactory(capacity=30),
        address="",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        status=EventStatus.DRAFT,
        **fields,
    )


def test_an_event_at_nobel21_is_not_published_without_its_booking_by_the_service(coordinator):
    from events.models import EventStatus
    from events.services.events import event_form_saved, event_save

    event = _nobel21_draft()  # no organiser: the room cannot be booked in anyone's name
    event.status = EventStatus.PUBLISHED
    event_save(event=event, status_before=EventStatus.DRAFT)
    saved = event_form_saved(event=event, saved_by=coordinator, status_before=EventStatus.DRAFT)
    assert saved.booking_refused and saved.publish_refused
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT and event.booking is None

    event.organisers.set([OrganisationFactory()])
    event.status = EventStatus.PUBLISHED
    event_save(event=event, status_before=EventStatus.DRAFT)
    saved = event_form_saved(event=event, saved_by=coordinator, status_before=EventStatus.DRAFT)
    event.refresh_from_db()
    assert not saved.publish_refused
    assert event.status == EventStatus.PUBLISHED and event.booking.status == BookingStatus.CONFIRMED


def test_the_admin_refuses_publishing_an_event_at_nobel21_without_a_booking(client, login_as):
    from django.urls import reverse

    from events.models import EventStatus
    from events.tests.admin_forms import event_change_data

    event = _nobel21_draft()
    login_as("coordinator")
    data = event_change_data(event, status=EventStatus.PUBLISHED, room=event.room_id)
    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data, follow=True)
    assert "Evenemanget på Nobel 21 publiceras inte utan bokad lokal" in response.content.decode()
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT and event.booking is None


def test_the_event_page_says_the_room_is_not_confirmed_while_its_booking_is_pending(client):
    from collaboration.factories import BookingFactory

    event = _nobel21_draft()
    booking = BookingFactory(
        room=event.room, starts_at=event.starts_at, ends_at=event.ends_at, status=BookingStatus.PENDING
    )
    event.booking = booking
    event.status = "published"
    event.save()
    assert "Lokalen är inte bekräftad än." in client.get(event.get_absolute_url()).content.decode()
    booking.status = BookingStatus.CONFIRMED
    booking.save()
    assert "Lokalen är inte bekräftad än." not in client.get(event.get_absolute_url()).content.decode()
