from celery import shared_task
from django.db import InterfaceError, OperationalError

from collaboration.tasks import InProcessRetryingTask

from .services import ballots, mandates

# A database briefly out of reach is retried with backoff and jitter; each service checks state under lock,
# so a retried run does nothing twice.
RETRY = {
    "base": InProcessRetryingTask,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(time_limit=300, soft_time_limit=270, **RETRY)
def ballots_advance() -> dict:
    """Open scheduled ballots and close finished ones at their set times. Idempotent: state is checked under lock."""
    return ballots.ballots_advance()


@shared_task(time_limit=300, soft_time_limit=270, **RETRY)
def ballots_remind() -> int:
    """Remind the electorate a day before a ballot closes (once per ballot)."""
    return ballots.ballots_remind()


@shared_task(time_limit=300, soft_time_limit=270, **RETRY)
def mandates_sync_roles() -> dict:
    """Keep the steering members' role in step with the seats, as terms start and end."""
    return mandates.mandates_sync_roles()
