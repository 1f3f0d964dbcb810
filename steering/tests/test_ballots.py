import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import OrganisationKind
from steering.factories import (
    BallotFactory,
    MandateFactory,
    MeetingFactory,
    ProposalFactory,
    open_focus_ballot,
)
from steering.models import (
    AuditAction,
    AuditEvent,
    Ballot,
    BallotKind,
    BallotOutcome,
    BallotStatus,
    FocusArea,
    Mandate,
    MandateRole,
    Nomination,
    ProposalStatus,
    Side,
    Vote,
)
from steering.services.ballots import (
    BallotError,
    ballot_close,
    ballot_confirm,
    ballot_open,
    ballot_tally,
    ballot_tie_decide,
    ballots_advance,
    ballots_remind,
    vote_cast,
)

pytestmark = pytest.mark.django_db


def _option(ballot, label_index=0):
    return ballot.options.filter(is_abstain=False).order_by("position")[label_index]


def test_opening_freezes_electorate_of_voting_members_and_mails_them(django_capture_on_commit_callbacks):
    voter = UserFactory(email="voter@example.org")
    coopted = MandateFactory(role=MandateRole.CO_OPTED)
    with django_capture_on_commit_callbacks(execute=True):
        ballot = open_focus_ballot(voters=[voter])
    assert list(ballot.electors.values_list("user", flat=True)) == [voter.pk]
    assert coopted.user_id not in ballot.electors.values_list("user", flat=True)
    assert ballot.options.filter(is_abstain=True).count() == 1
    assert [m.to for m in mail.outbox] == [["voter@example.org"]]
    # A member seated after the opening is not in the electorate.
    late = MandateFactory()
    with pytest.raises(BallotError, match="röstlängden"):
        vote_cast(ballot=ballot, user=late.user, option_id=_option(ballot).pk)
    assert AuditEvent.objects.filter(ballot=ballot, action=AuditAction.OPENED).count() == 1


def test_member_changes_vote_while_open_and_one_vote_remains():
    voter = UserFactory()
    ballot = open_focus_ballot(voters=[voter])
    vote_cast(ballot=ballot, user=voter, option_id=_option(ballot, 0).pk)
    vote = vote_cast(ballot=ballot, user=voter, option_id=_option(ballot, 1).pk)
    assert Vote.objects.filter(ballot=ballot).count() == 1
    assert vote.option == _option(ballot, 1) and vote.times_changed == 1
    actions = list(AuditEvent.objects.filter(ballot=ballot).values_list("action", "votes_total"))
    assert (AuditAction.VOTE_CAST, 1) in actions and (AuditAction.VOTE_CHANGED, 1) in actions


def test_results_hidden_until_closing_then_decision_records_focus_area():
    a, b, c = UserFactory(), UserFactory(), UserFactory()
    ballot = open_focus_ballot(voters=[a, b, c])
    vote_cast(ballot=ballot, user=a, option_id=_option(ballot, 0).pk)
    vote_cast(ballot=ballot, user=b, option_id=_option(ballot, 0).pk)
    abstain = ballot.options.get(is_abstain=True)
    vote_cast(ballot=ballot, user=c, option_id=abstain.pk)
    with pytest.raises(BallotError):
        ballot_tally(ballot)
    ballot = ballot_close(ballot=ballot)
    tally = ballot_tally(ballot)
    assert tally.votes == 3 and tally.electorate == 3 and tally.turnout_percent == 100
    assert {o.label: n for o, n in tally.rows}[abstain.label] == 1
    assert tally.winners == [_option(ballot, 0)] and not tally.tied
    # The ballot prepares; the quorate meeting decides.
    assert ballot.outcome == BallotOutcome.AWAITING_CONFIRMATION
    assert not FocusArea.objects.filter(start_year=ballot.year).exists()
    meeting = MeetingFactory(held_at=timezone.now())
    meeting.attendees.set(Mandate.objects.all())
    ballot = ballot_confirm(ballot=ballot, meeting=meeting, actor=a)
    focus_area = FocusArea.objects.get(start_year=ballot.year)
    assert focus_area.title == _option(ballot, 0).label and ballot.focus_area == focus_area
    meeting.refresh_from_db()
    assert focus_area.title in meeting.decisions


