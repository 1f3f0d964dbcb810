"""Object access for the steering pages: one helper per model, 404 for missing and forbidden alike; the
ballots' rule is one condition for the database and the cached copy (collaboration.shared.access_rules)."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from collaboration.shared import fragments
from collaboration.shared.access_rules import VisibilityRule
from collaboration.shared.roles import Role, has_role, is_coordinator

from .models import Ballot, Elector, Meeting, Proposal
from .models.ballots import VISIBLE_TO_MEMBERS


def _ballots_seen_by(user) -> Q:
    # Signed-in people see what members see; a focus-area ballot being prepared is the coordinators'.
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Q() if is_coordinator(user) else VISIBLE_TO_MEMBERS


ballot_visibility = VisibilityRule(Ballot, _ballots_seen_by)


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
    return ballot_visibility.get(Ballot.objects.select_related("focus_area", "meeting"), user, pk=pk)


def get_cached_ballot_for_user(user, pk: int, version: str) -> Ballot:
    """The ballot as its page shows it, from the shared cache under the ballots' data version (a change to the
    ballot, its options or its electorate renews the version): with its options in `options.all()` and, for a
    focus-area ballot, its electorate of people (frozen when it opens) in `people_electors`."""
    if not user.is_authenticated:  # before the cache: an anonymous visitor loads nothing
        raise Http404
    people = Prefetch("electors", Elector.objects.filter(user__isnull=False), to_attr="people_electors")
    ballots = (
        Ballot.objects.select_related("meeting", "focus_area")
        .prefetch_related("options", people)
        .filter(pk=pk)
    )
    ballot = fragments.remembered("ballots", f"ballot:{pk}", ballots.first, data_version=version)
    return ballot_visibility.check(user, ballot)
