"""The room grids are cached: every change to what they show is seen at once, by the right viewers only."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import OrganisationFactory, RoomFactory, UserFactory
from collaboration.models import Booking, BookingStatus, OpeningHours
from collaboration.services.booking_series import booking_series_cancel, booking_series_create
from collaboration.services.organisations import membership_confirm, membership_decline, membership_request
from collaboration.services.rooms import booking_approve, booking_cancel
from collaboration.shared import fragments

from .test_bookings import at, book

OWN = "Styrelsemöte (Föreningen Gemenskap)"


@pytest.fixture
def room(db):
    return RoomFactory(name="Konferensrum Öresund", capacity=24)


def _week_url(room, day: int = 0) -> str:
    return reverse("room-week", args=[room.pk]) + f"?vecka={at(day, 0).date().isoformat()}"


def _day_url(day: int = 0) -> str:
    return reverse("room-day") + f"?datum={at(day, 0).date().isoformat()}"


def _grid(client, url: str) -> str:
    """The grid of the page: the cached part (the page around it names "Upptaget" in a hint)."""
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    return content[content.index('<div class="timegrid') : content.index("<!-- /timegrid -->")]


def _grids(client, room, day: int = 0) -> tuple[str, str]:
    return _grid(client, _week_url(room, day)), _grid(client, _day_url(day))


def _both_show(client, room, text: str, day: int = 0) -> bool:
    week, today = _grids(client, room, day)
    return text in week and text in today


def _neither_shows(client, room, text: str, day: int = 0) -> bool:
    week, today = _grids(client, room, day)
    return text not in week and text not in today


def test_a_booking_made_shows_at_once(client, representative, organisation, room):
    client.force_login(representative)
    assert _neither_shows(client, room, OWN)  # both grids cached now
    book(room, organisation, at(0, 10), at(0, 11))
    assert _both_show(client, room, OWN)


def test_a_cancelled_booking_goes_at_once(client, representative, organisation, room):
    booking = book(room, organisation, at(0, 10), at(0, 11))
    client.force_login(representative)
    assert _both_show(client, room, OWN)
    booking_cancel(booking=booking, cancelled_by=representative)
    assert _neither_shows(client, room, OWN)


def test_a_cancelled_series_goes_at_once(client, representative, organisation, room):
    """Cancelling a series updates its bookings in bulk (no signals): the data-change triggers renew the page."""
    series = booking_series_create(
        room=room,
        organisation=organisation,
        title="Kör",
        starts_at=at(0, 18),
        ends_at=at(0, 19),
        expected_attendees=10,
        booked_by=representative,
        count=3,
    )
    client.force_login(representative)
    assert _both_show(client, room, "Kör (Föreningen Gemenskap)", day=7)
    assert booking_series_cancel(series=series, cancelled_by=representative) == 3
    assert _neither_shows(client, room, "Kör (Föreningen Gemenskap)", day=7)


def test_an_approved_booking_turns_from_requested_to_booked_at_once(
    client, representative, coordinator, organisation
):
    room = RoomFactory(requires_approval=True)
    booking = book(room, organisation, at(0, 10), at(0, 11), by=representative)
    assert booking.status == BookingStatus.PENDING
    client.force_login(representative)
    requested, booked = 'text-bg-warning">Förfrågan', 'text-bg-secondary">Bokat'
    assert _both_show(client, room, requested) and _neither_shows(client, room, booked)
    booking_approve(booking=booking, decided_by=coordinator)
    assert _both_show(client, room, booked) and _neither_shows(client, room, requested)


def test_a_closure_added_in_the_admin_shows_at_once(client, coordinator, room):
    client.force_login(coordinator)
    assert _neither_shows(client, room, "Golvslipning")
    start, end = timezone.localtime(at(0, 8)), timezone.localtime(at(0, 12))
    response = client.post(
        reverse("admin:collaboration_closure_add"),
        {
            "room": room.pk,
            "starts_at_0": start.date().isoformat(),
            "starts_at_1": start.strftime("%H:%M"),
            "ends_at_0": end.date().isoformat(),
            "ends_at_1": end.strftime("%H:%M"),
            "reason": "Golvslipning",
        },
    )
    assert response.status_code == 302
    assert _both_show(client, room, "Golvslipning")


def _room_admin_data(room, name: str, hours: list[tuple[int, str, str]]) -> dict:
    data = {
        "name": name,
        "kind": room.kind,
        "capacity": room.capacity,
        "equipment": "",
        "description": "",
        "is_active": "on",
        "opening_hours-TOTAL_FORMS": str(len(hours)),
        "opening_hours-INITIAL_FORMS": "0",
        "opening_hours-MIN_NUM_FORMS": "0",
        "opening_hours-MAX_NUM_FORMS": "7",
    }
    for index, (weekday, opens, closes) in enumerate(hours):
        data |= {
            f"opening_hours-{index}-weekday": weekday,
            f"opening_hours-{index}-opens": opens,
            f"opening_hours-{index}-closes": closes,
        }
    return data


def test_a_room_renamed_and_its_hours_changed_in_the_admin_show_at_once(
    client, coordinator, organisation, room
):
    client.force_login(coordinator)
    week, today = _grids(client, room)
    assert "Konferensrum Öresund" in week and "Konferensrum Öresund" in today
    assert "fran=08:00" in week  # open from 8 by default
    monday = at(0, 0).weekday()
    response = client.post(
        reverse("admin:collaboration_room_change", args=[room.pk]),
        _room_admin_data(room, "Stora salen", [(monday, "10:00", "12:00")]),
    )
    assert response.status_code == 302
    week, today = _grids(client, room)
    assert "Stora salen" in week and "Stora salen" in today
    assert "Konferensrum Öresund" not in week + today
    assert "fran=08:00" not in week and "fran=10:00" in week  # Monday opens at 10, other days are closed
    assert "Stora salen" in client.get(_week_url(room)).content.decode().split("<table")[0]  # the heading


def test_opening_hours_changed_show_at_once(client, representative, room):
    client.force_login(representative)
    assert _both_show(client, room, "fran=08:00")
    OpeningHours.objects.create(room=room, weekday=at(0, 0).weekday(), opens=dt.time(10), closes=dt.time(12))
    assert _neither_shows(client, room, "fran=08:00") and _both_show(client, room, "fran=10:00")


def test_a_room_taken_out_of_use_answers_404_at_once(client, room):
    assert client.get(_week_url(room)).status_code == 200
    room.is_active = False
    room.save()
    assert client.get(_week_url(room)).status_code == 404
    assert "Konferensrum Öresund" not in _grid(client, _day_url())


def test_an_organisation_renamed_shows_at_once(client, representative, coordinator, organisation, room):
    book(room, organisation, at(0, 10), at(0, 11))
    for viewer in (representative, coordinator):
        client.force_login(viewer)
        assert _both_show(client, room, OWN)
    organisation.name = "Gemenskapen i Malmö"
    organisation.save()
    for viewer in (representative, coordinator):
        client.force_login(viewer)
        assert _both_show(client, room, "Styrelsemöte (Gemenskapen i Malmö)")
        assert _neither_shows(client, room, OWN)


def test_a_membership_granted_or_ended_shows_at_once_to_that_person(
    client, representative, coordinator, organisation, room
):
    book(room, organisation, at(0, 10), at(0, 11))
    newcomer = UserFactory()
    client.force_login(newcomer)
    booking_link = reverse("booking-create") + "?lokal="
    assert _neither_shows(client, room, OWN) and _both_show(client, room, "Upptaget")
    assert _neither_shows(client, room, booking_link)

    membership_confirm(
        membership=membership_request(user=newcomer, organisation=organisation), confirmed_by=representative
    )
    client.force_login(newcomer)  # a new session: the role came with the membership
    assert _both_show(client, room, OWN) and _both_show(client, room, booking_link)

    membership_decline(membership=newcomer.memberships.get(), declined_by=coordinator)
    assert _neither_shows(client, room, OWN) and _both_show(client, room, "Upptaget")
    assert _neither_shows(client, room, booking_link)
    client.force_login(representative)  # the other representative still sees the title
    assert _both_show(client, room, OWN)


def test_other_organisations_bookings_stay_taken_to_representatives_whoever_saw_them_first(
    client, representative, coordinator, room
):
    book(room, OrganisationFactory(name="Grannföreningen"), at(0, 10), at(0, 11))
    Booking.objects.update(title="Hemligt möte")
    theirs = "Hemligt möte (Grannföreningen)"
    client.force_login(coordinator)
    assert _both_show(client, room, theirs)
    client.force_login(representative)
    assert _neither_shows(client, room, theirs) and _both_show(client, room, "Upptaget")
    client.logout()
    assert _neither_shows(client, room, theirs) and _both_show(client, room, "Upptaget")
    client.force_login(coordinator)
    assert _both_show(client, room, theirs)


def test_free_hours_turn_past_on_the_hour(client, room):
    week_url, day_url = _week_url(room), _day_url()  # before travelling: at() counts from today
    with time_machine.travel(at(0, 10, 30), tick=False):
        assert _grid(client, week_url).count("room-cell-past") == 2  # 08 and 09 on Monday
        assert _grid(client, day_url).count("room-cell-past") == 2
    with time_machine.travel(at(0, 10, 59), tick=False):
        assert _grid(client, week_url).count("room-cell-past") == 2
    with time_machine.travel(at(0, 11, 0), tick=False):
        assert _grid(client, week_url).count("room-cell-past") == 3
        assert _grid(client, day_url).count("room-cell-past") == 3
    with time_machine.travel(at(7, 0, 0), tick=False):  # the week is over: all of it has passed
        assert _grid(client, week_url).count("room-cell-past") == 7 * 14


# --- queries -------------------------------------------------------------------------------------------


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _fill_week(room, organisations, per_day: int) -> None:
    Booking.objects.bulk_create(
        Booking(
            room=room,
            organisation=organisations[(day + slot) % len(organisations)],
            title=f"Möte {day}-{slot}",
            starts_at=at(day, 8) + dt.timedelta(minutes=30 * slot),
            ends_at=at(day, 8) + dt.timedelta(minutes=30 * slot + 30),
            expected_attendees=3,
        )
        for day in range(7)
        for slot in range(per_day)
    )


def test_week_and_day_views_cost_the_page_frame_alone_once_cached(client, representative, organisation):
    """Cold: the room, whom the viewer represents, the opening hours, the bookings and the closures (the day
    view: the rooms with their hours, the bookings, the closures). Warm: nothing but the page frame and the data
    versions (collaboration/shared/fragments.py: one query per request)."""
    organisations = [organisation, *(OrganisationFactory() for _ in range(4))]
    client.force_login(representative)
    client.get(reverse("about"))  # session and roles read once, as for any page
    frame = _count(client, reverse("about"))
    counts = {}
    for size in (1, 25):
        room = RoomFactory()
        _fill_week(room, organisations, size)
        fragments.changed("memberships")  # whom the viewer represents is read again, too
        week, day = _week_url(room), _day_url()
        cold = (_count(client, week), _count(client, day))
        counts[size] = cold, (_count(client, week), _count(client, day))
        assert "Möte 0-0 (Föreningen Gemenskap)" in _grid(client, week)
    assert counts[1] == counts[25] == ((frame + 6, frame + 5), (frame + 1, frame + 1)), (frame, counts)