def test_tie_is_shown_and_resolved_by_chairs_decision(client, coordinator):
    a, b = UserFactory(), UserFactory()
    ballot = open_focus_ballot(voters=[a, b])
    first, second = _option(ballot, 0), _option(ballot, 1)
    vote_cast(ballot=ballot, user=a, option_id=first.pk)
    vote_cast(ballot=ballot, user=b, option_id=second.pk)
    ballot = ballot_close(ballot=ballot)
    assert ballot.is_tied and ballot.focus_area is None
    client.force_login(a)
    page = client.get(reverse("steering:ballot-detail", args=[ballot.pk])).content.decode()
    assert "Lika röstetal" in page
    # The plan gives no casting vote: the tie is the deciding meeting's, and only a quorate one settles it.
    with pytest.raises(BallotError, match="ange först mötet"):
        ballot_tie_decide(ballot=ballot, options=[second], actor=coordinator)
    meeting = MeetingFactory(held_at=timezone.now())
    Ballot.objects.filter(pk=ballot.pk).update(meeting=meeting)
    ballot.refresh_from_db()
    with pytest.raises(BallotError, match="inte beslutsfört"):
        ballot_tie_decide(ballot=ballot, options=[second], actor=coordinator)
    meeting.attendees.set(Mandate.objects.all())
    with pytest.raises(BallotError):
        ballot_tie_decide(ballot=ballot, options=[first, second], actor=coordinator)
    ballot = ballot_tie_decide(ballot=ballot, options=[second], actor=coordinator)
    ballot = ballot_confirm(ballot=ballot, meeting=meeting, actor=coordinator)
    assert ballot.focus_area.title == second.label
    assert AuditEvent.objects.filter(
        ballot=ballot, action=AuditAction.CHAIR_DECISION, actor=coordinator, meeting=meeting
    ).exists()
    assert AuditEvent.objects.filter(
        ballot=ballot, action="decided", actor=coordinator, meeting=meeting
    ).exists()


def test_votes_before_opening_and_after_closing_are_refused():
    voter = UserFactory()
    MandateFactory(user=voter)
    ProposalFactory(status=ProposalStatus.SHORTLISTED)
    ballot = BallotFactory(
        opens_at=timezone.now() + dt.timedelta(days=1), closes_at=timezone.now() + dt.timedelta(days=3)
    )
    ballot = ballot_open(ballot=ballot)
    assert ballot.status == BallotStatus.SCHEDULED
    assert not ballot.options.exists()  # built at the opening, so nominations and shortlisting continue
    with pytest.raises(BallotError, match="inte öppnat"):
        vote_cast(ballot=ballot, user=voter, option_id=0)
    assert ballots_advance(now=timezone.now() + dt.timedelta(days=1, minutes=1)) == {"opened": 1, "closed": 0}
    assert ballots_advance(now=timezone.now() + dt.timedelta(days=3, minutes=1)) == {"opened": 0, "closed": 1}
    ballot.refresh_from_db()
    with pytest.raises(BallotError, match="stängd"):
        vote_cast(ballot=ballot, user=voter, option_id=ballot.options.first().pk)
    assert not Vote.objects.exists()


