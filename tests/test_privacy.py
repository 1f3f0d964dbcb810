"""Privacy as the issue asks: a person downloads everything the portal holds about them, deletes their account
without changing any count, and sign-ups of people without an account are anonymised after their retention time."""

import json

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from collaboration.services.privacy import (
    account_delete,
    personal_data_export,
    privacy_modules,
    user_fields,
)

pytestmark = pytest.mark.django_db

# What deleting an account may remove: the person's own records, which no statistic counts.
MAY_SHRINK = {"collaboration.Membership", "account.EmailAddress", "mfa.Authenticator", "sessions.Session"}
# The cached pages' change log (collaboration/shared/fragments.py) grows with every write, a deletion too; it holds the
# names of tables, never a person's data.
MAY_CHANGE = MAY_SHRINK | {"collaboration.DataChange"}
# Records kept under the archive rules (GDPR art. 17.3 b), as the privacy notice says: the annual report
# versions sent to the municipal board (they name the steering group's members). The steering group's audit
# trail names nobody, so it is held to "no trace of the person" like everything else.
ARCHIVED_RECORDS = {"reports.ReportVersion"}


def user_linked_models() -> list[type[models.Model]]:
    # A proxy model (the admin's TwoFactorAuthenticator) holds its concrete model's rows, exported as those.
    return [model for model in apps.get_models() if user_fields(model) and not model._meta.proxy]


def test_every_app_has_a_privacy_module_with_export_and_erase():
    modules = {module.__name__: module for module in privacy_modules()}
    for config in apps.get_app_configs():
        if config.name in {"collaboration", "steering", "events", "coordination", "reports"} and any(
            user_fields(m) for m in config.get_models()
        ):
            assert f"{config.name}.privacy" in modules, (
                f"{config.name} keeps personal data but has no privacy.py"
            )
    for module in modules.values():
        assert callable(module.export) and callable(module.erase)


def test_export_covers_every_model_that_points_to_a_person(outsider):
    exported = personal_data_export(user=outsider)["data"]
    missing = sorted(
        model._meta.label
        for model in [get_user_model(), *user_linked_models()]
        if model._meta.label not in exported
    )
    assert not missing, f"The personal data export does not cover: {missing} (add them to <app>/privacy.py)"


def test_export_holds_every_row_that_points_to_each_demo_person():
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    people = list(get_user_model().objects.all())
    checked = 0
    for user in people:
        exported = personal_data_export(user=user)["data"]
        json.dumps(exported)  # the export is plain JSON
        for model in user_linked_models():
            condition = models.Q()
            for field in user_fields(model):
                condition |= models.Q(**{field.name: user})
            expected = set(model._base_manager.filter(condition).values_list("pk", flat=True))
            got = {row["id"] for row in exported[model._meta.label]}
            assert expected <= got, f"{model._meta.label}: rows {expected - got} of {user.email} not exported"
            checked += len(expected)
    assert checked > len(people)


def test_export_never_contains_secrets_or_other_people(coordinator, representative):
    membership = representative.memberships.get()
    membership.confirmed_by = coordinator
    membership.save(update_fields=["confirmed_by"])
    text = json.dumps(personal_data_export(user=coordinator), ensure_ascii=False)
    assert "JBSWY3DP" not in text  # the TOTP secret
    assert coordinator.password not in text
    assert representative.email not in text and representative.last_name not in text


def test_person_downloads_their_data_as_a_json_attachment(client, representative):
    client.force_login(representative)
    page = client.get(reverse("personal-data"))
    assert reverse("personal-data-download") in page.content.decode()
    response = client.get(reverse("personal-data-download"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["data"]["collaboration.User"][0]["email"] == representative.email
    organisations = [row["organisation"] for row in data["data"]["collaboration.Membership"]]
    assert organisations == ["Föreningen Gemenskap"]


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def text_values() -> str:
    """Every text column of every table, for searching for a name or an e-mail address."""
    parts = []
    for model in apps.get_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.EmailField | models.JSONField)
        ]
        if names and model is not Session and model._meta.label not in ARCHIVED_RECORDS:
            parts += [json.dumps(list(row), default=str) for row in model._base_manager.values_list(*names)]
    return "\n".join(parts)


