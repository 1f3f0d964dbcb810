"""Coordination's e-mail goes out in each recipient's language: the one their account chose with the language
switch, otherwise Swedish."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import User
from coordination.factories import FundFactory, PostingFactory
from coordination.funding import funding_digest_send
from coordination.models import FundingSubscription, Mailing, MailingStatus, PostingKind
from coordination.services import match_create

pytestmark = pytest.mark.django_db


def test_the_language_switch_keeps_a_signed_in_persons_choice(client, representative):
    client.force_login(representative)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    representative.refresh_from_db()
    assert representative.language == "en"
    # A language the portal does not have changes nothing.
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    representative.refresh_from_db()
    assert representative.language == "en"


def test_an_anonymous_visitors_choice_is_only_the_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert not User.objects.exclude(language="").exists()


def test_a_match_is_announced_to_each_side_in_its_language(
    coordinator, representative, organisation, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=representative.pk).update(language="en")
    department = OrganisationFactory(name="Fritidsförvaltningen", kind="forvaltning")
    official = UserFactory()  # never chose: Swedish
    MembershipFactory(user=official, organisation=department)
    need = PostingFactory(kind=PostingKind.NEED, organisation=department, title="Ledare")
    offer = PostingFactory(kind=PostingKind.OFFER, organisation=organisation, title="Ideella ledare")
    with django_capture_on_commit_callbacks(execute=True):
        match_create(need=need, offer=offer, note="De passar ihop.", matched_by=coordinator)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert by_recipient[representative.email].subject == "A suggested collaboration: Ideella ledare"
    assert "Read more and accept here" in by_recipient[representative.email].body
    assert "Läs mer och acceptera här" in by_recipient[official.email].body
    assert by_recipient[official.email].subject == "Ett förslag på samverkan: Ledare"


def test_the_funding_digest_is_in_the_subscribers_language_dates_included(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=10)
    FundFactory(title="Trygghetsfonden", category_values=["social_trygghet"], deadline=deadline)
    english, swedish = UserFactory(language="en"), UserFactory()
    for user in (english, swedish):
        FundingSubscription.objects.create(user=user, categories=["social_trygghet"])
    with django_capture_on_commit_callbacks(execute=True):
        assert funding_digest_send(today=today) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert by_recipient[english.email].subject == "Application deadlines for funds and grants"
    assert deadline.strftime("%B") in by_recipient[english.email].body
    assert by_recipient[swedish.email].subject == "Sista ansökningsdagar för fonder och bidrag"


def test_a_mailing_keeps_the_coordinators_text_and_words_its_opt_out_line_per_recipient(
    coordinator, representative, organisation, django_capture_on_commit_callbacks
):
    from coordination.mailings import mailing_deliver_run

    User.objects.filter(pk=representative.pk).update(language="en")
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=organisation)
    mailing = Mailing.objects.create(
        subject="Nyhetsbrev", body="Hej alla!", created_by=coordinator, status=MailingStatus.SENDING
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert mailing_deliver_run(mailing.pk) == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    english, swedish = by_recipient[representative.email], by_recipient[colleague.email]
    assert english.subject == swedish.subject == "Nyhetsbrev"
    assert english.body.startswith("Hej alla!") and "Unsubscribe here" in english.body
    assert "Avregistrera dig här" in swedish.body and "Unsubscribe" not in swedish.body


def test_the_chosen_language_is_in_the_persons_data_and_goes_with_their_account(representative):
    from collaboration import privacy

    User.objects.filter(pk=representative.pk).update(language="en")
    representative.refresh_from_db()
    assert privacy.export(representative)["collaboration.User"][0]["language"] == "en"
    privacy.erase(representative)
    representative.refresh_from_db()
    assert representative.language == ""
