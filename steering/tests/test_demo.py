import pytest
from django.utils import timezone

from collaboration import demo as accounts
from steering import demo
from steering.models import Ballot, BallotKind, BallotStatus, FocusArea, Mandate, Meeting, composition_on

pytestmark = pytest.mark.django_db


def test_demo_holds_group_meetings_focus_areas_and_an_open_ballot(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        accounts.load()
        demo.load()
    today = timezone.localdate()
    stina = Mandate.objects.active_on(today).voting().get(user__email="styrgrupp@example.org")
    assert stina.has_vote
    assert composition_on(today)["ok"]
    years = {m.held_at.year for m in Meeting.objects.all()}
    assert {2021, 2022, 2023} <= years
    assert Meeting.objects.filter(held_at__year=2021).count() == 3
    assert Meeting.objects.filter(held_at__year=2022).count() == 4
    assert all(m.agenda for m in Meeting.objects.all())
    assert FocusArea.objects.filter(start_year__in=[2021, 2022, 2023]).count() == 3
    ballot = Ballot.objects.get(year=today.year + 1, kind=BallotKind.FOCUS_AREA)
    assert ballot.status == BallotStatus.OPEN and ballot.accepts_votes()
    assert ballot.electors.filter(user=stina.user).exists()
    assert ballot.options.filter(is_abstain=False).count() == 3
    election = Ballot.objects.filter(kind=BallotKind.ELECTION).first()
    if election:  # the election needs the collaboration demo's organisations
        assert election.nominations.filter(recommended=True).exists()
