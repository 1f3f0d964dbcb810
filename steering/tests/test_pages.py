import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import UserFactory
from steering.factories import MandateFactory, MeetingFactory, open_focus_ballot
from steering.models import MandateRole, Meeting, MinutesStatus, Proposal, ProposalComment, Side, Vote
from steering.services.ballots import ballot_close, vote_cast

pytestmark = pytest.mark.django_db


def _seat(n_city: int, n_civil: int) -> None:
    for _ in range(n_city):
        MandateFactory(side=Side.CITY, category="")
    for _ in range(n_civil):
        MandateFactory(side=Side.CIVIL_SOCIETY)


def test_group_page_shows_who_sits_until_when_and_terms_ending_soon(client):
    today = timezone.localdate()
    MandateFactory(user__first_name="Nora", user__last_name="Snart", ends_on=today + dt.timedelta(days=60))
    MandateFactory(user__first_name="Lars", user__last_name="Länge", ends_on=today + dt.timedelta(days=400))
    MandateFactory(user__first_name="Gammal", user__last_name="Ledamot", ends_on=today - dt.timedelta(days=1))
    page = client.get(reverse("steering:group")).content.decode()
    assert "Nora Snart" in page and "Lars Länge" in page and "Gammal Ledamot" not in page
    ending = page.split("Mandat som löper ut inom sex månader")[1]
    assert "Nora Snart" in ending and "Lars Länge" not in ending


def test_composition_deviation_is_shown_to_coordinators_only(client, coordinator, steering_member):
    _seat(2, 5)
    client.force_login(coordinator)
    page = client.get(reverse("steering:group")).content.decode()
    assert "Sammansättningen avviker" in page and "2 röstberättigade ledamöter, ska vara 3" in page
    client.force_login(steering_member)
    assert "Sammansättningen avviker" not in client.get(reverse("steering:group")).content.decode()
    MandateFactory(side=Side.CITY, category="")
    MandateFactory(side=Side.CITY, category="", role=MandateRole.CO_OPTED)  # no vote: does not count
    client.force_login(coordinator)
    assert "Sammansättningen avviker" not in client.get(reverse("steering:group")).content.decode()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request reads the viewer's roles into the cache; count a later one
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_group_page_query_count_does_not_grow_with_the_group(client, coordinator):
    client.force_login(coordinator)
    url = reverse("steering:group")
    counts = []
    for size in (8, 30):
        _seat(3, size - 3)
        for _ in range(size):
            MeetingFactory(held_at=timezone.now() + dt.timedelta(days=3))
        counts.append(_queries(client, url))
    assert counts[0] == counts[1] <= 10, counts


def test_meeting_quorum_and_minutes_drafts_for_members_only(client, steering_member):
    mandates = [MandateFactory() for _ in range(4)]
    meeting = MeetingFactory(
        minutes="Hemligt utkast", minutes_status=MinutesStatus.DRAFT, decisions="Beslut A"
    )
    meeting.attendees.set(mandates[:2])
    quorum = meeting.quorum()
    assert (quorum["seats"], quorum["present"], quorum["needed"], quorum["quorate"]) == (4, 2, 3, False)
    meeting.attendees.add(mandates[2])
    assert meeting.quorum()["quorate"] is True
    url = reverse("steering:meeting-detail", args=[meeting.pk])
    assert "Hemligt utkast" not in client.get(url).content.decode()
    client.force_login(steering_member)
    assert "Hemligt utkast" in client.get(url).content.decode()
    client.logout()
    meeting.minutes_status = MinutesStatus.APPROVED
    meeting.save(update_fields=["minutes_status"])
    page = client.get(url).content.decode()
    assert "Hemligt utkast" in page and "Beslut A" in page and "Beslutsfört" in page
    assert "mer än hälften av de röstberättigade ledamöterna" in page  # the one quorum rule, shown


