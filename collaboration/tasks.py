import logging

from celery import Task, shared_task
from django.core.cache import cache

from .shared import mail

logger = logging.getLogger(__name__)

# Retries while the SMTP server does not answer (smtplib's errors are OSErrors): 30 s, 60 s, … capped at an
# hour between tries, with full jitter so a queue of mail does not hit a recovering server all at once; after
# EMAIL_MAX_RETRIES the message is given up and logged.
EMAIL_MAX_RETRIES = 8
DELIVERED_KEEP_SECONDS = 7 * 24 * 3600


class InProcessRetryingTask(Task):
    """With tasks in-process, a failure is returned rather than raised (task_eager_propagates would otherwise
    stop the retries at the first one); a worker behaves the same either way."""

    def apply(self, *args, throw=None, **kwargs):
        return super().apply(*args, throw=bool(throw), **kwargs)


@shared_task(
    base=InProcessRetryingTask,
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=EMAIL_MAX_RETRIES,
    time_limit=120,
    soft_time_limit=100,
)
def email_deliver(message: dict) -> bool:
    """Send one queued e-mail (collaboration.shared.mail) through the real backend; False if it was already sent.

    Idempotent: a message whose Message-ID is recorded as delivered is not sent again when a worker re-runs the
    task (late acknowledgement after a lost worker).
    """
    delivered_key = f"mail-delivered:{mail.message_id(message)}"
    if cache.get(delivered_key):
        return False
    with mail.delivery_connection() as connection:
        connection.send_messages([mail.message_deserialise(message)])
    cache.set(delivered_key, True, DELIVERED_KEEP_SECONDS)
    return True


@shared_task(acks_late=True)
def privacy_retention_run() -> dict[str, int]:
    """Anonymise personal data that has outlived its retention time (every app's `retention_anonymise`)."""
    from .services.privacy import retention_run

    return retention_run()
