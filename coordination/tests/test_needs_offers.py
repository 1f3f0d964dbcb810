"""Needs and offers: posting for one's own organisation, review, matching, accepting, and the partnership."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import OrganisationKind, Partnership, PartnershipParty
from coordination.factories import CallFactory, MatchFactory, PostingFactory
from coordination.models import Match, Posting, PostingKind, PostingStatus

from .url_access import SUBMITTED_POSTING_ACCESS

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return OrganisationFactory(name="Fritidsförvaltningen", kind=OrganisationKind.DEPARTMENT)


@pytest.fixture
def official(department):
    """Tove's colleague Eva, who acts for the leisure department."""
    user = UserFactory(email="eva@example.org")
    MembershipFactory(user=user, organisation=department)
    return user


def _form(**overrides) -> dict:
    return {
        "kind": "need",
        "title": "Ledare till sommarlovsaktiviteter",
        "description": "Vi behöver ideella ledare till aktiviteter i Rosengård.",
        "for_whom": "Barn 10–15 år",
        "category": "idrott",
        "place": "Rosengård",
        "valid_until": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        **overrides,
    }


def test_department_posts_a_need_that_waits_for_review_and_coordinators_are_told(
    client, official, department, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(official)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coordination:posting-create"), _form(organisation=department.pk))
    posting = Posting.objects.get()
    assert response.status_code == 302 and response["Location"] == posting.get_absolute_url()
    assert posting.status == PostingStatus.SUBMITTED and posting.organisation == department
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    client.logout()
    assert client.get(posting.get_absolute_url()).status_code == 404
    assert posting.title not in client.get(reverse("coordination:posting-list")).content.decode()


def test_nobody_posts_for_an_organisation_they_do_not_act_for(
    client, contact, representative, organisation, department
):
    client.force_login(representative)
    response = client.post(reverse("coordination:posting-create"), _form(organisation=department.pk))
    assert response.status_code == 400
    assert "Välj en organisation som du företräder." in response.content.decode()
    client.force_login(contact)  # a contact person does not act for the organisation
    response = client.post(reverse("coordination:posting-create"), _form(organisation=organisation.pk))
    assert response.status_code == 400
    assert "Du behöver företräda en organisation" in response.content.decode()
    assert not Posting.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("valid_until", "2020-01-01", "Datumet har redan passerat."),
        ("valid_until", "2999-01-01", "Ange ett datum mellan"),
        ("valid_until", "99999-01-01", "giltigt datum"),
        ("kind", "wish", "Välj ett giltigt alternativ."),
        ("title", "två\nrader", "radbrytning"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_saves_nothing(
    client, representative, organisation, field, value, message
):
    client.force_login(representative)
    response = client.post(
        reverse("coordination:posting-create"), _form(organisation=organisation.pk, **{field: value})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Posting.objects.exists()


def test_submitted_posting_is_seen_only_by_its_organisation_and_coordinators(client, request):
    users = {p: request.getfixturevalue(p) for p in SUBMITTED_POSTING_ACCESS.expected if p != "anonymous"}
    url = reverse("coordination:posting-detail", kwargs=SUBMITTED_POSTING_ACCESS.kwargs(users))
    for persona, expected in SUBMITTED_POSTING_ACCESS.expected.items():
        client.logout()
        if persona != "anonymous":
            client.force_login(users[persona])
        assert client.get(url).status_code == expected, persona


def test_coordinator_publishes_and_the_organisation_is_told(
    client, coordinator, representative, organisation, django_capture_on_commit_callbacks
):
    posting = PostingFactory(organisation=organisation, status=PostingStatus.SUBMITTED)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordination:posting-review", args=[posting.pk]), {"decision": "publish"})
    posting.refresh_from_db()
    assert posting.status == PostingStatus.PUBLISHED and posting.reviewed_by == coordinator
    assert [m.to for m in mail.outbox] == [[representative.email]]
    assert posting.title in client.get(reverse("coordination:posting-list")).content.decode()
    again = client.post(reverse("coordination:posting-review", args=[posting.pk]), {"decision": "decline"})
    posting.refresh_from_db()
    assert again.status_code == 302 and posting.status == PostingStatus.PUBLISHED


def test_match_accept_and_grow_into_a_partnership(
    client,
    coordinator,
    representative,
    organisation,
    official,
    department,
    django_capture_on_commit_callbacks,
):
    need = PostingFactory(organisation=department, kind=PostingKind.NEED, title="Ledare sökes")
    offer = PostingFactory(organisation=organisation, kind=PostingKind.OFFER, title="Vi har ledare")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coordination:match-create", args=[need.pk]), {"offer": offer.pk, "note": "Passar fint."}
        )
    match = Match.objects.get()
    assert response["Location"] == match.get_absolute_url()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([representative.email, official.email])
    assert "Passar fint." in mail.outbox[0].body
    # Not yet accepted: no partnership.
    client.post(
        reverse("coordination:match-partnership", args=[match.pk]),
        {"title": "Sommarledare", "form": "project", "purpose": "Ledare till sommaren"},
    )
    assert not Partnership.objects.exists()
    mail.outbox.clear()
    for party in (official, representative):
        client.force_login(party)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("coordination:match-accept", args=[match.pk]))
    match.refresh_from_db()
    assert match.is_accepted
    assert len(mail.outbox) == 1 and coordinator.email in mail.outbox[0].to
    client.force_login(coordinator)
    response = client.post(
        reverse("coordination:match-partnership", args=[match.pk]),
        {"title": "Sommarledare", "form": "project", "purpose": "Ledare till sommaren"},
    )
    match.refresh_from_db()
    assert response["Location"] == reverse("partnership-detail", args=[match.partnership_id])
    parties = PartnershipParty.objects.filter(partnership=match.partnership)
    assert {(p.organisation, p.side) for p in parties} == {
        (department, "public"),
        (organisation, "civil_society"),
    }


def test_a_party_outside_the_match_cannot_accept_it(client, outsider, representative):
    match = MatchFactory()
    client.force_login(outsider)
    assert client.post(reverse("coordination:match-accept", args=[match.pk])).status_code == 404
    client.force_login(representative)
    assert client.post(reverse("coordination:match-accept", args=[match.pk])).status_code == 404
    match.refresh_from_db()
    assert match.need_accepted_at is None and match.offer_accepted_at is None


def test_match_refuses_the_same_pair_twice_and_unpublished_postings(client, coordinator):
    match = MatchFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("coordination:match-create", args=[match.need_id]), {"offer": match.offer_id, "note": "Igen"}
    )
    assert response.status_code == 400 and "redan matchade" in response.content.decode()
    hidden = PostingFactory(kind=PostingKind.OFFER, status=PostingStatus.SUBMITTED)
    response = client.post(
        reverse("coordination:match-create", args=[match.need_id]), {"offer": hidden.pk, "note": "Nej"}
    )
    assert response.status_code == 400
    assert Match.objects.count() == 1


