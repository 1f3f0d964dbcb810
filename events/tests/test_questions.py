"""Sign-up questions: answered at sign-up, in the door list and the exports; personal data in the privacy
export, erased with the person and deleted after the retention time."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.services.privacy import account_delete, personal_data_export
from events.factories import EventFactory, RegistrationFactory
from events.models import QuestionKind, Registration, RegistrationAnswer, RegistrationQuestion
from events.privacy import retention_anonymise
from events.services import Person, registrations_create

pytestmark = pytest.mark.django_db


def _event_with_questions():
    event = EventFactory(capacity=10)
    diet = RegistrationQuestion.objects.create(event=event, text="Specialkost", order=1)
    role = RegistrationQuestion.objects.create(
        event=event,
        text="Roll",
        kind=QuestionKind.CHOICE,
        options="Deltagare\nMedarrangör",
        required=True,
        order=2,
    )
    return event, diet, role


def _signup_data(organisation, diet, role, **extra):
    data = {
        "organisation": organisation.pk,
        "include_myself": "on",
        f"svar_{diet.pk}": "Vegetarisk",
        f"svar_{role.pk}": "Medarrangör",
        "kollega-TOTAL_FORMS": "2",
        "kollega-INITIAL_FORMS": "0",
        "kollega-MIN_NUM_FORMS": "0",
        "kollega-MAX_NUM_FORMS": "10",
        "kollega-0-name": "Ada Åberg",
        "kollega-0-email": "ada@example.org",
        f"kollega-0-svar_{role.pk}": "Deltagare",
    }
    return data | extra


def test_answers_are_given_at_sign_up_and_shown_in_the_door_list_and_the_exports(
    client, representative, organisation, login_as
):
    event, diet, role = _event_with_questions()
    client.force_login(representative)
    url = reverse("events:registration-create", kwargs={"pk": event.pk})
    page = client.get(url).content.decode()
    assert "Specialkost (frivillig)" in page and "Medarrangör" in page
    response = client.post(url, _signup_data(organisation, diet, role))
    assert response.status_code == 302
    answers = set(RegistrationAnswer.objects.values_list("registration__email", "question__text", "answer"))
    assert answers == {
        ("farid@example.org", "Specialkost", "Vegetarisk"),
        ("farid@example.org", "Roll", "Medarrangör"),
        ("ada@example.org", "Roll", "Deltagare"),
    }

    login_as("coordinator")
    door = client.get(reverse("events:participant-list", kwargs={"pk": event.pk})).content.decode()
    assert "Specialkost:</dt>" in door and "Vegetarisk" in door
    csv_file = client.get(reverse("events:participant-export", kwargs={"pk": event.pk, "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][-2:] == ["Specialkost", "Roll"]
    by_email = {row[2]: row[-2:] for row in rows[1:]}
    assert by_email == {
        "farid@example.org": ["Vegetarisk", "Medarrangör"],
        "ada@example.org": ["", "Deltagare"],
    }
    xlsx = client.get(reverse("events:participant-export", kwargs={"pk": event.pk, "fmt": "xlsx"}))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[1]][-2:] == ["Specialkost", "Roll"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"svar_ROLE": ""}, "Svara på frågan."),
        ({"svar_ROLE": "Kung"}, "Kung"),  # not one of the options: the choice field names it
        ({"kollega-0-svar_ROLE": ""}, "Svara på frågan."),
    ],
)
def test_a_missing_or_wrong_answer_is_refused_and_nobody_is_signed_up(
    client, representative, organisation, changes, message
):
    event, diet, role = _event_with_questions()
    client.force_login(representative)
    changes = {key.replace("ROLE", str(role.pk)): value for key, value in changes.items()}
    response = client.post(
        reverse("events:registration-create", kwargs={"pk": event.pk}),
        _signup_data(organisation, diet, role, **changes),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Registration.objects.exists() and not RegistrationAnswer.objects.exists()


def test_the_service_checks_answers_too(representative, organisation):
    event, diet, role = _event_with_questions()
    other = RegistrationQuestion.objects.create(event=EventFactory(), text="Annan")
    for answers, message in [
        ({diet.pk: "Vegan"}, "svara på frågan ”Roll”"),
        ({role.pk: "Kung"}, "välj ett av alternativen"),
        ({role.pk: "Deltagare", other.pk: "x"}, "hör inte till"),
    ]:
        with pytest.raises(Exception) as error:
            registrations_create(
                event=event,
                organisation=organisation,
                registered_by=representative,
                people=[
                    Person(name="Farid", email=representative.email, user=representative, answers=answers)
                ],
            )
        assert message in str(error.value)
    assert not Registration.objects.exists()


def test_answers_are_in_the_privacy_export_and_erased_with_the_person(representative, organisation):
    event, diet, role = _event_with_questions()
    (own,) = registrations_create(
        event=event,
        organisation=organisation,
        registered_by=representative,
        people=[
            Person(
                name="Farid",
                email=representative.email,
                user=representative,
                answers={diet.pk: "Glutenfri", role.pk: "Deltagare"},
            )
        ],
    )
    other = RegistrationFactory(event=event, position=own.position + 1)
    RegistrationAnswer.objects.create(registration=other, question=diet, answer="Laktosfri")
    exported = personal_data_export(user=representative)["data"]["events.RegistrationAnswer"]
    assert {(row["question"], row["answer"]) for row in exported} == {
        ("Specialkost", "Glutenfri"),
        ("Roll", "Deltagare"),
    }
    account_delete(user=representative)
    assert list(RegistrationAnswer.objects.values_list("answer", flat=True)) == ["Laktosfri"]
    assert Registration.objects.filter(pk=own.pk).exists()  # the counted row stays, anonymous


def test_answers_are_deleted_after_the_retention_time_for_everyone(settings, representative):
    settings.GUEST_DATA_RETENTION_DAYS = 30
    now = timezone.now()
    old = EventFactory(starts_at=now - dt.timedelta(days=41), ends_at=now - dt.timedelta(days=40))
    recent = EventFactory(starts_at=now - dt.timedelta(days=3), ends_at=now - dt.timedelta(days=2))
    old_question = RegistrationQuestion.objects.create(event=old, text="Allergier")
    recent_question = RegistrationQuestion.objects.create(event=recent, text="Allergier")
    with_account = RegistrationFactory(event=old, user=representative, email=representative.email)
    RegistrationAnswer.objects.create(registration=with_account, question=old_question, answer="Nötter")
    kept = RegistrationAnswer.objects.create(
        registration=RegistrationFactory(event=recent), question=recent_question, answer="Inga"
    )
    retention_anonymise(now)
    assert list(RegistrationAnswer.objects.all()) == [kept]
    with_account.refresh_from_db()
    assert with_account.email == representative.email  # the account's sign-up itself is kept
