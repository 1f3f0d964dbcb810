"""Proposals for next year's focus area and the members' discussion of them."""

from django.db import transaction
from django.utils.translation import gettext as _

from collaboration.models import User

from ..models import AuditAction, AuditEvent, Proposal, ProposalComment, ProposalStatus


@transaction.atomic
def proposal_create(*, proposed_by: User, year: int, title: str, motivation: str) -> Proposal:
    proposal = Proposal(
        proposed_by=proposed_by, year=year, title=title.strip(), motivation=motivation.strip()
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_comment_create(*, proposal: Proposal, author: User, body: str) -> ProposalComment:
    comment = ProposalComment(proposal=proposal, author=author, body=body.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def proposal_shortlist(*, proposal: Proposal, actor: User | None, shortlisted: bool = True) -> Proposal:
    """Coordinators decide which proposals go to the ballot."""
    proposal.status = ProposalStatus.SHORTLISTED if shortlisted else ProposalStatus.DECLINED
    proposal.save(update_fields=["status"])
    AuditEvent.objects.create(
        action=AuditAction.SHORTLISTED,
        actor=actor,
        detail=f"{proposal} → {proposal.get_status_display()}",
    )
    return proposal


@transaction.atomic
def nomination_create(
    *,
    ballot,
    nominated_by,
    candidate_email: str,
    category: str,
    presentation: str = "",
    actor: User,
):
    """An organisation nominates a candidate to an election meeting while nominations are open."""
    from ..models import BallotKind, BallotStatus, Nomination
    from .ballots import BallotError, represented_organisations

    if ballot.kind != BallotKind.ELECTION or ballot.status not in (
        BallotStatus.DRAFT,
        BallotStatus.SCHEDULED,
    ):
        raise BallotError(_("Nomineringen till det här valmötet är stängd."))
    if not represented_organisations(actor).filter(pk=nominated_by.pk).exists():
        raise BallotError(_("Du kan bara nominera för organisationer du representerar."))
    candidate = User.objects.filter(email__iexact=candidate_email.strip()).first()
    if candidate is None:
        raise BallotError(
            _("Det finns inget konto med den e-postadressen. Kandidaten behöver skapa ett konto först.")
        )
    if Nomination.objects.filter(ballot=ballot, candidate=candidate).exists():
        raise BallotError(_("Personen är redan nominerad till det här valmötet."))
    nomination = Nomination(
        ballot=ballot,
        candidate=candidate,
        nominated_by=nominated_by,
        category=category,
        presentation=presentation.strip(),
    )
    nomination.full_clean()
    nomination.save()
    return nomination
