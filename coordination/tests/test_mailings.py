"""Newsletters and invitations: written in the portal, sent to the chosen set by the worker, with an opt-out
link every mass e-mail honours, and counted in the report's communication section."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import OrganisationKind
from coordination.factories import FundFactory
from coordination.funding import funding_digest_send
from coordination.mailings import opt_out_token
from coordination.models import FundingSubscription, Mailing, MailingStatus, MailOptOut
from events.factories import EventFactory, RegistrationFactory
from events.models import EventKind, RegistrationStatus

pytestmark = pytest.mark.django_db


def _write(client, **fields) -> Mailing:
    data = {"subject": "Inbjudan till dialogforum", "body": "Välkommen!", "audience": "all", **fields}
    response = client.post(reverse("coordination:mailing-create"), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return Mailing.objects.latest("pk")


def test_coordinator_sends_to_a_sector_and_it_is_sent_once(
    client, coordinator, representative, django_capture_on_commit_callbacks
):
    department = OrganisationFactory(kind=OrganisationKind.DEPARTMENT)
    official = UserFactory()
    MembershipFactory(user=official, organisation=department)
    client.force_login(coordinator)
    mailing = _write(client, audience="sector", sector="city")
    assert "1 person just nu" in client.get(mailing.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordination:mailing-send", args=[mailing.pk]))
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and mailing.recipients_count == 1
    assert [m.to for m in mail.outbox] == [[official.email]]
    assert reverse("coordination:mail-opt-out", args=[opt_out_token(official.email)]) in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("coordination:mailing-send", args=[mailing.pk]), follow=True)
    assert "Utskicket är redan skickat." in response.content.decode() and len(mail.outbox) == 1


def test_attendees_of_a_kind_and_a_waiting_list(client, coordinator, django_capture_on_commit_callbacks):
    lunch = EventFactory(kind=EventKind.LEARNING_LUNCH)
    RegistrationFactory(event=lunch, email="came@example.org", status=RegistrationStatus.ATTENDED)
    RegistrationFactory(event=lunch, email="absent@example.org", status=RegistrationStatus.NO_SHOW)
    forum = EventFactory()
    RegistrationFactory(event=forum, email="waits@example.org", status=RegistrationStatus.WAITING)
    client.force_login(coordinator)
    attendees = _write(client, audience="attendees", event_kind="larandelunch")
    waiting = _write(client, audience="waiting", event=forum.pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordination:mailing-send", args=[attendees.pk]))
        client.post(reverse("coordination:mailing-send", args=[waiting.pk]))
    assert sorted(m.to[0] for m in mail.outbox) == ["came@example.org", "waits@example.org"]


def test_a_mailing_without_its_set_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("coordination:mailing-create"), {"subject": "Hej", "body": "Text", "audience": "category"}
    )
    assert response.status_code == 400 and "Välj vilken kategori." in response.content.decode()
    assert not Mailing.objects.exists()


def test_opt_out_is_honoured_by_mailings_and_the_funding_mail(
    client, coordinator, representative, django_capture_on_commit_callbacks
):
    FundFactory(category_values=["social_trygghet"])
    FundingSubscription.objects.create(user=representative, categories=["social_trygghet"])
    url = reverse("coordination:mail-opt-out", args=[opt_out_token(representative.email)])
    assert client.get(url).status_code == 200
    client.post(url)
    assert MailOptOut.objects.filter(email=representative.email).exists()
    client.force_login(coordinator)
    mailing = _write(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordination:mailing-send", args=[mailing.pk]))
        funding_digest_send()
    assert mail.outbox == []
    mailing.refresh_from_db()
    assert mailing.recipients_count == 0


def test_a_forged_opt_out_changes_nothing(client):
    response = client.post(reverse("coordination:mail-opt-out", args=["someone@example.org:forged"]))
    assert response.status_code == 200 and not MailOptOut.objects.exists()


def test_the_report_counts_what_was_sent(
    client, coordinator, representative, django_capture_on_commit_callbacks
):
    from reports.figures import gather_section

    client.force_login(coordinator)
    mailing = _write(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("coordination:mailing-send", args=[mailing.pk]))
    figures = gather_section("coordination", timezone.localdate().year)
    assert figures["mailings"] == 1 and figures["mailing_recipients"] == 1
