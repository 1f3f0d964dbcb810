from celery import shared_task

from .services import reminders


@shared_task(acks_late=True, max_retries=3, retry_backoff=True)
def send_reminders() -> int:
    """Daily: remind confirmed participants of tomorrow's events (idempotent: reminder_sent_at)."""
    return reminders.reminders_send()


@shared_task(acks_late=True, max_retries=3, retry_backoff=True)
def send_evaluation_invitations() -> int:
    """Daily: invite attendees of last week's events to the evaluation (idempotent: evaluation_sent_at)."""
    return reminders.evaluation_invitations_send()


@shared_task(max_retries=3, retry_backoff=True)
def send_coordinator_digest() -> int:
    """Monthly: what the yearly cycle says is due in the coming two months."""
    return reminders.coordinator_digest_send()
