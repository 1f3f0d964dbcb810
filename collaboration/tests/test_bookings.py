"""The booking rules, through the service and through the booking form."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import BookingFactory, MembershipFactory, OrganisationFactory, RoomFactory
from collaboration.models import Booking, BookingStatus, Closure, OpeningHours
from collaboration.services.booking_series import (
    BookingSeriesConflict,
    booking_series_create,
    booking_series_plan,
)
from collaboration.services.rooms import (
    BookingConflict,
    booking_approve,
    booking_cancel,
    booking_create,
    booking_reject,
    nearest_free_times,
    rooms_free,
)


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local time `days` after next Monday (so tests never depend on today's weekday)."""
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    return timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=days), dt.time(hour, minute)))


def representative_of(organisation):
    """Someone who books for the organisation: a confirmed representative of it."""
    return MembershipFactory(organisation=organisation).user


def book(room, organisation, starts_at, ends_at, *, attendees=4, by=None, **kwargs) -> Booking:
    return booking_create(
        room=room,
        organisation=organisation,
        title="Styrelsemöte",
        starts_at=starts_at,
        ends_at=ends_at,
        expected_attendees=attendees,
        booked_by=by,
        **kwargs,
    )


@pytest.fixture
def room(db):
    return RoomFactory(name="Mötesrum Kärnan", capacity=10)


def test_booking_is_confirmed_and_adjacent_half_open_times_are_allowed(room, organisation):
    first = book(room, organisation, at(0, 10), at(0, 11))
    second = book(room, organisation, at(0, 11), at(0, 12))
    assert first.status == second.status == BookingStatus.CONFIRMED


def test_overlapping_booking_is_refused_with_the_nearest_free_times(room, organisation):
    book(room, organisation, at(0, 10), at(0, 12))
    with pytest.raises(BookingConflict) as caught:
        book(room, OrganisationFactory(), at(0, 11), at(0, 12))
    assert not caught.value.just_taken
    assert "redan bokad" in caught.value.messages[0]
    free = caught.value.free_times
    assert free, "a conflict offers free times"
    for start, end in free:
        assert end - start == dt.timedelta(hours=1)
        assert end <= at(0, 10) or start >= at(0, 12)
    assert (at(0, 12), at(0, 13)) in free
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("starts_at", "ends_at", "attendees", "message"),
    [
        (
            lambda: timezone.now() - dt.timedelta(hours=2),
            lambda: timezone.now() - dt.timedelta(hours=1),
            4,
            "passerat",
        ),
        (lambda: at(0, 6), lambda: at(0, 7), 4, "öppettiderna"),
        (lambda: at(0, 21), lambda: at(0, 23), 4, "öppettiderna"),
        (lambda: at(0, 10), lambda: at(0, 11), 11, "plats för 10"),
    ],
    ids=["past", "before-opening", "after-closing", "over-capacity"],
)
def test_booking_breaking_a_rule_is_refused_with_a_clear_message(
    room, organisation, starts_at, ends_at, attendees, message
):
    with pytest.raises(ValidationError) as caught:
        book(room, organisation, starts_at(), ends_at(), attendees=attendees)
    assert message in " ".join(caught.value.messages)
    assert not Booking.objects.exists()


def test_booking_on_a_closed_weekday_is_refused(room, organisation):
    for weekday in range(5):
        OpeningHours.objects.create(room=room, weekday=weekday, opens=dt.time(9), closes=dt.time(17))
    with pytest.raises(ValidationError, match="stängd den veckodagen"):
        book(room, organisation, at(6, 10), at(6, 11))  # a Sunday


def test_booking_during_a_closure_of_the_room_or_the_building_is_refused(room, organisation):
    Closure.objects.create(room=room, starts_at=at(0, 0), ends_at=at(1, 0), reason="Underhåll")
    Closure.objects.create(room=None, starts_at=at(2, 12), ends_at=at(2, 18), reason="Personaldag")
    with pytest.raises(ValidationError, match="Underhåll"):
        book(room, organisation, at(0, 10), at(0, 11))
    with pytest.raises(ValidationError, match="Personaldag"):
        book(room, organisation, at(2, 13), at(2, 14))
    assert book(room, organisation, at(2, 10), at(2, 12)).pk


def test_nearest_free_times_skip_closures_and_closed_hours(room, organisation):
    book(room, organisation, at(0, 8), at(0, 22))
    Closure.objects.create(room=room, starts_at=at(1, 0), ends_at=at(1, 12), reason="Städning")
    free = nearest_free_times(room=room, starts_at=at(0, 10), ends_at=at(0, 11))
    assert (at(1, 12), at(1, 13)) in free
    assert all(start >= at(1, 12) or end <= at(0, 8) for start, end in free)


