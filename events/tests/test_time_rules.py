"""One time rule: the door list's marking and the evaluation open when the event starts, page and service alike."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.factories import EventFactory, RegistrationFactory
from events.models import Evaluation, RegistrationStatus
from events.tokens import EVALUATION, token_make

pytestmark = pytest.mark.django_db


def _event(minutes_from_now: int):
    # Later the same day: the old day-based rule would have let the door list open already.
    return EventFactory(
        starts_at=timezone.now() + dt.timedelta(minutes=minutes_from_now),
        ends_at=timezone.now() + dt.timedelta(minutes=minutes_from_now + 60),
    )


def _attendance_url(registration):
    return reverse(
        "events:registration-attendance",
        kwargs={"pk": registration.event_id, "registration_pk": registration.pk},
    )


def test_before_the_start_the_door_list_has_no_marking_buttons_and_refuses_the_post(client, login_as):
    registration = RegistrationFactory(event=_event(30))
    login_as("coordinator")
    page = client.get(
        reverse("events:participant-list", kwargs={"pk": registration.event_id})
    ).content.decode()
    assert _attendance_url(registration) not in page
    assert f'action="{reverse("events:evaluation-invite", kwargs={"pk": registration.event_id})}"' not in page
    assert "Närvaro och utvärdering öppnar när evenemanget har börjat." in page

    response = client.post(_attendance_url(registration), {"attended": "1"}, follow=True)
    assert "Närvaro kan markeras när evenemanget har börjat." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED

    response = client.post(
        reverse("events:evaluation-invite", kwargs={"pk": registration.event_id}), follow=True
    )
    assert "Utvärderingen öppnar när evenemanget har börjat." in response.content.decode()


def test_after_the_start_marking_and_inviting_work(client, login_as, django_capture_on_commit_callbacks):
    registration = RegistrationFactory(event=_event(-5))
    login_as("coordinator")
    page = client.get(
        reverse("events:participant-list", kwargs={"pk": registration.event_id})
    ).content.decode()
    assert _attendance_url(registration) in page
    assert f'action="{reverse("events:evaluation-invite", kwargs={"pk": registration.event_id})}"' in page

    client.post(_attendance_url(registration), {"attended": "1"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:evaluation-invite", kwargs={"pk": registration.event_id}))
    assert [m.to for m in mail.outbox] == [[registration.email]]


def test_the_evaluation_link_shows_no_form_before_the_start_and_refuses_the_post(client):
    registration = RegistrationFactory(event=_event(30), status=RegistrationStatus.ATTENDED)
    url = reverse("events:evaluation-create", kwargs={"token": token_make(EVALUATION, registration.pk)})
    page = client.get(url).content.decode()
    assert 'name="rating"' not in page
    assert "Utvärderingen öppnar när evenemanget har börjat." in page
    response = client.post(url, {"rating": "5", "comment": ""})
    assert "Utvärderingen öppnar när evenemanget har börjat." in response.content.decode()
    assert not Evaluation.objects.exists()


def test_the_evaluation_link_takes_an_answer_after_the_start(client):
    registration = RegistrationFactory(event=_event(-5), status=RegistrationStatus.ATTENDED)
    url = reverse("events:evaluation-create", kwargs={"token": token_make(EVALUATION, registration.pk)})
    assert 'name="rating"' in client.get(url).content.decode()
    client.post(url, {"rating": "4", "comment": ""})
    assert Evaluation.objects.get().rating == 4
