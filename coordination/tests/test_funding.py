"""The funding catalogue: search, the monthly e-mail of deadlines with its unsubscribe link, and asking for help
with an application, which lands in the support log and in the report."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaboration.models import SupportEntry, SupportKind
from coordination.factories import FundFactory
from coordination.funding import funding_digest_send, unsubscribe_token
from coordination.models import FundingSubscription
from coordination.tasks import send_funding_digest

pytestmark = pytest.mark.django_db


def test_catalogue_searches_and_filters_and_hides_passed_deadlines(client):
    FundFactory(title="Kulturfonden", category_values=["kultur"])
    FundFactory(title="Idrottslyftet", category_values=["idrott"], funder="Riksidrottsförbundet")
    FundFactory(title="Gammal fond", deadline=timezone.localdate() - dt.timedelta(days=1))
    FundFactory(title="Dold fond", is_published=False)
    url = reverse("coordination:fund-list")
    page = client.get(url).content.decode()
    assert "Kulturfonden" in page and "Idrottslyftet" in page
    assert "Gammal fond" not in page and "Dold fond" not in page
    page = client.get(url, {"kategori": "kultur"}).content.decode()
    assert "Kulturfonden" in page and "Idrottslyftet" not in page
    page = client.get(url, {"q": "riksidrott"}).content.decode()
    assert "Idrottslyftet" in page and "Kulturfonden" not in page
    assert "Gammal fond" in client.get(url, {"alla": "on"}).content.decode()
    response = client.get(url, {"kategori": "bogus", "q": "x" * 300})
    assert response.status_code == 200 and "Kulturfonden" in response.content.decode()


def test_representative_subscribes_gets_the_monthly_mail_and_unsubscribes(
    client, representative, django_capture_on_commit_callbacks
):
    FundFactory(title="Trygghetsfonden", category_values=["social_trygghet"])
    FundFactory(title="Kulturfonden", category_values=["kultur"])
    client.force_login(representative)
    response = client.post(reverse("coordination:funding-subscription"), {"categories": ["social_trygghet"]})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert send_funding_digest.apply().get() == 1
    [message] = mail.outbox
    assert message.to == [representative.email]
    assert "Trygghetsfonden" in message.body and "Kulturfonden" not in message.body
    # Once a month: a second run the same month sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert funding_digest_send() == 0
    unsubscribe = reverse("coordination:funding-unsubscribe", args=[unsubscribe_token(representative)])
    assert unsubscribe in message.body
    client.logout()
    assert client.get(unsubscribe).status_code == 200
    client.post(unsubscribe)
    assert not FundingSubscription.objects.exists()


def test_a_forged_unsubscribe_link_changes_nothing(client, representative):
    FundingSubscription.objects.create(user=representative, categories=["kultur"])
    response = client.post(reverse("coordination:funding-unsubscribe", args=["1:forged"]))
    assert response.status_code == 200 and "Länken är ogiltig." in response.content.decode()
    assert FundingSubscription.objects.exists()


def test_subscription_refuses_an_unknown_category(client, representative):
    client.force_login(representative)
    response = client.post(reverse("coordination:funding-subscription"), {"categories": ["guld"]})
    assert response.status_code == 400
    assert not FundingSubscription.objects.exists()


def test_asking_for_help_lands_in_the_support_log_and_the_report(
    client, representative, organisation, coordinator, django_capture_on_commit_callbacks
):
    fund = FundFactory(title="Arvsfonden")
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coordination:fund-help", args=[fund.pk]),
            {"organisation": organisation.pk, "message": "Vi vill söka för ett läxhjälpsprojekt."},
        )
    assert response.status_code == 302
    entry = SupportEntry.objects.get()
    assert entry.kind == SupportKind.FUNDING and entry.organisation == organisation
    assert entry.requested_by == representative and "Arvsfonden" in entry.description
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    from reports.figures import gather_section

    assert gather_section("coordination", timezone.localdate().year)["funding_help"] == 1


def test_only_those_who_act_for_an_organisation_ask_for_help(client, contact, organisation):
    fund = FundFactory()
    client.force_login(contact)
    response = client.post(
        reverse("coordination:fund-help", args=[fund.pk]),
        {"organisation": organisation.pk, "message": "Hjälp"},
    )
    assert response.status_code in (302, 400)
    assert not SupportEntry.objects.exists()


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_catalogue_pages_do_not_do_more_queries_with_more_data(client, representative):
    from collaboration.factories import UserFactory

    client.force_login(representative)

    def add(n):
        for _ in range(n):
            FundFactory(category_values=["kultur", "idrott"])
            FundingSubscription.objects.create(user=UserFactory(), categories=["kultur"])

    add(3)
    fund = FundFactory()
    urls = [reverse("coordination:fund-list"), fund.get_absolute_url()]
    small = [_count(client, url) for url in urls]
    add(9)
    large = [_count(client, url) for url in urls]
    assert small == large and max(large) <= 15


def test_deadlines_appear_in_the_year_overview(client):
    fund = FundFactory(title="Sommarlovsbidraget", funder="Malmö stad")
    page = client.get(reverse("events:year-overview"), {"ar": fund.deadline.year}).content.decode()
    assert "Sista ansökningsdag: Sommarlovsbidraget (Malmö stad)" in page
    assert fund.get_absolute_url() in page