def test_room_needing_approval_gives_a_pending_booking_that_a_coordinator_confirms(
    organisation, representative, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    room = RoomFactory(requires_approval=True)
    booking = book(room, organisation, at(0, 10), at(0, 11), by=representative)
    assert booking.status == BookingStatus.PENDING
    # A pending request does not block another request for the same time, only a confirmed booking does.
    other_organisation = OrganisationFactory()
    other = book(room, other_organisation, at(0, 10), at(0, 11), by=representative_of(other_organisation))
    with django_capture_on_commit_callbacks(execute=True):
        booking_approve(booking=booking, decided_by=coordinator)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.decided_by == coordinator
    assert mailoutbox[0].to == [representative.email]
    with pytest.raises(BookingConflict):
        booking_approve(booking=other, decided_by=coordinator)
    booking_reject(booking=other, decided_by=coordinator, reason="Dubbelbokat")
    assert Booking.objects.get(pk=other.pk).status == BookingStatus.REJECTED


def test_coordinators_own_booking_in_an_approval_room_is_confirmed(organisation, coordinator):
    room = RoomFactory(requires_approval=True)
    assert book(room, organisation, at(0, 10), at(0, 11), by=coordinator).status == BookingStatus.CONFIRMED


def test_cancelled_booking_frees_its_time(room, organisation, representative):
    booking = book(room, organisation, at(0, 10), at(0, 11))
    booking_cancel(booking=booking, cancelled_by=representative)
    assert booking.status == BookingStatus.CANCELLED and booking.cancelled_at
    assert book(room, organisation, at(0, 10), at(0, 11)).pk
    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, cancelled_by=representative)


def test_series_plan_lists_colliding_occurrences_and_saves_nothing(room, organisation):
    book(room, OrganisationFactory(), at(14, 18), at(14, 19))
    Closure.objects.create(room=None, starts_at=at(21, 0), ends_at=at(22, 0), reason="Påsk")
    plan = booking_series_plan(
        room=room, starts_at=at(0, 18), ends_at=at(0, 20), expected_attendees=4, count=5
    )
    assert [occurrence.is_free for occurrence in plan] == [True, True, False, False, True]
    assert "redan bokad" in plan[2].problems[0] and "Påsk" in plan[3].problems[0]
    with pytest.raises(BookingSeriesConflict) as caught:
        booking_series_create(
            room=room,
            organisation=organisation,
            title="Språkcafé",
            starts_at=at(0, 18),
            ends_at=at(0, 20),
            expected_attendees=4,
            booked_by=None,
            count=5,
        )
    assert len(caught.value.occurrences) == 5
    assert Booking.objects.count() == 1


def test_series_with_skip_conflicts_books_the_free_occurrences_at_the_same_local_time(room, organisation):
    book(room, OrganisationFactory(), at(7, 18), at(7, 19))
    series = booking_series_create(
        room=room,
        organisation=organisation,
        title="Språkcafé",
        starts_at=at(0, 18),
        ends_at=at(0, 20),
        expected_attendees=4,
        booked_by=None,
        until=(at(35, 0)).date(),
        skip_conflicts=True,
    )
    occurrences = list(series.bookings.order_by("starts_at"))
    assert len(occurrences) == 5  # six Mondays, one taken
    assert {timezone.localtime(b.starts_at).time() for b in occurrences} == {dt.time(18)}


def test_rooms_free_finds_rooms_big_enough_open_and_not_booked(organisation):
    small = RoomFactory(name="Litet", capacity=4)
    big = RoomFactory(name="Stort", capacity=30)
    booked = RoomFactory(name="Bokat", capacity=30)
    closed = RoomFactory(name="Stängt", capacity=30)
    book(booked, organisation, at(0, 9), at(0, 12))
    Closure.objects.create(room=closed, starts_at=at(0, 0), ends_at=at(1, 0), reason="Målning")
    assert rooms_free(starts_at=at(0, 10), ends_at=at(0, 11), attendees=5) == [big]
    assert small in rooms_free(starts_at=at(0, 10), ends_at=at(0, 11), attendees=2)


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


@pytest.mark.parametrize("existing", [5, 150])
def test_booking_creation_query_count_does_not_grow_with_bookings(room, organisation, existing):
    other = OrganisationFactory()
    for day in range(existing):
        BookingFactory(room=room, organisation=other, starts_at=at(day, 9), ends_at=at(day, 10))
    count = _queries(lambda: book(room, organisation, at(0, 12), at(0, 13)))
    # opening hours, closures, overlap check, insert, and two savepoints with their releases
    assert count <= 8


def test_booking_creation_query_count_is_the_same_at_two_data_sizes(organisation):
    counts = []
    for existing in (5, 200):
        room = RoomFactory()
        Booking.objects.bulk_create(
            Booking(
                room=room,
                organisation=organisation,
                title="x",
                starts_at=at(1 + day, 9),
                ends_at=at(1 + day, 10),
                expected_attendees=1,
            )
            for day in range(existing)
        )
        counts.append(_queries(lambda room=room: book(room, organisation, at(0, 12), at(0, 13))))
    assert counts[0] == counts[1]


# --- through the booking form --------------------------------------------------------------------------------


