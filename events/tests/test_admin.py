import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import OrganisationFactory, RoomFactory
from events.factories import EventFactory, RegistrationFactory
from events.models import Event
from events.tests.admin_forms import event_change_data
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
    for prefix in ("sessions", "presenters", "questions", "topics", "head_count", "paper_evaluations"):
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


def test_raising_capacity_in_the_admin_promotes_the_first_waiting(
    client, login_as, django_capture_on_commit_callbacks
):
    from django.core import mail

    from events.models import RegistrationStatus

    login_as("coordinator")
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, position=1)
    waiting = RegistrationFactory(
        event=event, position=2, status=RegistrationStatus.WAITING, email="v@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:events_event_change", args=[event.pk]), event_change_data(event, capacity=2)
        )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert any(m.to == ["v@example.org"] for m in mail.outbox)


def test_cancelling_in_the_admin_tells_everyone(client, login_as, django_capture_on_commit_callbacks):
    from django.core import mail

    login_as("coordinator")
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:events_event_change", args=[event.pk]),
            event_change_data(event, status="cancelled"),
        )
    event.refresh_from_db()
    assert event.status == "cancelled"
    assert [m.to for m in mail.outbox if "Inställt" in m.subject] == [["a@example.org"]]


def test_coordinator_adds_someone_who_came_to_a_past_event_in_the_admin(client, login_as):
    login_as("coordinator")
    starts = timezone.now() - dt.timedelta(days=3)
    event = EventFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=1), capacity=1)
    first = RegistrationFactory(event=event, status="attended")
    response = client.post(
        reverse("admin:events_registration_add"),
        {
            "event": event.pk,
            "name": "Efter Hand",
            "email": "",
            "organisation_name": "Grannföreningen",
            "sector": "civil_society",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = event.registrations.get(name="Efter Hand")
    assert (added.status, added.source) == ("attended", "walk_in") and added.position > first.position
    assert event.participation()["total"] == 2
