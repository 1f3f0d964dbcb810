"""The audit trail names nobody: people are referenced by key (actor, mandate), which erasure detaches or
anonymises, so deleting an account leaves no trace of the person in the trail, and no entry is removed."""

import datetime as dt

import pytest

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.services.privacy import account_delete
from steering.factories import BallotFactory, MandateFactory, MeetingFactory, ProposalFactory
from steering.models import AuditAction, AuditEvent, BallotKind, Mandate, Nomination, Side
from steering.services.ballots import ballot_close, ballot_lot_draw, ballot_open, vote_cast
from steering.services.mandates import mandate_create, mandate_end
from steering.services.proposals import proposals_shortlist_decide

pytestmark = pytest.mark.django_db


def _trail_text() -> str:
    return "\n".join(AuditEvent.objects.values_list("detail", flat=True))


def test_erasing_accounts_leaves_no_name_in_the_audit_trail_and_keeps_every_entry(coordinator):
    stina = UserFactory(first_name="Stina", last_name="Styrgren")
    chair = UserFactory(first_name="Olle", last_name="Ordförandesson")
    mandate = mandate_create(
        user=stina, side=Side.CIVIL_SOCIETY, category="kultur", starts_on=dt.date(2025, 1, 1), actor=chair
    )
    mandate_end(mandate=mandate, actor=chair)
    MandateFactory()
    meeting = MeetingFactory()
    meeting.attendees.set(Mandate.objects.all())
    proposal = ProposalFactory(proposed_by=stina)
    proposals_shortlist_decide(meeting=meeting, year=proposal.year, proposals=[proposal], actor=chair)
    # A secret election with a tie between two named candidates, settled by lot by the election's chair.
    org = OrganisationFactory()
    representative = UserFactory()
    MembershipFactory(user=representative, organisation=org)
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=1, is_secret=True, election_chair=chair)
    kalle = UserFactory(first_name="Kalle", last_name="Kandidatsson")
    for candidate in (stina, kalle):
        Nomination.objects.create(ballot=ballot, candidate=candidate, nominated_by=org, category="kultur")
    ballot = ballot_open(ballot=ballot, actor=chair)
    abstain = ballot.options.get(is_abstain=True)
    vote_cast(ballot=ballot, user=representative, option_id=abstain.pk)
    ballot = ballot_close(ballot=ballot, actor=chair)
    ballot_lot_draw(ballot=ballot, actor=chair)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"mandate_created", "mandate_ended", "shortlist_decided", "tie", "lot_drawn", "decided"} <= actions
    elected = 2 if ballot.chair_decision.get().nomination.candidate == stina else 1
    assert (
        AuditEvent.objects.filter(mandate__user=stina, action=AuditAction.MANDATE_CREATED).count() == elected
    )
    names = ["Stina", "Styrgren", "Kalle", "Kandidatsson", "Olle", "Ordförandesson"]
    assert not [name for name in names if name in _trail_text()]
    before = AuditEvent.objects.count()

    for person in (stina, chair, kalle):
        account_delete(user=person)

    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(actor__in=[stina, chair, kalle]).exists()
    shown = "\n".join(str(e.mandate) for e in AuditEvent.objects.filter(mandate__isnull=False))
    assert not [name for name in names if name in _trail_text() + shown]
    assert AuditEvent.objects.filter(action=AuditAction.SHORTLIST_DECIDED, meeting=meeting).exists()
