import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import OrganisationFactory, RoomFactory
from events.factories import EventFactory, RegistrationFactory
from events.models import Event
from steering.factories import FocusAreaFactory

pytestmark = pytest.mark.django_db


def test_coordinator_creates_a_nobel21_event_in_the_admin_which_books_the_room_and_gets_the_years_focus(
    client, login_as
):
    login_as("coordinator")
    room = RoomFactory(capacity=40)
    host = OrganisationFactory()
    day = timezone.localdate() + dt.timedelta(days=14)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    focus = FocusAreaFactory(start_year=day.year)
    data = {
        "kind": "larandelunch",
        "title": "Lärandelunch om fonder",
        "status": "published",
        "organisers": [host.pk],
        "starts_at_0": day.isoformat(),
        "starts_at_1": "12:00",
        "ends_at_0": day.isoformat(),
        "ends_at_1": "13:00",
        "place_kind": "nobel21",
        "room": room.pk,
        "capacity": 20,
    }
    for prefix in ("sessions", "presenters", "topics"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Lärandelunch om fonder")
    assert event.focus_area == focus
    assert event.booking is not None and event.booking.room == room


def test_admin_pages_open_for_coordinators(client, login_as):
    login_as("coordinator")
    registration = RegistrationFactory(event=EventFactory())
    for url in (
        reverse("admin:events_event_change", args=[registration.event_id]),
        reverse("admin:events_registration_change", args=[registration.pk]),
        reverse("admin:events_event_add"),
    ):
        assert client.get(url).status_code == 200, url
