"""The local run (`make run`: DEBUG, no SMTP host) prints e-mails as people read them and each log line once."""

import importlib
import logging

import pytest
from django.core.mail import EmailMultiAlternatives

pytestmark = pytest.mark.django_db

SUBJECT = "Påminnelse: Dialogforum – grön omställning på Nobelvägen 21"
BODY = "Hej Åsa!\n\nVälkommen till dialogforumet på Nobel 21. " + "Vi ses där, på Möllevången. " * 5


def test_without_an_smtp_host_mail_is_delivered_by_the_readable_console_backend(monkeypatch):
    import malmoandan.settings as portal_settings

    monkeypatch.delenv("EMAIL_HOST", raising=False)
    try:
        fresh = importlib.reload(portal_settings)
        assert fresh.EMAIL_DELIVERY_BACKEND == "collaboration.shared.mail.ReadableConsoleEmailBackend"
    finally:
        importlib.reload(portal_settings)


def test_the_console_shows_the_subject_decoded_and_the_body_as_text(
    settings, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_DELIVERY_BACKEND = "collaboration.shared.mail.ReadableConsoleEmailBackend"
    message = EmailMultiAlternatives(
        SUBJECT, BODY, "Malmöandan <noreply@malmoandan.se>", ["åsa@example.se"], bcc=["samordnare@example.se"]
    )
    message.attach_alternative("<p>Hej Åsa!</p>", "text/html")
    message.attach("inbjudan.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    with django_capture_on_commit_callbacks(execute=True):
        message.send()  # the portal's way: queued on commit, delivered by the task (in-process here)
    printed = capsys.readouterr().out
    assert f"Subject: {SUBJECT}\n" in printed
    assert "From: Malmöandan <noreply@malmoandan.se>\n" in printed
    assert "To: åsa@example.se\n" in printed and "Bcc: samordnare@example.se\n" in printed
    assert BODY.rstrip() in printed
    assert "[text/html]" in printed and "[text/calendar: inbjudan.ics]" in printed
    for wire_format in ("=?utf-8?", "Content-Transfer-Encoding", "=C3=A5", "<p>Hej"):
        assert wire_format not in printed
    assert printed.endswith("-" * 79 + "\n")


def _console_handlers(name: str) -> list[logging.Handler]:
    """The configured stream handlers a record of logger `name` reaches (pytest's own capture left out)."""
    found, logger = [], logging.getLogger(name)
    while logger is not None:
        found += [
            handler
            for handler in logger.handlers
            if isinstance(handler, logging.StreamHandler)
            and not type(handler).__module__.startswith("_pytest")
        ]
        logger = logger.parent if logger.propagate else None
    return found


@pytest.mark.parametrize(
    "name", ["django.request", "django.security.csrf", "events", "collaboration.shared.mail"]
)
def test_each_log_record_reaches_the_console_once_with_debug_on(settings, name):
    from django.utils.log import configure_logging

    settings.DEBUG = True  # Django's defaults give "django" its own console handler only when DEBUG
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
    assert len(_console_handlers(name)) == 1
