from celery import shared_task

from .services import ballots, mandates


@shared_task(time_limit=300, soft_time_limit=270)
def ballots_advance() -> dict:
    """Open scheduled ballots and close finished ones at their set times. Idempotent: state is checked under lock."""
    return ballots.ballots_advance()


@shared_task(time_limit=300, soft_time_limit=270)
def ballots_remind() -> int:
    """Remind the electorate a day before a ballot closes (once per ballot)."""
    return ballots.ballots_remind()


@shared_task(time_limit=300, soft_time_limit=270)
def mandates_sync_roles() -> dict:
    """Keep the steering members' role in step with the seats, as terms start and end."""
    return mandates.mandates_sync_roles()
