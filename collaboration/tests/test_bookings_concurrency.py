"""No two confirmed bookings of a room overlap, also when many requests race (PostgreSQL only)."""

import datetime as dt
import random
import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.utils import timezone

from collaboration.factories import (
    BookingFactory,
    MembershipFactory,
    OrganisationFactory,
    RoomFactory,
    UserFactory,
)
from collaboration.models import Booking, MembershipRole
from collaboration.services.rooms import BookingConflict, booking_create

OVERLAPPING_PAIRS_SQL = """
    SELECT count(*) FROM collaboration_booking a
    JOIN collaboration_booking b
      ON a.room_id = b.room_id AND a.id < b.id
     AND tstzrange(a.starts_at, a.ends_at, '[)') && tstzrange(b.starts_at, b.ends_at, '[)')
    WHERE a.status = 'confirmed' AND b.status = 'confirmed'
"""


def _day_after_tomorrow(hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=2)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_concurrent_booking_attempts_never_overlap():
    rooms = [RoomFactory(capacity=40), RoomFactory(capacity=40)]
    organisations = [OrganisationFactory() for _ in range(5)]
    user = UserFactory()  # books for all five, as their representative (only one who acts for it may book)
    for organisation in organisations:
        MembershipFactory(user=user, organisation=organisation, role=MembershipRole.REPRESENTATIVE)
    rng = random.Random(4)
    base = _day_after_tomorrow(9)
    attempts = []
    for _ in range(200):
        start = base + dt.timedelta(minutes=15 * rng.randint(0, 32))  # 09:00–17:00
        attempts.append((rng.choice(rooms), start, start + dt.timedelta(minutes=15 * rng.randint(2, 12))))

    threads_count = 20
    barrier = threading.Barrier(threads_count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        try:
            barrier.wait()
            for room, starts_at, ends_at in attempts[index::threads_count]:
                try:
                    booking_create(
                        room=room,
                        organisation=rng.choice(organisations),
                        title="Kapplöpning",
                        starts_at=starts_at,
                        ends_at=ends_at,
                        expected_attendees=5,
                        booked_by=user,
                    )
                    outcome = "booked"
                except BookingConflict as conflict:
                    outcome = "just_taken" if conflict.just_taken else "taken"
                except Exception as error:
                    outcome = f"error: {error!r}"
                with lock:
                    outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    errors = [outcome for outcome in outcomes if outcome.startswith("error")]
    assert len(outcomes) == 200 and not errors, errors[:3]
    assert outcomes.count("booked") == Booking.objects.count() >= 2
    with connection.cursor() as cursor:
        cursor.execute(OVERLAPPING_PAIRS_SQL)
        assert cursor.fetchone()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db
def test_losing_the_race_at_the_database_says_the_time_was_just_taken(organisation):
    room = RoomFactory()
    starts_at = _day_after_tomorrow(10)
    BookingFactory(room=room, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1))
    # The other request committed between our check and our insert: only the constraint can see it.
    with (
        mock.patch("collaboration.services.rooms.booking_check"),
        pytest.raises(BookingConflict) as caught,
    ):
        booking_create(
            room=room,
            organisation=organisation,
            title="Sen",
            starts_at=starts_at + dt.timedelta(minutes=30),
            ends_at=starts_at + dt.timedelta(hours=2),
            expected_attendees=3,
            booked_by=None,
        )
    assert caught.value.just_taken
    assert "precis bokad" in caught.value.messages[0]
    assert caught.value.free_times
    assert Booking.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_exclusion_constraint_allows_adjacent_and_cancelled_overlaps(organisation):
    room = RoomFactory()
    starts_at = _day_after_tomorrow(10)
    BookingFactory(room=room, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1))
    BookingFactory(
        room=room, starts_at=starts_at + dt.timedelta(hours=1), ends_at=starts_at + dt.timedelta(hours=2)
    )
    BookingFactory(
        room=room, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=2), status="cancelled"
    )
    assert Booking.objects.count() == 3
