import datetime as dt

import pytest
from django.utils import timezone

from collaboration.services.privacy import account_delete, personal_data_export
from events.factories import EventFactory, RegistrationFactory
from events.models import Evaluation, RegistrationStatus
from events.privacy import retention_anonymise
from events.services import event_statistics

pytestmark = pytest.mark.django_db


def test_deleting_an_account_anonymises_sign_ups_and_keeps_the_counts(representative, organisation):
    event = EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=3), ends_at=timezone.now() - dt.timedelta(days=2)
    )
    own = RegistrationFactory(
        event=event,
        user=representative,
        email=representative.email,
        organisation=organisation,
        status=RegistrationStatus.ATTENDED,
    )
    Evaluation.objects.create(registration=own, rating=5, comment="Mina egna ord")
    colleague = RegistrationFactory(event=event, registered_by=representative, organisation=organisation)
    exported = personal_data_export(user=representative)["data"]
    assert {row["id"] for row in exported["events.Registration"]} == {own.pk, colleague.pk}
    assert exported["events.Evaluation"][0]["comment"] == "Mina egna ord"
    before = event_statistics(event)
    email = representative.email
    account_delete(user=representative)
    own.refresh_from_db(), colleague.refresh_from_db()
    assert email not in own.email and own.user is None and "Farid" not in own.name
    assert colleague.registered_by is None
    assert Evaluation.objects.get().comment == "" and Evaluation.objects.get().rating == 5
    assert event_statistics(event) == before


def test_guest_sign_ups_are_anonymised_after_the_retention_time(settings):
    settings.GUEST_DATA_RETENTION_DAYS = 30
    old = EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=41), ends_at=timezone.now() - dt.timedelta(days=40)
    )
    recent = EventFactory(
        starts_at=timezone.now() - dt.timedelta(days=3), ends_at=timezone.now() - dt.timedelta(days=2)
    )
    a = RegistrationFactory(event=old, email="gast@example.org")
    b = RegistrationFactory(event=recent, email="nyss@example.org")
    assert retention_anonymise(timezone.now()) == 1
    assert retention_anonymise(timezone.now()) == 0
    a.refresh_from_db(), b.refresh_from_db()
    assert a.email.endswith("@anonym.invalid") and b.email == "nyss@example.org"
