"""Decisions as the collaboration plan has them: a ballot prepares, a quorate meeting decides, the group
shortlists, an election's tie is settled by lot by the election meeting's own chair; all in the audit trail."""

import datetime as dt

import pytest
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from steering.factories import (
    BallotFactory,
    MandateFactory,
    MeetingFactory,
    ProposalFactory,
    open_focus_ballot,
)
from steering.models import (
    AuditEvent,
    BallotKind,
    BallotOutcome,
    FocusArea,
    Mandate,
    MandateRole,
    Nomination,
    ProposalStatus,
)
from steering.rules import QUORUM, TURNOUT
from steering.services.ballots import (
    BallotError,
    ReceiptCodeError,
    ballot_close,
    ballot_confirm,
    ballot_lot_draw,
    ballot_open,
    ballot_tie_decide,
    vote_cast,
)
from steering.services.proposals import ShortlistError, proposals_shortlist_decide

pytestmark = pytest.mark.django_db


def _first(ballot):
    return ballot.options.filter(is_abstain=False).order_by("position").first()


def _meeting(present: int):
    meeting = MeetingFactory(held_at=timezone.now())
    meeting.attendees.set(Mandate.objects.voting().order_by("pk")[:present])
    return meeting


def test_the_rules_are_more_than_half():
    assert [TURNOUT.met(n, 8) for n in (4, 5)] == [False, True]
    assert [QUORUM.needed(n) for n in (7, 8)] == [4, 5]
    assert not QUORUM.met(0, 0)


def test_a_ballot_below_the_turnout_rule_decides_nothing_and_says_why():
    voters = [UserFactory() for _ in range(8)]
    ballot = open_focus_ballot(voters=voters)
    for voter in voters[:4]:  # 4 of 8 is not more than half
        vote_cast(ballot=ballot, user=voter, option_id=_first(ballot).pk)
    ballot = ballot_close(ballot=ballot)
    assert ballot.outcome == BallotOutcome.NO_DECISION
    assert "4 av 8" in ballot.no_decision_reason and "minst 5" in ballot.no_decision_reason
    assert ballot.focus_area is None and not FocusArea.objects.exists()
    with pytest.raises(BallotError, match="inget resultat som väntar"):
        ballot_confirm(ballot=ballot, meeting=_meeting(present=8), actor=voters[0])
    assert AuditEvent.objects.get(ballot=ballot, action="no_decision").detail == ballot.no_decision_reason


def test_a_focus_area_is_decided_only_by_a_quorate_meeting_into_its_minutes():
    voters = [UserFactory() for _ in range(4)]
    ballot = open_focus_ballot(voters=voters, focus_end_year=timezone.localdate().year + 2)
    for voter in voters[:3]:
        vote_cast(ballot=ballot, user=voter, option_id=_first(ballot).pk)
    ballot = ballot_close(ballot=ballot)
    assert ballot.outcome == BallotOutcome.AWAITING_CONFIRMATION and not FocusArea.objects.exists()
    thin = _meeting(present=2)  # 2 of 4 is not quorate
    with pytest.raises(BallotError, match="inte beslutsfört"):
        ballot_confirm(ballot=ballot, meeting=thin, actor=voters[0])
    assert not FocusArea.objects.exists()
    meeting = _meeting(present=3)
    ballot = ballot_confirm(ballot=ballot, meeting=meeting, actor=voters[0])
    focus_area = FocusArea.objects.get()
    assert ballot.outcome == BallotOutcome.DECIDED and ballot.focus_area == focus_area
    assert (focus_area.start_year, focus_area.end_year) == (ballot.year, ballot.year + 1)  # spans two years
    meeting.refresh_from_db()
    assert focus_area.title in meeting.decision_list[-1]
    entry = AuditEvent.objects.get(ballot=ballot, action="decided")
    assert (entry.meeting, entry.actor) == (meeting, voters[0])


def test_a_meeting_that_does_not_confirm_leaves_no_decision():
    voters = [UserFactory() for _ in range(2)]
    ballot = open_focus_ballot(voters=voters)
    for voter in voters:
        vote_cast(ballot=ballot, user=voter, option_id=_first(ballot).pk)
    ballot = ballot_confirm(
        ballot=ballot_close(ballot=ballot), meeting=_meeting(present=2), actor=voters[0], confirmed=False
    )
    assert ballot.outcome == BallotOutcome.NO_DECISION and not FocusArea.objects.exists()
    assert "fastställde inte" in ballot.no_decision_reason


