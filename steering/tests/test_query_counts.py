"""The group, meeting and ballot pages do as many queries with three times the data (each measured on the first
request after the data changed, when the cached blocks are rendered afresh)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from steering.factories import BallotFactory, MandateFactory, MeetingFactory, ProposalFactory
from steering.models import BallotKind, Mandate, Nomination
from steering.services.ballots import ballot_close, ballot_open, vote_cast

pytestmark = pytest.mark.django_db


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _election(size: int) -> int:
    """A closed election of `size` candidates, one vote per organisation from `size` organisations."""
    orgs = [OrganisationFactory() for _ in range(size)]
    for org in orgs:
        MembershipFactory(user=UserFactory(), organisation=org)
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=2, term_starts_on=timezone.localdate())
    categories = ["halsa", "utbildning", "kultur", "idrott", "social_trygghet"]
    for i in range(size):
        Nomination.objects.create(
            ballot=ballot,
            candidate=UserFactory(),
            nominated_by=orgs[i],
            category=categories[i % 5],
            recommended_for_seat=1 + i if i < 2 else None,
        )
    ballot = ballot_open(ballot=ballot)
    options = list(ballot.options.filter(is_abstain=False).order_by("position"))
    for i, org in enumerate(orgs):
        rep = org.memberships.get().user
        vote_cast(ballot=ballot, user=rep, option_ids=[options[0].pk, options[1 + i % (len(options) - 1)].pk])
    ballot_close(ballot=ballot)
    return ballot.pk


def _focus_ballot(size: int, member) -> int:
    year = timezone.localdate().year + 1
    for _ in range(size):
        ProposalFactory(year=year, status="shortlisted")
    ballot = ballot_open(ballot=BallotFactory(year=year))
    options = list(ballot.options.filter(is_abstain=False))
    vote_cast(ballot=ballot, user=member, option_id=options[0].pk)
    return ballot.pk


@pytest.mark.parametrize("persona", ["steering_member", "coordinator"])
def test_group_meeting_and_ballot_pages_stay_bounded(client, request, persona, steering_member):
    viewer = request.getfixturevalue(persona)
    client.force_login(viewer)
    MandateFactory(user=steering_member)
    counts = {"group": [], "meeting": [], "election": [], "ballot": []}
    for size in (3, 9):
        for i in range(size):
            MandateFactory(
                side="civil_society", ends_on=timezone.localdate() + dt.timedelta(days=30 * (i + 1))
            )
            MandateFactory(side="city", category="")
        meeting = MeetingFactory(held_at=timezone.now() + dt.timedelta(days=size))
        meeting.attendees.set(Mandate.objects.all()[: size * 2])
        election = _election(size)
        ballot = _focus_ballot(size, steering_member)
        counts["group"].append(_count(client, reverse("steering:group")))
        counts["meeting"].append(_count(client, reverse("steering:meeting-detail", args=[meeting.pk])))
        counts["election"].append(_count(client, reverse("steering:ballot-detail", args=[election])))
        counts["ballot"].append(_count(client, reverse("steering:ballot-detail", args=[ballot])))
    problems = {page: (small, large) for page, (small, large) in counts.items() if large > small}
    assert not problems, counts
    assert max(large for _small, large in counts.values()) <= 20, counts
