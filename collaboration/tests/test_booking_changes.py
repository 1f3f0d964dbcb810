"""A booking whose time changes: the same calendar entry (UID) with a higher SEQUENCE, told to the booker."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, RoomFactory
from collaboration.models import Booking, BookingStatus
from collaboration.services.rooms import BookingConflict, booking_cancel, booking_create, booking_reschedule

pytestmark = pytest.mark.django_db


def at(days: int, hour: int) -> dt.datetime:
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    return timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=days), dt.time(hour)))


@pytest.fixture
def booked():
    organisation = OrganisationFactory()
    user = MembershipFactory(organisation=organisation).user
    room = RoomFactory()
    booking = booking_create(
        room=room,
        organisation=organisation,
        title="Styrelsemöte",
        starts_at=at(1, 10),
        ends_at=at(1, 11),
        expected_attendees=4,
        booked_by=user,
    )
    return booking, user


def _vevent(message) -> icalendar.Event:
    (attachment,) = message.attachments
    (vevent,) = icalendar.Calendar.from_ical(attachment[1]).walk("VEVENT")
    return vevent


def test_moving_a_booking_raises_its_sequence_and_sends_the_updated_calendar_file(
    booked, django_capture_on_commit_callbacks
):
    booking, user = booked
    with django_capture_on_commit_callbacks(execute=True):
        booking_reschedule(booking=booking, starts_at=at(2, 13), ends_at=at(2, 15), changed_by=user)
    booking.refresh_from_db()
    assert (booking.starts_at, booking.ends_at, booking.sequence) == (at(2, 13), at(2, 15), 1)
    (message,) = mail.outbox
    assert message.to == [user.email] and "ny tid" in message.subject
    vevent = _vevent(message)
    assert vevent["SEQUENCE"] == 1 and str(vevent["UID"]) == booking.ics_uid
    assert vevent.decoded("DTSTART") == at(2, 13)
    # Cancelling afterwards raises it once more.
    booking_cancel(booking=booking, cancelled_by=user)
    booking.refresh_from_db()
    assert booking.sequence == 2


def test_a_refused_move_changes_nothing(booked, django_capture_on_commit_callbacks):
    booking, user = booked
    other = booking_create(
        room=booking.room,
        organisation=booking.organisation,
        title="Annat",
        starts_at=at(3, 10),
        ends_at=at(3, 12),
        expected_attendees=2,
        booked_by=user,
    )
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(BookingConflict):
            booking_reschedule(booking=booking, starts_at=at(3, 11), ends_at=at(3, 13), changed_by=user)
        with pytest.raises(ValidationError, match="passerat"):
            booking_reschedule(
                booking=booking,
                starts_at=timezone.now() - dt.timedelta(hours=2),
                ends_at=timezone.now() - dt.timedelta(hours=1),
                changed_by=user,
            )
        with pytest.raises(ValidationError, match="företräder"):
            booking_reschedule(booking=booking, starts_at=at(4, 10), ends_at=at(4, 11), changed_by=stranger)
    assert mail.outbox == []
    booking.refresh_from_db()
    assert (booking.starts_at, booking.sequence, booking.status) == (at(1, 10), 0, BookingStatus.CONFIRMED)
    assert Booking.objects.get(pk=other.pk).starts_at == at(3, 10)


def test_moving_a_nobel21_event_moves_its_booking(client, login_as, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from events.factories import EventFactory
    from events.tests.admin_forms import event_change_data

    coordinator = login_as("coordinator")
    room = RoomFactory(capacity=40)
    host = OrganisationFactory()
    event = EventFactory(place_kind="nobel21", room=room, address="", starts_at=at(1, 12), ends_at=at(1, 13))
    event.organisers.add(host)
    from events.services.rooms import event_booking_sync

    event_booking_sync(event=event, booked_by=coordinator, organisation=None)
    booking = event.booking
    data = event_change_data(event, room=room.pk, organisers=[host.pk])
    data |= {"starts_at_1": "14:00", "ends_at_1": "15:00"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.booking_id == booking.pk
    booking.refresh_from_db()
    assert (booking.starts_at, booking.sequence, booking.status) == (at(1, 14), 1, BookingStatus.CONFIRMED)
