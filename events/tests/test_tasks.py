import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from events.factories import EventFactory, RegistrationFactory
from events.models import EventKind, RegistrationStatus
from events.services.reminders import coordinator_digest_send, evaluation_invitations_send, reminders_send
from events.yearplan import year_cycle

pytestmark = pytest.mark.django_db


def test_reminder_goes_once_to_confirmed_participants_of_tomorrows_events(django_capture_on_commit_callbacks):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    noon = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(12)))
    event = EventFactory(starts_at=noon, ends_at=noon + dt.timedelta(hours=1))
    RegistrationFactory(event=event, email="kommer@example.org")
    RegistrationFactory(event=event, email="vantar@example.org", status=RegistrationStatus.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 1
        assert reminders_send() == 0
    assert [m.to for m in mail.outbox] == [["kommer@example.org"]]


def test_evaluation_invitations_go_once_to_attendees(django_capture_on_commit_callbacks):
    now = timezone.now()
    event = EventFactory(starts_at=now - dt.timedelta(hours=5), ends_at=now - dt.timedelta(hours=3))
    RegistrationFactory(event=event, status=RegistrationStatus.ATTENDED, email="var@example.org")
    RegistrationFactory(event=event, status=RegistrationStatus.NO_SHOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluation_invitations_send() == 1
        assert evaluation_invitations_send() == 0
    assert "/evenemang/utvardering/" in mail.outbox[0].body


def test_year_cycle_shows_done_planned_and_missing(coordinator, django_capture_on_commit_callbacks):
    year = timezone.localdate().year + 1
    at = lambda month, day=10: timezone.make_aware(dt.datetime(year, month, day, 13))  # noqa: E731
    EventFactory(kind=EventKind.DIALOGUE_FORUM, starts_at=at(2), ends_at=at(2) + dt.timedelta(hours=3))
    items = year_cycle(year, today=dt.date(year, 1, 5))
    forum_feb = items[0]
    assert forum_feb.state == "planned" and len(forum_feb.planned) == 1
    workshop_nov = next(i for i in items if i.first_month == 11)
    assert workshop_nov.state == "missing"
    with django_capture_on_commit_callbacks(execute=True):
        assert coordinator_digest_send(today=dt.date(year, 1, 5)) == 1
    assert "Dialogforum" in mail.outbox[0].body


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_reminders_follow_each_events_own_setting(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    in_three = today + dt.timedelta(days=3)
    early = EventFactory(starts_at=_at(in_three), ends_at=_at(in_three, 14), reminder_days_before=3)
    early.reminder_text = "Ta med matlåda."
    early.save()
    RegistrationFactory(event=early, email="tidigt@example.org")
    default = EventFactory(starts_at=_at(in_three), ends_at=_at(in_three, 14))  # the day before
    RegistrationFactory(event=default, email="dagen-fore@example.org")
    tomorrow = today + dt.timedelta(days=1)
    silent = EventFactory(starts_at=_at(tomorrow), ends_at=_at(tomorrow, 14), reminder_enabled=False)
    RegistrationFactory(event=silent, email="ingen@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=today) == 1
    (message,) = mail.outbox
    assert message.to == ["tidigt@example.org"]
    assert "Ta med matlåda." in message.body and "om 3 dagar" in message.body
    assert message.subject.startswith("Påminnelse:")
    mail.outbox.clear()
    # Two days later the default event's day before has come; the early one was already reminded.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=today + dt.timedelta(days=2)) == 1
    assert [m.to for m in mail.outbox] == [["dagen-fore@example.org"]]
    assert mail.outbox[0].subject.startswith("Påminnelse i morgon")


def test_a_missed_reminder_day_is_caught_up_while_the_event_is_still_ahead(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    in_two = today + dt.timedelta(days=2)
    event = EventFactory(starts_at=_at(in_two), ends_at=_at(in_two, 14), reminder_days_before=5)
    RegistrationFactory(event=event, email="sen@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(today=today) == 1
        assert reminders_send(today=today) == 0


def test_the_admin_refuses_a_reminder_period_out_of_range(client, login_as):
    from django.urls import reverse

    from events.tests.admin_forms import event_change_data

    login_as("coordinator")
    event = EventFactory()
    response = client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_change_data(event, reminder_days_before=0),
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert event.reminder_days_before == 1