def test_call_collects_offers_and_refuses_them_when_closed(client, representative, organisation):
    call = CallFactory(title="Hjälp till flyktingar från Ukraina")
    client.force_login(representative)
    url = reverse("coordination:posting-create") + f"?samordning={call.pk}"
    response = client.post(url, _form(organisation=organisation.pk, kind="offer", title="Tolkar"))
    posting = Posting.objects.get()
    assert response.status_code == 302 and posting.call == call and posting.kind == PostingKind.OFFER
    posting.status = PostingStatus.PUBLISHED
    posting.save(update_fields=["status"])
    assert "Tolkar" in client.get(call.get_absolute_url()).content.decode()
    call.closes_on = call.opens_on = timezone.localdate() - dt.timedelta(days=1)
    call.save()
    closed = client.get(call.get_absolute_url()).content.decode()
    assert "Samordningen är stängd." in closed


def test_list_filters_through_its_query_form_and_shrugs_off_bad_parameters(client):
    PostingFactory(kind=PostingKind.NEED, title="Lokal sökes", category="kultur")
    PostingFactory(kind=PostingKind.OFFER, title="Lokal finns", category="idrott")
    page = client.get(reverse("coordination:posting-list"), {"typ": "offer"}).content.decode()
    assert "Lokal finns" in page and "Lokal sökes" not in page
    page = client.get(
        reverse("coordination:posting-list"), {"kategori": "kultur", "q": "lokal"}
    ).content.decode()
    assert "Lokal sökes" in page and "Lokal finns" not in page
    response = client.get(reverse("coordination:posting-list"), {"typ": "x" * 500, "kategori": "<script>"})
    assert response.status_code == 200
    assert "Lokal finns" in response.content.decode()


def test_pages_speak_english(client, coordinator):
    client.cookies["django_language"] = "en"
    need = PostingFactory()
    client.force_login(coordinator)
    page = client.get(need.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Match with an offer" in page
    assert "Needs and offers" in client.get(reverse("coordination:posting-list")).content.decode()


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_pages_do_not_do_more_queries_with_more_data(client, coordinator):
    client.force_login(coordinator)
    need = PostingFactory()
    call = CallFactory()

    def add(n):
        for _ in range(n):
            PostingFactory(kind=PostingKind.OFFER, call=call)
            MatchFactory(need=need)

    urls = [
        reverse("coordination:posting-list"),
        need.get_absolute_url(),
        call.get_absolute_url(),
        reverse("coordination:match-list"),
        reverse("coordination:posting-review-list"),
    ]
    add(3)
    small = [_count(client, url) for url in urls]
    add(9)
    large = [_count(client, url) for url in urls]
    assert small == large
    assert max(large) <= 15


def test_demo_data_holds_a_match_to_accept_a_call_and_funds():
    from django.core.management import call_command

    from coordination.models import Call, Fund

    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    match = Match.objects.get()
    assert match.need.organisation.name == "Fritidsförvaltningen" and match.need_accepted_at is not None
    assert match.offer_accepted_at is None and match.need.topic is not None
    assert Call.objects.get().postings.count() == 1
    assert Fund.objects.published().open_on(timezone.localdate()).count() == 4
