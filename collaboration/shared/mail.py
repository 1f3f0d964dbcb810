"""Mail never leaves from inside a request: the portal's e-mail backend queues each message for a Celery task.

`EMAIL_BACKEND` points here, so every sender (allauth's verification, password reset and login-code mails, the
portal's own `email_send`, Django's admin mails) goes the same way without having to remember it. The message
is serialised to JSON-safe data and handed to `collaboration.tasks.email_deliver` when the current transaction
commits (at once outside a transaction); the task sends it through `EMAIL_DELIVERY_BACKEND` (SMTP in production,
the console locally, readably: `ReadableConsoleEmailBackend`) and retries with backoff while the server does not answer.
"""

import base64
import email
import email.policy
import logging
from email.message import Message
from email.mime.base import MIMEBase
from email.policy import Policy, compat32

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends import console
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.core.mail.utils import DNS_NAME
from django.db import transaction

logger = logging.getLogger(__name__)


def message_serialise(message: EmailMessage) -> dict:
    """Everything needed to rebuild the message in a worker, as JSON-safe data.

    The message gets its Message-ID here, so a resent copy is recognisable (the task skips one already sent).
    """
    headers = {str(name): str(value) for name, value in message.extra_headers.items()}
    if not any(name.lower() == "message-id" for name in headers):
        headers["Message-ID"] = make_msgid(domain=DNS_NAME)
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):  # a ready MIME part
            attachments.append({"mime": base64.b64encode(attachment.as_bytes()).decode("ascii")})
            continue
        filename, content, mimetype = attachment
        if isinstance(content, bytes):
            attachments.append(
                {
                    "filename": filename,
                    "base64": base64.b64encode(content).decode("ascii"),
                    "mimetype": mimetype,
                }
            )
        else:
            attachments.append({"filename": filename, "text": content, "mimetype": mimetype})
    return {
        # A line break would make Django refuse the header in the worker and the mail would be lost; the forms
        # refuse one where it is typed, and text stored before that rule is folded onto one line here.
        "subject": " ".join(str(message.subject).split()),
        "body": str(message.body),
        "from_email": str(message.from_email) if message.from_email else None,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


class _ReadMimePart(MIMEBase):
    """A ready MIME part read back from its bytes. Django attaches a part as it is only when it is a MIMEBase
    (a plain `email.message.Message` is taken for a file name without content and refused), and the parser
    sets the headers from the bytes, which MIMEBase's own constructor would set anew."""

    def __init__(self, policy: Policy = compat32) -> None:
        Message.__init__(self, policy)


def message_deserialise(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(item) for item in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for attachment in data["attachments"]:
        if "mime" in attachment:
            message.attach(
                email.message_from_bytes(base64.b64decode(attachment["mime"]), _class=_ReadMimePart)
            )
        elif "base64" in attachment:
            content = base64.b64decode(attachment["base64"])
            message.attach(attachment["filename"], content, attachment["mimetype"])
        else:
            message.attach(attachment["filename"], attachment["text"], attachment["mimetype"])
    return message


def message_id(data: dict) -> str:
    return next(value for name, value in data["headers"].items() if name.lower() == "message-id")


def delivery_connection():
    """The backend that really sends (SMTP or console); never this module's, which would queue again."""
    return get_connection(settings.EMAIL_DELIVERY_BACKEND)


def _queue(data: dict) -> None:
    from ..tasks import email_deliver

    if email_deliver.app.conf.task_always_eager:
        # Tasks in-process (no broker): run here, retries included (without their waits); a failure is logged,
        # never raised into the request that sent the mail.
        result = email_deliver.apply(args=[data])
        if result.failed():
            logger.error("E-mail %s to %s given up: %r", data["subject"], data["to"], result.result)
    else:
        email_deliver.delay(data)


def _queue_later(data: dict):
    def queue_email() -> None:  # a named function: Django logs a failed robust callback by its name
        _queue(data)

    return queue_email


class CeleryEmailBackend(BaseEmailBackend):
    """Queue each message for the `email_deliver` task after the current transaction commits.

    A rolled-back transaction sends nothing. `robust=True`: a broker (or, with tasks in-process, an SMTP server)
    that fails is logged and never turns the page that caused the mail into an error.
    """

    def send_messages(self, email_messages) -> int:
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            transaction.on_commit(_queue_later(message_serialise(message)), robust=True)
            count += 1
        return count


class ReadableConsoleEmailBackend(console.EmailBackend):
    """The local run's delivery backend: each message as a person reads it, not as it goes over the wire.

    Headers decoded (no =?utf-8?...?= words), the text part as text (no quoted-printable or base64), the HTML
    alternative and attachments named by type and file name only.
    """

    HEADERS = ("Subject", "From", "To", "Cc", "Reply-To", "Date", "Message-ID")

    def write_message(self, message) -> None:
        parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
        lines = [f"{name}: {' '.join(str(parsed[name]).split())}" for name in self.HEADERS if parsed[name]]
        if message.bcc and not parsed["Bcc"]:
            lines.append(f"Bcc: {', '.join(message.bcc)}")
        body = parsed.get_body(preferencelist=("plain", "html"))
        lines.extend(["", body.get_content().rstrip() if body is not None else ""])
        for part in parsed.walk():
            if part is body or part.is_multipart():
                continue
            filename = part.get_filename()
            lines.append(f"[{part.get_content_type()}{': ' + filename if filename else ''}]")
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
