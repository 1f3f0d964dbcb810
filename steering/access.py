"""Object access for the steering pages: one helper per model, 404 for missing and forbidden alike."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from collaboration.roles import Role, has_role, is_coordinator

from .models import Ballot, BallotKind, BallotStatus, Meeting, Proposal


def is_member(user) -> bool:
    """Steering members (and coordinators) see drafts and take part in the discussion."""
    return user.is_authenticated and has_role(user, Role.STEERING_MEMBER)


def get_meeting_for_user(user, pk: int) -> Meeting:
    return get_object_or_404(Meeting, pk=pk)


def get_proposal_for_user(user, pk: int) -> Proposal:
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(Proposal.objects.select_related("proposed_by"), pk=pk)


def get_ballot_for_user(user, pk: int) -> Ballot:
    if not user.is_authenticated:
        raise Http404
    ballot = get_object_or_404(Ballot.objects.select_related("focus_area", "meeting"), pk=pk)
    # A focus-area ballot being prepared is the coordinators'; an election in preparation takes nominations.
    if (
        ballot.status == BallotStatus.DRAFT
        and ballot.kind != BallotKind.ELECTION
        and not is_coordinator(user)
    ):
        raise Http404
    return ballot