def test_the_shortlist_is_the_groups_decision_at_a_quorate_meeting():
    for _ in range(4):
        MandateFactory()
    year = timezone.localdate().year + 1
    chosen, other = ProposalFactory(year=year), ProposalFactory(year=year)
    coordinator = UserFactory()
    with pytest.raises(ShortlistError, match="inte beslutsfört"):
        proposals_shortlist_decide(
            meeting=_meeting(present=2), year=year, proposals=[chosen], actor=coordinator
        )
    assert chosen.__class__.objects.get(pk=chosen.pk).status == ProposalStatus.SUBMITTED
    meeting = _meeting(present=3)
    proposals_shortlist_decide(meeting=meeting, year=year, proposals=[chosen], actor=coordinator)
    statuses = dict(chosen.__class__.objects.values_list("pk", "status"))
    assert statuses == {chosen.pk: ProposalStatus.SHORTLISTED, other.pk: ProposalStatus.DECLINED}
    entry = AuditEvent.objects.get(action="shortlist_decided")
    assert entry.meeting == meeting and chosen.title in entry.detail
    meeting.refresh_from_db()
    assert chosen.title in meeting.decisions


def _tied_election(chair):
    org_a, org_b = OrganisationFactory(), OrganisationFactory()
    reps = [UserFactory(), UserFactory()]
    MembershipFactory(user=reps[0], organisation=org_a)
    MembershipFactory(user=reps[1], organisation=org_b)
    MandateFactory()
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=1, election_chair=chair)
    for org, category in ((org_a, "halsa"), (org_b, "utbildning")):
        Nomination.objects.create(ballot=ballot, candidate=UserFactory(), nominated_by=org, category=category)
    ballot = ballot_open(ballot=ballot)
    options = list(ballot.options.filter(is_abstain=False))
    for rep, option in zip(reps, options, strict=True):
        vote_cast(ballot=ballot, user=rep, option_id=option.pk)
    return ballot_close(ballot=ballot)


def test_an_election_tie_is_settled_by_lot_drawn_by_the_election_meetings_chair():
    election_chair, steering_chair = UserFactory(), UserFactory()
    MandateFactory(user=steering_chair, role=MandateRole.CHAIR, side="city", category="")
    ballot = _tied_election(election_chair)
    assert ballot.is_tied
    with pytest.raises(BallotError, match="lottdragning"):
        ballot_tie_decide(ballot=ballot, options=[_first(ballot)], actor=steering_chair)
    with pytest.raises(BallotError, match="Bara valmötets ordförande"):
        ballot_lot_draw(ballot=ballot, actor=steering_chair)
    before = timezone.now()
    ballot = ballot_lot_draw(ballot=ballot, actor=election_chair)
    drawn = ballot.chair_decision.get()
    lot = AuditEvent.objects.get(ballot=ballot, action="lot_drawn")
    assert lot.actor == election_chair and lot.at >= before and "lott" in lot.detail
    assert ballot.outcome == BallotOutcome.DECIDED
    assert Mandate.objects.filter(
        user=drawn.nomination.candidate, starts_on__gte=dt.date(2000, 1, 1)
    ).exists()
    with pytest.raises(BallotError):
        ballot_lot_draw(ballot=ballot, actor=election_chair)  # drawn once


def test_the_october_deadline_is_due_from_september_and_late_after_october():
    from events.yearplan import due_soon, year_cycle

    def focus_item(today):
        return next(i for i in year_cycle(2027, today) if i.first_month == 9)

    assert focus_item(dt.date(2027, 8, 1)).state == "missing"
    assert focus_item(dt.date(2027, 9, 10)).state == "due"
    assert focus_item(dt.date(2027, 10, 31)).state == "due"
    assert focus_item(dt.date(2027, 11, 5)).state == "late"
    assert any(i.state == "late" and i.first_month == 9 for i in due_soon(dt.date(2027, 11, 5)))
    FocusArea.objects.create(title="Ett fokus", start_year=2027, end_year=2029)  # spans 2028 too
    assert focus_item(dt.date(2027, 11, 5)).state == "done"


