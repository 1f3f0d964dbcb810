"""Changes reach those they concern: new time, place or link, and cancelling, with a growing SEQUENCE."""

import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.factories import EventFactory, RegistrationFactory
from events.models import EventStatus, PlaceKind, RegistrationStatus
from events.services.changes import event_change_announce
from events.services.events import event_cancel
from events.tests.admin_forms import event_change_data

pytestmark = pytest.mark.django_db


def _calendar(message) -> icalendar.Calendar:
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    return icalendar.Calendar.from_ical(attachment[1])


def _vevent(message) -> icalendar.Event:
    (vevent,) = _calendar(message).walk("VEVENT")
    return vevent


def test_moving_an_event_in_the_admin_tells_confirmed_and_waiting_with_a_newer_calendar_file(
    client, login_as, django_capture_on_commit_callbacks
):
    login_as("coordinator")
    event = EventFactory()
    RegistrationFactory(event=event, email="har-plats@example.org")
    RegistrationFactory(event=event, email="vantar@example.org", status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, email="avbokad@example.org", status=RegistrationStatus.CANCELLED)
    url = reverse("admin:events_event_change", args=[event.pk])
    later = timezone.localtime(event.starts_at) + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            event_change_data(
                event,
                starts_at_0=later.date().isoformat(),
                ends_at_0=later.date().isoformat(),
            ),
        )
    assert response.status_code == 302
    changed = [m for m in mail.outbox if m.subject.startswith("Ändrat")]
    assert sorted(m.to[0] for m in changed) == ["har-plats@example.org", "vantar@example.org"]
    assert "Ny tid:" in changed[0].body
    first = _vevent(changed[0])
    assert first["SEQUENCE"] == 1
    assert first.decoded("DTSTART") == later.replace(second=0, microsecond=0)
    assert first["UID"] == f"event-{event.pk}@malmoandan.se"

    # A second change: the sequence grows again; the place this time.
    event.refresh_from_db()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, event_change_data(event, address="Nobelvägen 99, Malmö"))
    second = [m for m in mail.outbox if m.subject.startswith("Ändrat")]
    assert len(second) == 2 and "Ny plats: Nobelvägen 99, Malmö" in second[0].body
    assert _vevent(second[0])["SEQUENCE"] == 2
    event.refresh_from_db()
    assert event.sequence == 2

    # A change of what participants need not hear (the title) tells no one and keeps the sequence.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, event_change_data(event, title="Ny rubrik"))
    assert not [m for m in mail.outbox if m.subject.startswith("Ändrat")]
    event.refresh_from_db()
    assert event.sequence == 2


def test_a_new_online_link_goes_only_to_those_holding_a_place(django_capture_on_commit_callbacks):
    event = EventFactory(place_kind=PlaceKind.ONLINE, address="", online_link="https://meet.example.org/ny")
    RegistrationFactory(event=event, email="plats@example.org")
    RegistrationFactory(event=event, email="kö@example.org", status=RegistrationStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        assert event_change_announce(event=event, changed_fields=["online_link"]) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "https://meet.example.org/ny" in by_address["plats@example.org"].body
    assert "https://meet.example.org/ny" in str(_vevent(by_address["plats@example.org"])["LOCATION"])
    assert "https://meet.example.org/ny" not in by_address["kö@example.org"].body
    assert "https://meet.example.org/ny" not in by_address["kö@example.org"].attachments[0][1]


def test_drafts_and_past_events_tell_no_one(django_capture_on_commit_callbacks):
    draft = EventFactory(status=EventStatus.DRAFT)
    RegistrationFactory(event=draft)
    now = timezone.now()
    past = EventFactory(starts_at=now - dt.timedelta(days=2), ends_at=now - dt.timedelta(days=2, hours=-1))
    RegistrationFactory(event=past)
    with django_capture_on_commit_callbacks(execute=True):
        assert event_change_announce(event=draft, changed_fields=["starts_at"]) == 0
        assert event_change_announce(event=past, changed_fields=["starts_at"]) == 0
    assert mail.outbox == []
    draft.refresh_from_db()
    assert draft.sequence == 0


def test_cancelling_sends_a_cancel_calendar_file_with_a_higher_sequence(django_capture_on_commit_callbacks):
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    RegistrationFactory(event=event, email="b@example.org", status=RegistrationStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        event_change_announce(event=event, changed_fields=["ends_at"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=event)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    calendar = _calendar(mail.outbox[0])
    assert calendar["METHOD"] == "CANCEL"
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SEQUENCE"] == 2


def test_the_event_calendar_download_carries_the_sequence(client, django_capture_on_commit_callbacks):
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        event_change_announce(event=event, changed_fields=["starts_at"])
    response = client.get(reverse("events:event-ics", kwargs={"pk": event.pk}))
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent["SEQUENCE"] == 1
    assert "LAST-MODIFIED" in vevent


def test_a_trainings_changed_session_is_a_change_of_time(
    client, login_as, django_capture_on_commit_callbacks
):
    from events.models import Session

    login_as("coordinator")
    event = EventFactory()
    start = event.starts_at
    session = Session.objects.create(
        event=event, title="Träff 1", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    RegistrationFactory(event=event, email="kursdeltagare@example.org")
    later = timezone.localtime(start) + dt.timedelta(hours=1)
    data = event_change_data(event) | {
        "sessions-TOTAL_FORMS": "1",
        "sessions-INITIAL_FORMS": "1",
        "sessions-0-id": session.pk,
        "sessions-0-event": event.pk,
        "sessions-0-title": "Träff 1",
        "sessions-0-starts_at_0": later.date().isoformat(),
        "sessions-0-starts_at_1": later.strftime("%H:%M"),
        "sessions-0-ends_at_0": later.date().isoformat(),
        "sessions-0-ends_at_1": (later + dt.timedelta(hours=1)).strftime("%H:%M"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    (message,) = [m for m in mail.outbox if m.subject.startswith("Ändrat")]
    (vevent,) = _calendar(message).walk("VEVENT")
    assert (
        vevent["SEQUENCE"] == 1
        and str(vevent["UID"]) == f"event-{event.pk}-session-{session.pk}@malmoandan.se"
    )
