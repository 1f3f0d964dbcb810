import datetime as dt

import pytest
from django.utils import timezone

from collaboration import demo as accounts
from reports.figures.steering import gather
from steering import demo
from steering.models import (
    AuditEvent,
    Ballot,
    BallotKind,
    BallotOutcome,
    BallotStatus,
    FocusArea,
    Mandate,
    MandateRole,
    Meeting,
    composition_on,
)

pytestmark = pytest.mark.django_db


def test_demo_holds_group_meetings_focus_areas_and_an_open_ballot(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accounts.load()
        demo.load()
    today = timezone.localdate()
    stina = Mandate.objects.active_on(today).voting().get(user__email="styrgrupp@example.org")
    assert stina.has_vote
    assert composition_on(today)["ok"]
    # The group of the annual reports: 3 from the city and 5 from civil society all through 2021–2023.
    for year in (2021, 2022, 2023):
        for day in (dt.date(year, 1, 1), dt.date(year, 6, 30), dt.date(year, 12, 31)):
            assert composition_on(day)["counts"] == {"city": 3, "civil_society": 5}, day
        assert gather(year)["voting_members_by_side"] == {"Malmö stad": 3, "idéburen sektor": 5}, year
    # Staggered: in each of 2022 and 2023 only some of the seats began a new term.
    for year, starting in ((2022, 2), (2023, 6)):
        assert Mandate.objects.voting().filter(starts_on=dt.date(year, 1, 1)).count() == starting
    assert not Mandate.objects.voting().filter(ends_on__lt=dt.date(2021, 12, 31)).exists()
    years = {m.held_at.year for m in Meeting.objects.all()}
    assert {2021, 2022, 2023} <= years
    assert Meeting.objects.filter(held_at__year=2021).count() == 3
    assert Meeting.objects.filter(held_at__year=2022).count() == 4
    assert all(m.agenda for m in Meeting.objects.all())
    assert FocusArea.objects.filter(start_year__in=[2021, 2022, 2023]).count() == 3
    for year in range(2024, today.year + 1):
        assert Meeting.objects.filter(held_at__year=year).count() == 4, year
    assert Mandate.objects.active_on(today).filter(role=MandateRole.CO_OPTED).count() == 2
    ballot = Ballot.objects.get(year=today.year + 1, kind=BallotKind.FOCUS_AREA)
    assert ballot.electors.filter(user=stina.user).exists()
    assert ballot.options.filter(is_abstain=False).count() == 3
    if ballot.closes_at > timezone.now():
        assert ballot.status == BallotStatus.OPEN and ballot.accepts_votes()
    else:  # run in September–October and decided by the quorate October meeting, minuted and audited
        assert (timezone.localtime(ballot.opens_at).month, timezone.localtime(ballot.closes_at).month) == (
            9,
            10,
        )
        assert ballot.outcome == BallotOutcome.DECIDED and ballot.meeting.held_at.month == 10
        assert ballot.meeting.quorum()["quorate"] and ballot.focus_area.title in ballot.meeting.decisions
        assert FocusArea.objects.for_year(today.year + 1).get() == ballot.focus_area
        assert AuditEvent.objects.filter(ballot=ballot, action="decided", meeting=ballot.meeting).exists()
        assert AuditEvent.objects.filter(action="shortlist_decided", meeting__held_at__month=9).exists()
    election = Ballot.objects.filter(kind=BallotKind.ELECTION).exclude(status=BallotStatus.CLOSED).first()
    if election:  # the election needs the collaboration demo's organisations
        recommended = election.nominations.filter(recommended_for_seat__isnull=False)
        assert recommended.count() == election.seats and election.nominating_committee.count() == 2
        staying = set(
            Mandate.objects.active_on(election.term_starts_on).voting().values_list("category", flat=True)
        )
        categories = list(recommended.values_list("category", flat=True))
        assert len(set(categories)) == len(categories) and not set(categories) & staying  # the rule holds
        assert election.election_chair and not Mandate.objects.filter(user=election.election_chair).exists()


def test_the_demos_last_election_ran_to_its_result_and_seated_its_members(django_capture_on_commit_callbacks):
    """The election meeting before the latest terms: one vote per member organisation, the seats to the
    recommended candidates of the missing categories although the kultur candidate had the most marks."""
    with django_capture_on_commit_callbacks(execute=True):
        accounts.load()
        demo.load()
    today = timezone.localdate()
    election = Ballot.objects.get(kind=BallotKind.ELECTION, status=BallotStatus.CLOSED)
    assert election.outcome == BallotOutcome.DECIDED and not election.category_deviation
    seated = Mandate.objects.filter(starts_on=election.term_starts_on, side="civil_society").voting()
    assert seated.count() == election.seats == 2
    assert all(m.appointed_by == f"Valmötet {election.year}" for m in seated)
    categories = set(
        Mandate.objects.active_on(election.term_starts_on)
        .voting()
        .filter(side="civil_society")
        .values_list("category", flat=True)
    )
    assert len(categories) == 5  # five members from five different categories
    assert not seated.filter(user__email="nora.kultur@example.org").exists()
    # The members it seated sit in the group's meetings of their term (one or two are away at each).
    held = Meeting.objects.filter(held_at__date__gte=election.term_starts_on, held_at__lt=timezone.now())
    if held.count() >= 2:
        assert held.filter(attendees__in=seated).exists()
    assert AuditEvent.objects.filter(ballot=election, action="decided").exists()
    assert composition_on(today)["ok"]