def test_deleting_an_account_keeps_every_count_and_leaves_no_trace_of_the_person():
    call_command("load_demo_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user_model = get_user_model()
    for email in ["forening@example.org", "styrgrupp@example.org"]:
        user = user_model.objects.get(email=email)
        full_name = user.get_full_name()
        before = row_counts()
        account_delete(user=user)
        after = row_counts()
        changed = {label for label in before if before[label] != after[label]}
        assert changed <= MAY_CHANGE, f"deleting {email} changed the counts of {changed - MAY_CHANGE}"
        text = text_values()
        assert email not in text and full_name not in text
        user.refresh_from_db()
        assert not user.is_active and not user.has_usable_password()


def test_person_deletes_their_account_with_their_password(client, representative):
    client.force_login(representative)
    url = reverse("account-delete")
    wrong = client.post(url, {"password": "not-my-password", "confirm": "on"})
    assert wrong.status_code == 200
    assert "Lösenordet stämmer inte." in wrong.content.decode()
    representative.refresh_from_db()
    assert representative.is_active
    response = client.post(url, {"password": "correct-horse-battery", "confirm": "on"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    representative.refresh_from_db()
    assert not representative.is_active and representative.email.endswith("@anonym.invalid")
    assert (
        client.post(
            reverse("account_login"), {"login": "farid@example.org", "password": "correct-horse-battery"}
        ).status_code
        == 200
    )  # the login form again: the account is gone


def test_deleted_persons_other_sessions_end(client, representative):
    client.force_login(representative)
    account_delete(user=representative)
    assert client.get(reverse("personal-data")).status_code == 302


def test_privacy_notice_states_the_retention_time(client, settings):
    settings.GUEST_DATA_RETENTION_DAYS = 200
    html = client.get(reverse("privacy")).content.decode()
    assert "200 dagar" in html
    assert "Mina sidor" in html


def test_retention_job_is_scheduled_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["collaboration-privacy-retention"]
    assert entry["task"] == "collaboration.tasks.privacy_retention_run"
    from collaboration.tasks import privacy_retention_run

    assert privacy_retention_run.name == entry["task"]


def test_retention_job_anonymises_guest_sign_ups_after_the_retention_time(settings):
    import datetime as dt

    import time_machine

    from collaboration.factories import UserFactory
    from collaboration.tasks import privacy_retention_run
    from events.factories import EventFactory, RegistrationFactory
    from events.models import Evaluation, Registration

    settings.GUEST_DATA_RETENTION_DAYS = 30
    ended = dt.datetime(2026, 2, 10, 17, 0, tzinfo=dt.UTC)
    with time_machine.travel(ended - dt.timedelta(days=7), tick=False) as clock:
        event = EventFactory(starts_at=ended - dt.timedelta(hours=3), ends_at=ended)
        guest = RegistrationFactory(event=event, name="Gunnel Gäst", email="gunnel@example.org")
        Evaluation.objects.create(registration=guest, rating=4, comment="Gunnel tyckte om det")
        anna = UserFactory(email="anna@example.org")
        member = RegistrationFactory(event=event, name="Anna Konto", email=anna.email, user=anna)
        total = Registration.objects.count()
        status, organisation_id = guest.status, guest.organisation_id

        clock.move_to(ended + dt.timedelta(days=29, hours=23))
        privacy_retention_run.delay()
        guest.refresh_from_db()
        assert guest.name == "Gunnel Gäst"  # not yet

        clock.move_to(ended + dt.timedelta(days=30, minutes=1))
        privacy_retention_run.delay()
        guest.refresh_from_db()
        member.refresh_from_db()
        assert guest.name == "Borttagen person" and "gunnel" not in guest.email
        assert guest.evaluation.comment == "" and guest.evaluation.rating == 4  # the rating still counts
        assert guest.status == status and guest.organisation_id == organisation_id  # the statistics stay
        assert member.name == "Anna Konto"  # people with an account keep their sign-ups until they delete it
        assert Registration.objects.count() == total


def test_deleting_an_account_keeps_sign_ups_bookings_and_votes_counted(representative, organisation):
    from collaboration.factories import BookingFactory
    from collaboration.models import Booking
    from events.factories import RegistrationFactory
    from events.models import Registration
    from steering.factories import open_focus_ballot
    from steering.models import Vote
    from steering.services.ballots import ballot_close, ballot_tally, vote_cast

    registration = RegistrationFactory(
        user=representative, name="Farid Föreningsson", email=representative.email, organisation=organisation
    )
    BookingFactory(organisation=organisation, booked_by=representative)
    ballot = open_focus_ballot(voters=[representative])
    option = ballot.options.filter(is_abstain=False).first()
    vote_cast(ballot=ballot, user=representative, option_id=option.pk)
    before = (Registration.objects.count(), Booking.objects.count(), Vote.objects.count())

    account_delete(user=representative)

    after = (Registration.objects.count(), Booking.objects.count(), Vote.objects.count())
    assert after == before == (1, 1, 1)
    ballot = ballot_close(ballot=ballot)
    assert ballot_tally(ballot).votes == 1  # the vote still counts in the result
    registration.refresh_from_db()
    assert registration.user_id is None and "Farid" not in registration.name
    assert registration.organisation == organisation and registration.status == "confirmed"
    assert Booking.objects.get().booked_by is None