def test_reminder_goes_once_a_day_before_closing_to_those_who_have_not_voted(
    django_capture_on_commit_callbacks,
):
    voted, waiting = UserFactory(email="voted@example.org"), UserFactory(email="waiting@example.org")
    ballot = open_focus_ballot(voters=[voted, waiting], closes_at=timezone.now() + dt.timedelta(hours=20))
    vote_cast(ballot=ballot, user=voted, option_id=_option(ballot).pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert ballots_remind() == 1
        assert ballots_remind() == 0
    assert [m.to for m in mail.outbox] == [["waiting@example.org"]]


def test_election_one_vote_per_organisation_and_elected_become_mandates(
    client, django_capture_on_commit_callbacks
):
    org = OrganisationFactory()
    rep1, rep2 = UserFactory(), UserFactory()
    MembershipFactory(user=rep1, organisation=org)
    MembershipFactory(user=rep2, organisation=org)
    unconfirmed = UserFactory()
    MembershipFactory(user=unconfirmed, organisation=OrganisationFactory(), confirmed_at=None)
    OrganisationFactory(kind=OrganisationKind.COMMITTEE, sector="city")
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=1, title="Valmöte")
    winner, other = UserFactory(), UserFactory()
    Nomination.objects.create(
        ballot=ballot, candidate=winner, nominated_by=org, category="idrott", recommended=True
    )
    Nomination.objects.create(ballot=ballot, candidate=other, nominated_by=org, category="kultur")
    ballot = ballot_open(ballot=ballot)
    assert list(ballot.electors.values_list("organisation", flat=True)) == [org.pk]
    winner_option = ballot.options.get(nomination__candidate=winner)
    vote_cast(ballot=ballot, user=rep1, option_id=winner_option.pk)
    # The second representative of the same organisation replaces the organisation's one vote.
    vote_cast(ballot=ballot, user=rep2, option_id=winner_option.pk)
    assert Vote.objects.filter(ballot=ballot).count() == 1
    with pytest.raises(BallotError, match="röstlängden"):
        vote_cast(ballot=ballot, user=unconfirmed, option_id=winner_option.pk)
    client.force_login(rep1)
    page = client.get(reverse("steering:ballot-detail", args=[ballot.pk])).content.decode()
    assert "Förordas" in page
    ballot_close(ballot=ballot)
    mandate = Mandate.objects.get(user=winner)
    assert mandate.side == Side.CIVIL_SOCIETY and mandate.category == "idrott"
    assert mandate.ends_on == mandate.starts_on.replace(year=mandate.starts_on.year + 2) - dt.timedelta(
        days=1
    )
    assert winner.groups.filter(name="Styrgruppsledamöter").exists()


def test_an_election_option_without_a_candidate_is_refused_at_the_opening():
    # Elected, it would have had no one to seat: the closing failed on it, leaving the ballot open.
    org = OrganisationFactory()
    MembershipFactory(user=UserFactory(), organisation=org)
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=1, title="Valmöte")
    ballot.options.create(label="Anna Andersson", position=0)
    with pytest.raises(BallotError, match="Alternativ utan kandidat: Anna Andersson"):
        ballot_open(ballot=ballot)
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DRAFT


def test_representative_nominates_a_candidate_for_their_organisation(client, representative, organisation):
    ballot = BallotFactory(kind=BallotKind.ELECTION, title="Valmöte")
    candidate = UserFactory(email="kandidat@example.org")
    client.force_login(representative)
    url = reverse("steering:nomination-create", args=[ballot.pk])
    data = {"organisation": organisation.pk, "candidate_email": "kandidat@example.org", "category": "halsa"}
    assert client.post(url, data).status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.candidate, nomination.nominated_by, nomination.category) == (
        candidate,
        organisation,
        "halsa",
    )
    again = client.post(url, data)
    assert again.status_code == 400 and "redan nominerad" in again.content.decode()
    unknown = client.post(url, {**data, "candidate_email": "ingen@example.org"})
    assert unknown.status_code == 400 and "inget konto" in unknown.content.decode()
    other = OrganisationFactory()
    foreign = client.post(url, {**data, "organisation": other.pk})
    assert foreign.status_code == 400 and Nomination.objects.count() == 1
    ballot.status = BallotStatus.OPEN
    ballot.save(update_fields=["status"])
    closed = client.post(url, {**data, "candidate_email": representative.email})
    assert closed.status_code == 400 and "stängd" in closed.content.decode()
    assert Nomination.objects.count() == 1
