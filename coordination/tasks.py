"""Thin, idempotent tasks: each loads what it is told about and sends the e-mail of services.py."""

from celery import shared_task

from events.tasks import RETRY

from . import services
from .models import Match, Posting


@shared_task(**RETRY)
def posting_submitted_notify(posting_id: int) -> int:
    posting = Posting.objects.select_related("organisation").filter(pk=posting_id).first()
    return services.posting_submitted_send(posting) if posting else 0


@shared_task(**RETRY)
def posting_reviewed_notify(posting_id: int) -> int:
    posting = Posting.objects.filter(pk=posting_id).first()
    return services.posting_reviewed_send(posting) if posting else 0


def _match(match_id: int) -> Match | None:
    return (
        Match.objects.select_related("need__organisation", "offer__organisation", "matched_by")
        .filter(pk=match_id)
        .first()
    )


@shared_task(**RETRY)
def match_created_notify(match_id: int) -> int:
    match = _match(match_id)
    return services.match_created_send(match) if match else 0


@shared_task(**RETRY)
def match_accepted_notify(match_id: int) -> int:
    match = _match(match_id)
    return services.match_accepted_send(match) if match else 0


@shared_task(**RETRY)
def funding_help_notify(entry_id: int) -> int:
    from collaboration.models import SupportEntry

    from .funding import funding_help_send

    entry = SupportEntry.objects.select_related("organisation", "requested_by").filter(pk=entry_id).first()
    return funding_help_send(entry) if entry else 0


@shared_task(acks_late=True, **RETRY)
def send_funding_digest() -> int:
    """Monthly: the coming funding deadlines to each subscriber (idempotent: last_sent_on)."""
    from .funding import funding_digest_send

    return funding_digest_send()


@shared_task(acks_late=True, **RETRY)
def mailing_deliver(mailing_id: int) -> int:
    from .mailings import mailing_deliver_run

    return mailing_deliver_run(mailing_id)