def _form_data(room, organisation, **overrides) -> dict:
    data = {
        "organisation": organisation.pk,
        "room": room.pk,
        "title": "Medlemsmöte",
        "date": at(0, 0).date().isoformat(),
        "start": "10:00",
        "end": "12:00",
        "expected_attendees": 6,
    }
    return data | overrides


def test_representative_books_a_room_for_their_organisation(client, representative, organisation, room):
    client.force_login(representative)
    response = client.post(reverse("booking-create"), _form_data(room, organisation))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.organisation == organisation and booking.booked_by == representative
    assert booking.starts_at == at(0, 10)


def test_representative_cannot_book_for_another_organisation(client, representative, room):
    client.force_login(representative)
    response = client.post(reverse("booking-create"), _form_data(room, OrganisationFactory()))
    assert response.status_code == 200
    assert "organisation" in response.context["form"].errors
    assert not Booking.objects.exists()


def test_form_shows_the_conflict_and_free_times_instead_of_saving(client, representative, organisation, room):
    book(room, OrganisationFactory(), at(0, 9), at(0, 11))
    client.force_login(representative)
    response = client.post(reverse("booking-create"), _form_data(room, organisation))
    assert response.status_code == 200
    content = response.content.decode()
    assert "redan bokad" in content and "Närmaste lediga tider" in content
    assert Booking.objects.count() == 1


def test_form_lists_colliding_occurrences_of_a_series_before_saving(
    client, representative, organisation, room
):
    book(room, OrganisationFactory(), at(7, 10), at(7, 11))
    client.force_login(representative)
    data = _form_data(room, organisation, weekly="on", count=3)
    response = client.post(reverse("booking-create"), data)
    assert response.status_code == 200
    assert [o.is_free for o in response.context["occurrences"]] == [True, False, True]
    assert Booking.objects.count() == 1
    response = client.post(reverse("booking-create"), data | {"skip_conflicts": "on"})
    assert response.status_code == 302
    assert Booking.objects.filter(organisation=organisation).count() == 2


def test_representative_cancels_own_booking_but_not_anothers(client, representative, organisation, room):
    own = book(room, organisation, at(0, 10), at(0, 11))
    foreign = book(room, OrganisationFactory(), at(0, 12), at(0, 13))
    client.force_login(representative)
    assert client.post(reverse("booking-cancel", args=[own.pk])).status_code == 302
    assert client.post(reverse("booking-cancel", args=[foreign.pk])).status_code == 404
    assert Booking.objects.get(pk=own.pk).status == BookingStatus.CANCELLED
    assert Booking.objects.get(pk=foreign.pk).status == BookingStatus.CONFIRMED


def test_coordinator_approves_and_rejects_from_the_pending_page(client, coordinator, organisation):
    room = RoomFactory(requires_approval=True)
    first = book(room, organisation, at(0, 10), at(0, 11), by=representative_of(organisation))
    second = book(room, organisation, at(0, 12), at(0, 13), by=representative_of(organisation))
    client.force_login(coordinator)
    assert first.title in client.get(reverse("booking-pending")).content.decode()
    client.post(reverse("booking-approve", args=[first.pk]))
    client.post(reverse("booking-reject", args=[second.pk]), {"reason": "Stängt för städning"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == BookingStatus.CONFIRMED
    assert second.status == BookingStatus.REJECTED and second.rejection_reason == "Stängt för städning"


# --- through the admin ------------------------------------------------------------------------------------


def _admin_data(room, organisation, starts_at, ends_at) -> dict:
    local_start, local_end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    return {
        "room": room.pk,
        "organisation": organisation.pk,
        "title": "Från admin",
        "starts_at_0": local_start.date().isoformat(),
        "starts_at_1": local_start.strftime("%H:%M"),
        "ends_at_0": local_end.date().isoformat(),
        "ends_at_1": local_end.strftime("%H:%M"),
        "expected_attendees": 5,
    }


def test_admin_adds_bookings_through_the_same_rule(client, coordinator, organisation, room):
    book(room, OrganisationFactory(), at(0, 10), at(0, 12))
    client.force_login(coordinator)
    url = reverse("admin:collaboration_booking_add")
    response = client.post(url, _admin_data(room, organisation, at(0, 11), at(0, 13)))
    assert response.status_code == 200
    assert "redan bokad" in response.content.decode()
    response = client.post(url, _admin_data(room, organisation, at(0, 12), at(0, 13)))
    assert response.status_code == 302
    assert Booking.objects.filter(title="Från admin", status=BookingStatus.CONFIRMED).count() == 1


def test_admin_action_approves_pending_bookings(client, coordinator, organisation):
    room = RoomFactory(requires_approval=True)
    booking = book(room, organisation, at(0, 10), at(0, 11), by=representative_of(organisation))
    client.force_login(coordinator)
    client.post(
        reverse("admin:collaboration_booking_changelist"),
        {"action": "approve", "_selected_action": [booking.pk]},
    )
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