def test_the_year_plans_focus_decision_links_the_focus_area_ballot_not_the_election_of_the_same_year():
    from events.yearplan import year_cycle

    focus = open_focus_ballot(year=2027, opens_at=timezone.now() - dt.timedelta(days=2))
    # Opens later: the latest ballot of the year, which the year plan took for the focus-area one.
    later = timezone.now() + dt.timedelta(days=14)
    BallotFactory(
        kind=BallotKind.ELECTION, year=2027, opens_at=later, closes_at=later + dt.timedelta(hours=2)
    )
    item = next(i for i in year_cycle(2026, dt.date(2026, 9, 25)) if i.first_month == 9)
    assert [label for label, _url, _lang in item.links] == [str(focus)]


@pytest.mark.parametrize("is_secret", [False, True])
def test_an_election_of_three_seats_one_vote_per_organisation_several_marks_and_the_category_rule(is_secret):
    # Staying on: two civil-society members, kultur and idrott.
    MandateFactory(category="kultur", ends_on=dt.date(2099, 12, 31))
    MandateFactory(category="idrott", ends_on=dt.date(2099, 12, 31))
    orgs = [OrganisationFactory() for _ in range(4)]
    reps = [UserFactory() for _ in orgs]
    for rep, org in zip(reps, orgs, strict=True):
        MembershipFactory(user=rep, organisation=org)
    second_rep = UserFactory()
    MembershipFactory(user=second_rep, organisation=orgs[0])
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=3, is_secret=is_secret)
    people = {}
    for name, category in [
        ("kultur_top", "kultur"),  # most votes, but kultur is seated already
        ("halsa", "halsa"),
        ("social", "social_trygghet"),
        ("halsa_two", "halsa"),  # second in a category this election fills
        ("utbildning", "utbildning"),
    ]:
        people[name] = UserFactory(first_name=name)
        Nomination.objects.create(
            ballot=ballot, candidate=people[name], nominated_by=orgs[0], category=category
        )
    ballot = ballot_open(ballot=ballot)
    option = {o.nomination.candidate.first_name: o.pk for o in ballot.options.exclude(is_abstain=True)}
    marks = [
        ["kultur_top", "halsa", "halsa_two"],
        ["kultur_top", "halsa", "social"],
        ["kultur_top", "halsa_two", "utbildning"],
        ["kultur_top", "social", "halsa_two"],
    ]
    for rep, names in zip(reps, marks, strict=True):
        vote_cast(ballot=ballot, user=rep, option_ids=[option[n] for n in names])
    with pytest.raises(BallotError, match="högst 3"):
        vote_cast(ballot=ballot, user=reps[1], option_ids=list(option.values())[:4])
    # The organisation's second representative cannot give it a second vote: in an open ballot they change
    # the organisation's one vote; in a secret one they would need the receipt code, which only the first has.
    if is_secret:
        with pytest.raises(ReceiptCodeError):
            vote_cast(ballot=ballot, user=second_rep, option_ids=[option["utbildning"]])
    else:
        vote_cast(ballot=ballot, user=second_rep, option_ids=[option[n] for n in marks[0]])
    assert ballot.votes.count() == 4
    ballot = ballot_close(ballot=ballot)
    # Votes: kultur_top 4, halsa_two 3, halsa 2, social 2, utbildning 1. Kultur is seated, so it steps aside;
    # halsa_two takes hälsa, and the next of a category not yet seated are social (2) — and then halsa (2)
    # would repeat hälsa, so utbildning (1) takes the third seat.
    elected = set(
        Mandate.objects.filter(starts_on=ballot.term_starts_on or timezone.localdate()).values_list(
            "user__first_name", flat=True
        )
    )
    assert ballot.outcome == BallotOutcome.DECIDED
    assert elected == {"halsa_two", "social", "utbildning"}
    assert ballot.category_deviation == ""


