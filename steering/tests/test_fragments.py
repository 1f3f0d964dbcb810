"""The steering pages' cached parts: each change shows at once, nothing of one visitor reaches another, results
stay hidden until the ballot closes, and a page costs the same queries whatever the size of the group."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib import admin
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import Organisation, User
from collaboration.services.privacy import account_delete
from collaboration.shared import fragments
from steering.factories import (
    BallotFactory,
    FocusAreaFactory,
    MandateFactory,
    MeetingFactory,
    ProposalFactory,
    open_focus_ballot,
)
from steering.models import (
    Ballot,
    BallotKind,
    BallotOption,
    Elector,
    FocusArea,
    Mandate,
    Meeting,
    MinutesStatus,
    Nomination,
    ProposalStatus,
    SecretChoice,
    Vote,
)
from steering.services.ballots import ballot_close, ballot_open, ballots_advance, vote_cast

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, 30, tzinfo=dt.UTC)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _labels(ballot) -> list[BallotOption]:
    return list(ballot.options.filter(is_abstain=False).order_by("position"))


def test_every_model_the_cached_parts_show_is_watched():
    watched = fragments.watched()
    assert {Mandate, Meeting, FocusArea, User, Organisation} <= set(watched["steering"])
    shown_on_a_ballot = {Ballot, BallotOption, Nomination, Elector, Vote, SecretChoice, Meeting, FocusArea}
    assert shown_on_a_ballot | {User, Organisation} <= set(watched["ballots"])


def test_group_page_shows_each_change_at_once(client, steering_member, coordinator):
    organisation = OrganisationFactory(name="Föreningen Förr")
    mandate = MandateFactory(user__first_name="Nora", user__last_name="Nilsson", organisation=organisation)
    meeting = MeetingFactory(held_at=timezone.now() + dt.timedelta(days=3), place="Rådhuset")
    client.force_login(steering_member)
    url = reverse("steering:group")
    page = _page(client, url)
    assert "Nora Nilsson" in page and "Föreningen Förr" in page and "Rådhuset" in page
    assert "Inget fokusområde är beslutat för i år." in page

    # Each change on its own: each must renew the page by itself.
    mandate.user.first_name = "Nova"
    mandate.user.save(update_fields=["first_name"])
    assert "Nova Nilsson" in _page(client, url)
    organisation.name = "Föreningen Nu"
    organisation.save(update_fields=["name"])
    assert "Föreningen Nu" in _page(client, url)
    FocusAreaFactory(title="Trygga mötesplatser")
    assert "Trygga mötesplatser" in _page(client, url)

    # The coordinators move the meeting and approve its minutes in the admin, and end the seat there.
    admin_client = Client()
    admin_client.force_login(coordinator)
    local = timezone.localtime(meeting.held_at)
    change = {
        "held_at_0": f"{local:%Y-%m-%d}",
        "held_at_1": f"{local:%H:%M:%S}",
        "place": "Stadshuset",
        "title": meeting.title,
        "agenda": meeting.agenda,
        "minutes": "Protokollet i sin helhet",
        "minutes_status": MinutesStatus.APPROVED,
        "decisions": "",
    }
    response = admin_client.post(reverse("admin:steering_meeting_change", args=[meeting.pk]), change)
    assert response.status_code == 302
    assert "Stadshuset" in _page(client, url)
    assert "Protokollet i sin helhet" in _page(
        Client(), reverse("steering:meeting-detail", args=[meeting.pk])
    )
    admin_client.post(
        reverse("admin:steering_mandate_changelist"),
        {"action": "end_today", admin.helpers.ACTION_CHECKBOX_NAME: [str(mandate.pk)]},
    )
    assert "Nova Nilsson" not in _page(client, url)
    # Signed out, the same minute: no signed-in sub-navigation from the member's copy.
    client.logout()
    assert reverse("steering:proposal-list") not in _page(client, url)


def test_a_meeting_leaves_the_next_meetings_once_it_has_begun(client):
    with time_machine.travel(NOW, tick=False):
        MeetingFactory(held_at=timezone.now() + dt.timedelta(minutes=1), place="Rådhuset")
        assert "Rådhuset" in _page(client, reverse("steering:group"))
    with time_machine.travel(NOW + dt.timedelta(minutes=2), tick=False):
        assert "Rådhuset" not in _page(client, reverse("steering:group"))


@time_machine.travel(NOW, tick=False)
def test_group_page_queries_cold_and_warm_do_not_grow_with_the_group(client, steering_member):
    client.force_login(steering_member)
    url = reverse("steering:group")
    client.get(url)  # the viewer's roles into the cache
    counts = []
    for size in (8, 30):
        for _ in range(size):
            MandateFactory()
            MeetingFactory(held_at=timezone.now() + dt.timedelta(days=3))
        counts.append((_queries(client, url), _queries(client, url)))
    assert counts[0] == counts[1], counts
    cold, warm = counts[0]
    # Cold: the seats, the meetings, the focus areas and the last election's category deviation. Warm: only
    # what every signed-in page costs.
    assert (cold - warm, warm) == (4, _frame(client)), counts


def test_ballot_page_shows_each_change_at_once(client):
    voter, other = UserFactory(), UserFactory(first_name="Olle", last_name="Öppen")
    meeting = MeetingFactory(title="Septembermötet")
    ballot = open_focus_ballot(voters=[voter, other], meeting=meeting, description="Välj ett område.")
    first, second = _labels(ballot)
    client.force_login(voter)
    url = reverse("steering:ballot-detail", args=[ballot.pk])
    page = _page(client, url)
    assert first.label in page and "Septembermötet" in page and "Välj ett område." in page

    # Each change on its own: each must renew the page by itself.
    first.label = "Trygga mötesplatser"
    first.save(update_fields=["label"])
    assert "Trygga mötesplatser" in _page(client, url)
    meeting.title = "Oktobermötet"
    meeting.save(update_fields=["title"])
    assert "Oktobermötet" in _page(client, url)
    ballot.description = "Välj ett av två områden."
    ballot.save(update_fields=["description"])
    assert "Välj ett av två områden." in _page(client, url)

    vote_cast(ballot=ballot, user=voter, option_id=first.pk)
    assert "Du har röstat: Trygga mötesplatser." in _page(client, url)
    vote_cast(ballot=ballot, user=other, option_id=second.pk)
    assert "Resultatet visas för alla när omröstningen har stängt." in _page(client, url)
    ballot_close(ballot=ballot)
    page = _page(client, url)
    assert "Valdeltagande: 2 av 2" in page and "Olle Öppen" in page
    other.last_name = "Omdöpt"
    other.save(update_fields=["last_name"])
    assert "Olle Omdöpt" in _page(client, url)


def test_results_stay_hidden_until_closing_and_a_secret_choice_reaches_nobody(client):
    voter, waiting = UserFactory(), UserFactory()
    ballot = open_focus_ballot(voters=[voter, waiting], is_secret=True)
    first, _second = _labels(ballot)
    url = reverse("steering:ballot-detail", args=[ballot.pk])
    client.force_login(voter)
    client.post(reverse("steering:ballot-vote", args=[ballot.pk]), {"option": first.pk})
    page = _page(client, url)
    assert "Omröstningen är sluten, så ditt val sparas utan koppling till dig." in page
    assert "Den här webbläsaren har din kvittokod sparad" in page and "Du har röstat:" not in page
    other = Client()
    other.force_login(waiting)
    page = _page(other, url)
    assert (
        "Du har röstat" not in page and "kvittokod sparad" not in page and 'name="receipt_code"' not in page
    )
    assert "Resultatet visas för alla när omröstningen har stängt." in page and "Valdeltagande" not in page
    ballot_close(ballot=ballot)
    page = _page(other, url)
    assert "Valdeltagande: 1 av 2" in page and "Vem röstade vad" not in page


def test_each_voter_posts_with_their_own_csrf_token():
    voters = [UserFactory(), UserFactory()]
    ballot = open_focus_ballot(voters=voters)
    first, second = _labels(ballot)
    url = reverse("steering:ballot-detail", args=[ballot.pk])
    for voter, option in zip(voters, (first, second), strict=True):
        client = Client(enforce_csrf_checks=True)
        client.force_login(voter)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', _page(client, url)).group(1)
        vote = {"option": option.pk, "csrfmiddlewaretoken": token}
        assert client.post(reverse("steering:ballot-vote", args=[ballot.pk]), vote).status_code == 302
    assert sorted(Vote.objects.values_list("option", flat=True)) == sorted([first.pk, second.pk])


def test_the_electorate_frozen_at_the_opening_shows_at_once(client):
    voter = UserFactory()
    with time_machine.travel(NOW, tick=False):
        MandateFactory(user=voter)
        ProposalFactory(status=ProposalStatus.SHORTLISTED)
        ballot = ballot_open(ballot=BallotFactory(opens_at=NOW + dt.timedelta(hours=1)))
        client.force_login(voter)
        url = reverse("steering:ballot-detail", args=[ballot.pk])
        assert "Du finns inte i röstlängden" in _page(client, url)
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        assert ballots_advance() == {"opened": 1, "closed": 0}
        page = _page(client, url)
        assert 'type="radio"' in page and "Du finns inte i röstlängden" not in page


def test_election_candidates_and_an_erased_candidates_statement_show_at_once(client, representative):
    ballot = BallotFactory(kind=BallotKind.ELECTION, title="Valmöte")
    candidate = UserFactory(first_name="Kim", last_name="Kandidat")
    url = reverse("steering:ballot-detail", args=[ballot.pk])
    client.force_login(representative)
    assert "Inga nominerade än." in _page(client, url)
    organisation = representative.memberships.get().organisation
    Nomination.objects.create(
        ballot=ballot,
        candidate=candidate,
        nominated_by=organisation,
        category="kultur",
        recommended=True,
        committee_statement="Lång erfarenhet",
    )
    assert "Kim Kandidat" in _page(client, url) and "Lång erfarenhet" in _page(client, url)
    candidate.first_name = "Kimberly"
    candidate.save(update_fields=["first_name"])
    assert "Kimberly Kandidat" in _page(client, url)
    organisation.name = "Föreningen Omdöpt"
    organisation.save(update_fields=["name"])
    assert "Föreningen Omdöpt" in _page(client, url)
    account_delete(user=candidate)
    page = _page(client, url)
    assert "Kimberly Kandidat" not in page and "Lång erfarenhet" not in page


def _ballot_of_size(size: int) -> tuple[Ballot, User]:
    voters = [UserFactory() for _ in range(size)]
    ballot = open_focus_ballot(voters=voters, proposals=size // 2)
    vote_cast(ballot=ballot, user=voters[1], option_id=_labels(ballot)[0].pk)
    return ballot, voters[0]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
def test_ballot_page_queries_cold_and_warm_do_not_grow_with_the_ballot(client, closed):
    counts = []
    for size in (4, 16):
        ballot, voter = _ballot_of_size(size)
        vote_cast(ballot=ballot, user=voter, option_id=_labels(ballot)[-1].pk)
        if closed:
            ballot_close(ballot=ballot)
        client.force_login(voter)
        url = reverse("steering:ballot-detail", args=[ballot.pk])
        counts.append((_frame(client), _queries(client, url), _queries(client, url)))
    assert counts[0] == counts[1], counts
    frame, _cold, warm = counts[0]
    assert warm == frame + 1, counts  # the voter's own votes


def _frame(client) -> int:
    """What any signed-in page costs (the session and the user; the user only with Redis): the group page,
    once its cached part is warm."""
    client.get(reverse("steering:group"))
    return _queries(client, reverse("steering:group"))


def test_an_election_voter_needs_one_query_for_whom_they_represent_and_one_for_their_votes(client):
    organisation, second = OrganisationFactory(), OrganisationFactory()
    voter = UserFactory()
    MembershipFactory(user=voter, organisation=organisation)
    MembershipFactory(user=voter, organisation=second)
    ballot = BallotFactory(kind=BallotKind.ELECTION, seats=1, title="Valmöte")
    Nomination.objects.create(
        ballot=ballot, candidate=UserFactory(), nominated_by=organisation, category="kultur"
    )
    ballot = ballot_open(ballot=ballot)
    client.force_login(voter)
    url = reverse("steering:ballot-detail", args=[ballot.pk])
    page = _page(client, url)
    assert 'name="organisation"' in page and organisation.name in page and second.name in page
    assert _queries(client, url) == _frame(client) + 2
