"""Mail never runs inside a request: every message is queued on commit for a Celery task that retries (issue 14)."""

import socket
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse

from collaboration.models import User
from collaboration.services.users import email_send
from collaboration.shared import mail as portal_mail
from collaboration.shared.mail import message_deserialise, message_serialise
from collaboration.tasks import EMAIL_MAX_RETRIES, email_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(settings):
    """SMTP pointed at a port on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 2
    with mock.patch.object(email_deliver, "retry", wraps=email_deliver.retry) as retry:
        yield retry


def _sign_up(client, email="ny@example.org"):
    return client.post(
        reverse("account_signup"),
        {
            "email": email,
            "first_name": "Nina",
            "last_name": "Ny",
            "password1": "ett-bra-lösenord-77",
            "password2": "ett-bra-lösenord-77",
        },
    )


def test_nothing_is_sent_before_the_transaction_commits_nor_after_a_rollback(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            email_send(subject="Kvar", body="Hej", to=["a@example.org"])
            assert mail.outbox == []  # queued, not sent
        try:
            with transaction.atomic():
                email_send(subject="Ångrat", body="Hej", to=["b@example.org"])
                raise RuntimeError
        except RuntimeError:
            pass
    assert len(callbacks) == 1
    assert [m.subject for m in mail.outbox] == ["Kvar"]


def test_allauths_mails_go_through_the_queue(client, django_capture_on_commit_callbacks):
    with mock.patch("collaboration.shared.mail._queue", wraps=portal_mail._queue) as queue:
        with django_capture_on_commit_callbacks(execute=True):
            _sign_up(client)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("account_reset_password"), {"email": "ny@example.org"})
    assert queue.call_count == 2
    assert len(mail.outbox) == 2


def test_with_smtp_down_sign_up_answers_normally_and_the_mail_is_retried_up_to_the_cap(
    client, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _sign_up(client)
    assert response.status_code == 302
    user = User.objects.get(email="ny@example.org")  # the whole account, not half of it
    assert EmailAddress.objects.filter(user=user, email="ny@example.org", verified=False).exists()
    assert smtp_down.call_count == EMAIL_MAX_RETRIES + 1  # every try failed; the last one gives up
    countdowns = [call.kwargs.get("countdown") for call in smtp_down.call_args_list]
    assert all(0 <= countdown <= 3600 for countdown in countdowns)


def test_with_smtp_down_password_reset_answers_normally(
    client, representative, smtp_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": representative.email})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert smtp_down.call_count == EMAIL_MAX_RETRIES + 1


def test_a_failing_send_is_retried_and_succeeds_when_the_server_answers_again():
    message = message_serialise(EmailMessage(subject="Till slut", body="Hej", to=["a@example.org"]))
    real = mail.get_connection
    attempts = []

    def flaky(*args, **kwargs):
        attempts.append(1)
        if len(attempts) < 3:
            raise ConnectionRefusedError("SMTP is down")
        return real(*args, **kwargs)

    with mock.patch("collaboration.shared.mail.get_connection", side_effect=flaky):
        assert email_deliver.apply(args=[message], throw=False).get() is True
    assert len(attempts) == 3
    assert [m.subject for m in mail.outbox] == ["Till slut"]


def test_a_redelivered_task_does_not_send_the_mail_twice():
    message = message_serialise(EmailMessage(subject="En gång", body="Hej", to=["a@example.org"]))
    assert email_deliver.apply(args=[message], throw=False).get() is True
    assert email_deliver.apply(args=[message], throw=False).get() is False
    assert len(mail.outbox) == 1


def test_a_message_survives_serialisation_with_its_alternatives_and_attachments():
    original = mail.EmailMultiAlternatives(
        subject="Bifogat", body="Text", to=["a@example.org"], cc=["c@example.org"], reply_to=["r@example.org"]
    )
    original.attach_alternative("<p>Text</p>", "text/html")
    original.attach("evenemang.ics", "BEGIN:VCALENDAR", "text/calendar")
    original.attach("bild.png", b"\x89PNG\x00\xff", "image/png")
    copy = message_deserialise(message_serialise(original))
    assert (copy.subject, copy.body, copy.to, copy.cc, copy.reply_to) == (
        "Bifogat",
        "Text",
        ["a@example.org"],
        ["c@example.org"],
        ["r@example.org"],
    )
    assert copy.alternatives[0][:2] == ("<p>Text</p>", "text/html")
    assert [(a.filename, a.content) for a in copy.attachments] == [
        ("evenemang.ics", "BEGIN:VCALENDAR"),
        ("bild.png", b"\x89PNG\x00\xff"),
    ]


def test_a_ready_mime_part_survives_serialisation_as_the_same_part():
    from email.mime.text import MIMEText

    original = EmailMessage(subject="Inbjudan", body="Text", to=["a@example.org"])
    original.attach(MIMEText("BEGIN:VCALENDAR", "calendar", "utf-8"))
    copy = message_deserialise(message_serialise(original))
    [part] = copy.attachments
    assert part.get_content_type() == "text/calendar"
    assert part.get_payload(decode=True) == b"BEGIN:VCALENDAR"
    assert "text/calendar" in copy.message().as_string()


def test_a_subject_stored_with_a_line_break_is_folded_and_the_mail_still_goes(
    db, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        mail.send_mail("Omröstning:\r\nfokusområde 2027", "Text", None, ["a@example.org"])
    assert [m.subject for m in mail.outbox] == ["Omröstning: fokusområde 2027"]