def test_the_category_rule_deviation_is_stated_when_no_other_category_stands():
    MandateFactory(category="kultur", ends_on=dt.date(2099, 12, 31))
    org, rep = OrganisationFactory(), UserFactory()
    MembershipFactory(user=rep, organisation=org)
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=1)
    Nomination.objects.create(ballot=ballot, candidate=UserFactory(), nominated_by=org, category="kultur")
    ballot = ballot_open(ballot=ballot)
    vote_cast(ballot=ballot, user=rep, option_id=ballot.options.exclude(is_abstain=True).get().pk)
    ballot = ballot_close(ballot=ballot)
    assert (
        "Avvikelse från kategoriregeln" in ballot.category_deviation and "Kultur" in ballot.category_deviation
    )
    assert ballot.category_deviation in AuditEvent.objects.get(ballot=ballot, action="decided").detail


def test_group_page_shows_which_seats_the_next_election_fills_and_a_category_deviation(client):
    MandateFactory(category="kultur", ends_on=dt.date(2099, 12, 31))
    MandateFactory(category="halsa", ends_on=dt.date(2098, 12, 31))
    org, rep = OrganisationFactory(), UserFactory()
    MembershipFactory(user=rep, organisation=org)
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=1, term_starts_on=dt.date(2090, 1, 1))
    Nomination.objects.create(ballot=ballot, candidate=UserFactory(), nominated_by=org, category="kultur")
    ballot = ballot_open(ballot=ballot)
    vote_cast(ballot=ballot, user=rep, option_id=ballot.options.exclude(is_abstain=True).get().pk)
    ballot_close(ballot=ballot)
    page = client.get("/styrgrupp/").content.decode()
    assert "Valmötet fyller 1 plats" in page and "2098-12-31" in page
    assert "Avvikelse från kategoriregeln" in page


def test_members_weigh_every_proposal_of_the_year_in_bounded_queries(client, steering_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from steering.models import ProposalComment

    year = timezone.localdate().year + 1
    client.force_login(steering_member)
    url = f"/styrgrupp/forslag/{year}/avvagning/"
    client.get(url)
    counts = []
    for size in (3, 12):
        for _ in range(size):
            proposal = ProposalFactory(year=year, priorities="Stadens mål om trygghet", recommended=True)
            ProposalComment.objects.create(proposal=proposal, author=UserFactory(), body="Väl motiverat")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert "Stadens mål om trygghet" in page and "Väl motiverat" in page
    assert "Samordnarna rekommenderar förslaget." in page
    ProposalFactory(year=year + 5, title="Ett annat år")
    assert "Ett annat år" not in client.get(url).content.decode()


def test_the_nominating_committee_recommends_one_candidate_per_seat_shown_on_the_ballot(client):
    member, outsider = UserFactory(), UserFactory()
    org, rep = OrganisationFactory(), UserFactory()
    MembershipFactory(user=rep, organisation=org)
    MandateFactory()
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=2)
    ballot.nominating_committee.add(member)
    first, second = (
        Nomination.objects.create(ballot=ballot, candidate=UserFactory(), nominated_by=org, category=c)
        for c in ("halsa", "utbildning")
    )
    url = f"/styrgrupp/omrostningar/{ballot.pk}/valberedning/"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert str(second.candidate) in client.get(url).content.decode()
    bad = client.post(url, {"nomination": first.pk, "seat": 9, "statement": "Bred erfarenhet"})
    assert bad.status_code == 400
    for nomination, seat in (
        (first, 1),
        (second, 1),
        (first, 2),
    ):  # one candidate per seat, the last word counts
        response = client.post(
            url, {"nomination": nomination.pk, "seat": seat, "statement": "Bred erfarenhet"}
        )
        assert response.status_code == 302
    seats = dict(Nomination.objects.filter(ballot=ballot).values_list("pk", "recommended_for_seat"))
    assert seats == {first.pk: 2, second.pk: 1}
    assert (
        AuditEvent.objects.filter(ballot=ballot, action="committee_recommendation", actor=member).count() == 3
    )
    ballot = ballot_open(ballot=ballot)
    labels = list(ballot.options.exclude(is_abstain=True).values_list("label", flat=True))
    assert labels[0].endswith("förslag till plats 1") and labels[1].endswith("förslag till plats 2")
    client.force_login(rep)
    page = client.get(f"/styrgrupp/omrostningar/{ballot.pk}/").content.decode()
    assert "förslag till plats 1" in page and 'type="checkbox"' in page


