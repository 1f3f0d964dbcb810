"""The beat's tasks retry a passing database failure, give up at their cap, and never send a reminder twice."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from events import tasks
from events.factories import EventFactory, RegistrationFactory
from events.services import mail as event_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def tomorrows_event():
    noon = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=1), dt.time(12)))
    event = EventFactory(starts_at=noon, ends_at=noon + dt.timedelta(hours=1))
    RegistrationFactory(event=event, email="forsta@example.org")
    RegistrationFactory(event=event, email="andra@example.org")
    return event


def test_a_reminder_run_that_fails_half_way_is_retried_and_sends_each_reminder_once(
    tomorrows_event, django_capture_on_commit_callbacks
):
    real = event_mail.registration_reminder_send
    calls = []

    def second_fails_once(*, registration, **options):
        calls.append(registration.email)
        if len(calls) == 2:
            raise OperationalError("database went away")
        return real(registration=registration, **options)

    with (
        mock.patch.object(event_mail, "registration_reminder_send", side_effect=second_fails_once),
        mock.patch.object(tasks.send_reminders, "retry", wraps=tasks.send_reminders.retry) as retry,
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = tasks.send_reminders.apply(throw=False)
    assert retry.call_count == 1
    assert result.get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["andra@example.org", "forsta@example.org"]


def test_a_reminder_run_that_keeps_failing_gives_up_at_the_cap(
    tomorrows_event, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(
            event_mail, "registration_reminder_send", side_effect=OperationalError("down")
        ) as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = tasks.send_reminders.apply()
    assert result.failed() and isinstance(result.result, OperationalError)
    assert send.call_count == tasks.RETRY["max_retries"] + 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    "task", [tasks.send_reminders, tasks.send_evaluation_invitations, tasks.send_coordinator_digest]
)
def test_every_beat_task_declares_capped_retries_with_backoff_and_jitter(task):
    assert task.autoretry_for and task.max_retries == 3
    assert task.retry_backoff and task.retry_jitter and task.retry_backoff_max == 600
