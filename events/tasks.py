from celery import shared_task
from django.db import InterfaceError, OperationalError

from collaboration.tasks import InProcessRetryingTask

from .services import reminders

# A database that is briefly unreachable (a failover, a lock timeout) is worth another try; the services are
# idempotent (each run sends only what is not yet marked sent, and marks it in the same transaction), so a
# retried run never sends a reminder twice. Backoff with full jitter, capped at ten minutes, four tries in all.
RETRY = {
    "base": InProcessRetryingTask,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(acks_late=True, **RETRY)
def send_reminders() -> int:
    """Daily: remind confirmed participants of tomorrow's events (idempotent: reminder_sent_at)."""
    return reminders.reminders_send()


@shared_task(acks_late=True, **RETRY)
def send_evaluation_invitations() -> int:
    """Daily: invite attendees of last week's events to the evaluation (idempotent: evaluation_sent_at)."""
    return reminders.evaluation_invitations_send()


@shared_task(**RETRY)
def send_coordinator_digest() -> int:
    """Monthly: what the yearly cycle says is due in the coming two months."""
    return reminders.coordinator_digest_send()