def test_meeting_page_shows_the_quorum_rule_and_its_ballots_in_bounded_queries(client, steering_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    meeting = MeetingFactory()
    client.force_login(steering_member)
    url = f"/styrgrupp/moten/{meeting.pk}/"
    client.get(url)
    counts = []
    for size in (3, 15):
        mandates = [MandateFactory() for _ in range(size)]
        meeting.attendees.add(*mandates)
        for _ in range(size // 3):
            BallotFactory(meeting=meeting, status="closed", outcome="no_decision")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert "mer än hälften av de röstberättigade ledamöterna" in page and "Inget beslut" in page


def test_the_audit_trail_refuses_change_and_deletion_on_every_database():
    from django.db import DatabaseError, transaction

    from steering.models import AuditTrailError

    entry = AuditEvent.objects.create(action="decided", detail="Fokusområde", actor=UserFactory())
    for attempt in (
        lambda: AuditEvent.objects.filter(pk=entry.pk).update(detail="ändrat"),
        lambda: AuditEvent.objects.filter(pk=entry.pk).delete(),
        entry.delete,
        entry.save,
    ):
        with pytest.raises(AuditTrailError), transaction.atomic():
            attempt()
    # The database's own trigger, past the model.
    with pytest.raises(DatabaseError), transaction.atomic(), connection_cursor() as cursor:
        cursor.execute("UPDATE steering_auditevent SET detail = 'ändrat' WHERE id = %s", [entry.pk])
    AuditEvent.objects.filter(pk=entry.pk).update(actor=None)  # detaching an erased account is allowed
    entry.refresh_from_db()
    assert (entry.detail, entry.actor) == ("Fokusområde", None)


def connection_cursor():
    from django.db import connection

    return connection.cursor()


def test_a_second_representative_is_told_why_the_organisations_secret_vote_needs_its_code(client):
    """One vote per organisation: in a secret election the portal does not keep which representative cast it
    (vote.cast_by is cleared), so it cannot let "the one who voted" change it without the receipt code. The
    code is the organisation's: a second representative who has it changes the vote; without it they are told
    why, and nothing changes."""
    from django.urls import reverse

    from steering.models import SecretChoice

    org = OrganisationFactory()
    first, second = UserFactory(), UserFactory()
    for rep in (first, second):
        MembershipFactory(user=rep, organisation=org)
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=1, is_secret=True)
    for name in ("Ada", "Bo"):
        Nomination.objects.create(
            ballot=ballot, candidate=UserFactory(first_name=name), nominated_by=org, category="halsa"
        )
    ballot = ballot_open(ballot=ballot)
    ada, bo = (ballot.options.get(nomination__candidate__first_name=n) for n in ("Ada", "Bo"))
    code = vote_cast(ballot=ballot, user=first, option_ids=[ada.pk]).receipt_code
    client.force_login(second)
    page = client.get(reverse("steering:ballot-detail", args=[ballot.pk])).content.decode()
    assert "Rösten är organisationens" in page and "fråga den som röstade efter koden" in page
    url = reverse("steering:ballot-vote", args=[ballot.pk])
    response = client.post(url, {"option": [bo.pk], "organisation": org.pk})
    assert response.status_code == 400 and ballot.votes.count() == 1
    response = client.post(url, {"option": [bo.pk], "organisation": org.pk, "receipt_code": code})
    assert response.status_code == 302 and ballot.votes.count() == 1
    ballot_close(ballot=ballot)
    assert list(SecretChoice.objects.filter(ballot=ballot).values_list("option", flat=True)) == [bo.pk]


def test_the_home_page_shows_next_years_focus_area_once_decided(client):
    from steering.factories import FocusAreaFactory

    year = timezone.localdate().year
    FocusAreaFactory(title="Årets område", start_year=year)
    FocusAreaFactory(title="Två år", start_year=year, end_year=year + 1)
    page = client.get("/").content.decode()
    assert "Årets område" in page and 'id="next-focus-heading"' not in page  # nothing decided for next year
    FocusAreaFactory(title="Nästa års område", start_year=year + 1)
    page = client.get("/").content.decode()
    next_year = page[page.index('id="next-focus-heading"') :]
    assert f"Fokusområde {year + 1}" in next_year and "Nästa års område" in next_year
    assert "Två år" not in next_year  # an area spanning both years is shown once, under this year
