"""Proposals for next year's focus area and the members' discussion of them."""

from django.db import transaction

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