def test_minutes_pdf_is_validated_and_served_only_as_checked_attachment(
    client, settings, tmp_path, steering_member
):
    from django.core.exceptions import ValidationError

    settings.MEDIA_ROOT = tmp_path
    meeting = MeetingFactory(minutes_status=MinutesStatus.DRAFT)
    meeting.minutes_pdf = SimpleUploadedFile("protokoll.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        meeting.full_clean()
    meeting.minutes_pdf = SimpleUploadedFile("protokoll.exe", b"%PDF-1.4 x", content_type="application/pdf")
    with pytest.raises(ValidationError):
        meeting.full_clean()
    settings.MAX_UPLOAD_SIZE = 20
    meeting.minutes_pdf = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 " + b"x" * 50)
    with pytest.raises(ValidationError):
        meeting.full_clean()
    settings.MAX_UPLOAD_SIZE = 10_000
    meeting.minutes_pdf = SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 minutes")
    meeting.full_clean()
    meeting.save()
    url = reverse("steering:meeting-minutes-pdf", args=[meeting.pk])
    assert client.get(url).status_code == 404  # draft: not public
    client.force_login(steering_member)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"


def test_anyone_signed_in_proposes_members_discuss(client, outsider, steering_member):
    client.force_login(outsider)
    year = timezone.localdate().year + 1
    response = client.post(
        reverse("steering:proposal-create"),
        {"year": year, "title": "Psykisk hälsa", "motivation": "Unga mår sämre."},
    )
    proposal = Proposal.objects.get(title="Psykisk hälsa")
    assert response.status_code == 302 and proposal.proposed_by == outsider and proposal.year == year
    bad = client.post(reverse("steering:proposal-create"), {"year": 1999, "title": "", "motivation": ""})
    assert bad.status_code == 200 and Proposal.objects.count() == 1
    assert (
        client.post(reverse("steering:proposal-comment", args=[proposal.pk]), {"body": "Nej"}).status_code
        == 403
    )
    client.force_login(steering_member)
    client.post(reverse("steering:proposal-comment", args=[proposal.pk]), {"body": "Bra idé"})
    assert ProposalComment.objects.get().author == steering_member
    empty = client.post(reverse("steering:proposal-comment", args=[proposal.pk]), {"body": ""})
    assert empty.status_code == 400 and ProposalComment.objects.count() == 1


def test_member_votes_changes_vote_and_sees_result_after_closing_in_browser(client):
    voter, other = UserFactory(), UserFactory()
    ballot = open_focus_ballot(voters=[voter, other])
    first, second = ballot.options.filter(is_abstain=False)
    client.force_login(voter)
    url = reverse("steering:ballot-detail", args=[ballot.pk])
    page = client.get(url).content.decode()
    assert (
        'type="radio"' in page
        and "Jag avstår" in page
        and "visas för alla när omröstningen har stängt" in page
    )
    client.post(reverse("steering:ballot-vote", args=[ballot.pk]), {"option": first.pk})
    client.post(reverse("steering:ballot-vote", args=[ballot.pk]), {"option": second.pk})
    assert Vote.objects.get(elector__user=voter).option == second
    page = client.get(url).content.decode()
    assert "Ändra min röst" in page and f"Du har röstat: {second.label}" in page
    assert "Valdeltagande" not in page
    vote_cast(ballot=ballot, user=other, option_id=second.pk)
    ballot_close(ballot=ballot)
    page = client.get(url).content.decode()
    assert "Valdeltagande: 2 av 2" in page and "Vem röstade vad" in page and str(other) in page


def test_ballot_page_query_count_does_not_grow_with_voters_or_options(client):
    counts = []
    for size in (3, 25):
        voters = [UserFactory() for _ in range(size)]
        ballot = open_focus_ballot(voters=voters, proposals=size, year=2100 + size)
        options = list(ballot.options.all())
        for i, voter in enumerate(voters):
            vote_cast(ballot=ballot, user=voter, option_id=options[i % len(options)].pk)
        client.force_login(voters[0])
        url = reverse("steering:ballot-detail", args=[ballot.pk])
        open_count = _queries(client, url)
        ballot_close(ballot=ballot)
        counts.append((open_count, _queries(client, url)))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 12 and counts[0][1] <= 16, counts


def test_meeting_list_query_count_is_bounded(client, django_assert_max_num_queries):
    for size in (2, 20):
        for _ in range(size):
            MeetingFactory()
        with django_assert_max_num_queries(6):
            assert client.get(reverse("steering:meeting-list")).status_code == 200
    assert Meeting.objects.count() == 22
