"""Recording what happened after the fact: walk-ins, imported lists, head counts, paper evaluations, gaps."""

import datetime as dt

import pytest
import tablib
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import OrganisationFactory
from collaboration.models import OrganisationKind
from events.factories import EventFactory, RegistrationFactory
from events.models import (
    Evaluation,
    Event,
    EventKind,
    HeadCount,
    ImportBatch,
    PaperEvaluation,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from events.services.recording import head_count_record, paper_evaluation_create, registration_walk_in_create
from events.yearplan import register_absence_source, year_gaps

pytestmark = pytest.mark.django_db


def _past_event(**kwargs):
    starts = timezone.now() - dt.timedelta(days=30)
    return EventFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2), **kwargs)


def _upload(client, event, content: bytes, name="lista.csv"):
    url = reverse("events:participant-import", kwargs={"pk": event.pk})
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_walk_in_on_a_past_event_is_recorded_present_without_mail(client, login_as):
    login_as("coordinator")
    event = _past_event(capacity=1)
    RegistrationFactory(event=event, status=RegistrationStatus.ATTENDED)  # the only place is taken
    response = client.post(
        reverse("events:walk-in-create", kwargs={"pk": event.pk}),
        {
            "name": "Ada Dörr",
            "organisation_name": "Kvarterets förening",
            "sector": "civil_society",
            "email": "",
        },
    )
    assert response.status_code == 302
    walk_in = Registration.objects.get(name="Ada Dörr")
    assert (walk_in.status, walk_in.source, walk_in.email) == ("attended", RegistrationSource.WALK_IN, "")
    assert mail.outbox == []
    participation = event.participation()
    assert participation["total"] == 2 and participation["source"] == "records"
    assert participation["organisations"] == 2
    # The sign-up page still refuses a past event: only recording is allowed.
    assert event.signup_refusal() == "Evenemanget har redan börjat eller är över."


def test_walk_in_without_organisation_or_sector_gets_a_form_error(client, login_as):
    login_as("coordinator")
    event = _past_event()
    response = client.post(reverse("events:walk-in-create", kwargs={"pk": event.pk}), {"name": "Utan Allt"})
    assert response.status_code == 200
    assert "ange sektor" in response.content.decode()
    assert not Registration.objects.exists()


def test_import_with_bad_rows_saves_nothing_until_fixed(client, login_as):
    login_as("coordinator")
    city = OrganisationFactory(name="Fritidsförvaltningen", kind=OrganisationKind.DEPARTMENT)
    event = _past_event()
    bad = (
        "\ufeffNamn;E-post;Organisation;Sektor\n"
        "Bo Bra;bo@example.org;Fritidsförvaltningen;\n"
        ";ingen@example.org;X;idéburen\n"
        "Cia Fel;inte-en-adress;Okänd förening;idéburen sektor\n"
        "Dan Sektor;dan@example.org;Okänd förening;rymden\n"
    ).encode()
    response = _upload(client, event, bad)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "Rad 3: namn saknas" in page
        and "Rad 4: ogiltig e-postadress" in page
        and "Rad 5: okänd sektor" in page
    )
    assert 'name="token"' not in page  # no way to confirm a list with errors
    assert not Registration.objects.exists() and not ImportBatch.objects.exists()

    fixed = (
        "namn,e-post,organisation,sektor\n"
        "Bo Bra,bo@example.org,Fritidsförvaltningen,\n"
        "Eva Ny,eva@example.org,Okänd förening,Idéburen sektor\n"
        "Eva Ny,EVA@example.org,Okänd förening,Idéburen sektor\n"
    ).encode()
    response = _upload(client, event, fixed)
    assert "samma person som rad 3" in response.content.decode()
    assert not Registration.objects.exists()  # the preview saves nothing
    token = response.context["token"]
    response = client.post(
        reverse("events:participant-import", kwargs={"pk": event.pk}),
        {"token": token, "filename": "lista.csv"},
    )
    assert response.status_code == 302
    saved = Registration.objects.order_by("position")
    assert [(r.name, r.organisation, r.sector, r.status) for r in saved] == [
        ("Bo Bra", city, "", "attended"),
        ("Eva Ny", None, "civil_society", "attended"),
    ]
    assert mail.outbox == []  # a past event: nobody is e-mailed
    assert event.participation()["sectors"] == {"civil_society": 1, "city": 1}

    # The same file again: everyone is recognised as already there.
    response = _upload(client, event, fixed)
    assert response.context["new"] == []


def test_xlsx_import_reads_header_variants(client, login_as):
    login_as("coordinator")
    event = _past_event()
    data = tablib.Dataset(headers=["Förnamn", "Namn", "Email", "Förening", "Sektor"])
    data.append(["x", "Gun Excel", "gun@example.org", "Studieförbundet", "idéburen"])
    response = _upload(client, event, data.export("xlsx"), name="svar.xlsx")
    assert [row.name for row in response.context["new"]] == ["Gun Excel"]


def test_undo_of_an_import_leaves_no_trace(client, login_as):
    login_as("coordinator")
    event = _past_event()
    keep = RegistrationFactory(event=event, status=RegistrationStatus.ATTENDED)
    response = _upload(client, event, b"namn;sektor\nHugo;stad\nIda;akademi\n")
    client.post(
        reverse("events:participant-import", kwargs={"pk": event.pk}),
        {"token": response.context["token"], "filename": "lista.csv"},
    )
    batch = ImportBatch.objects.get()
    imported = list(batch.registrations.values_list("pk", flat=True))
    Evaluation.objects.create(registration_id=imported[0], rating=4)
    assert event.participation()["total"] == 3
    response = client.post(
        reverse("events:participant-import-undo", kwargs={"pk": event.pk, "batch_pk": batch.pk})
    )
    assert response.status_code == 302
    assert list(Registration.objects.all()) == [keep]
    assert not ImportBatch.objects.exists() and not Evaluation.objects.exists()
    assert event.participation()["total"] == 1


def test_head_count_is_used_only_without_records_and_never_added(coordinator):
    event = _past_event()
    assert event.participation() == {"total": None, "sectors": {}, "organisations": None, "source": None}
    head_count_record(event=event, total=87, organisations=40, sectors={"civil_society": 60, "city": 27})
    assert event.participation() == {
        "total": 87,
        "sectors": {"civil_society": 60, "city": 27},
        "organisations": 40,
        "source": "head_count",
    }
    registration_walk_in_create(event=event, name="En Person", sector="city", recorded_by=coordinator)
    assert event.participation() == {
        "total": 1,
        "sectors": {"city": 1},
        "organisations": 0,
        "source": "records",
    }


def test_head_count_with_more_per_sector_than_in_total_is_refused(client, login_as):
    login_as("coordinator")
    event = _past_event()
    response = client.post(
        reverse("events:head-count-edit", kwargs={"pk": event.pk}), {"total": "10", "sector_city": "11"}
    )
    assert response.status_code == 200
    assert "fler än deltagarna totalt" in response.content.decode()
    assert not HeadCount.objects.exists()


def test_paper_evaluations_are_averaged_with_portal_answers(client, login_as):
    login_as("coordinator")
    event = _past_event()
    attended = RegistrationFactory(event=event, status=RegistrationStatus.ATTENDED)
    Evaluation.objects.create(registration=attended, rating=2)
    response = client.post(
        reverse("events:paper-evaluation-create", kwargs={"pk": event.pk}),
        {"source": "papper", "score_1": 0, "score_2": 0, "score_3": 0, "score_4": 1, "score_5": 2},
    )
    assert response.status_code == 302
    summary = Event.objects.with_participation().get(pk=event.pk).evaluation_summary()
    assert summary["n"] == 4 and summary["paper_n"] == 3
    assert summary["average"] == 4.0  # (2 + 4 + 5 + 5) / 4
    assert summary["per_score"] == {1: 0, 2: 1, 3: 0, 4: 1, 5: 2}
    # An empty form is a form error, not a zero.
    response = client.post(
        reverse("events:paper-evaluation-create", kwargs={"pk": event.pk}), {"source": "x"}
    )
    assert response.status_code == 200 and PaperEvaluation.objects.count() == 1


def test_coordinator_records_topics_and_presenters_of_a_past_forum(client, login_as):
    login_as("coordinator")
    event = _past_event(kind=EventKind.DIALOGUE_FORUM)
    response = client.post(
        reverse("events:topic-record", kwargs={"pk": event.pk}),
        {"title": "Ungas trygghet", "result": "Ett nätverk"},
    )
    assert response.status_code == 302
    assert event.topics.get().result == "Ett nätverk"
    client.post(
        reverse("events:presenter-add", kwargs={"pk": event.pk}), {"name": "Ola Talare", "sector": "city"}
    )
    assert event.presenters.get().name == "Ola Talare"


def test_recording_pages_are_for_coordinators_only(client, login_as):
    event = _past_event()
    login_as("representative")
    for name in (
        "walk-in-create",
        "participant-import",
        "head-count-edit",
        "paper-evaluation-create",
        "topic-record",
    ):
        response = client.get(reverse(f"events:{name}", kwargs={"pk": event.pk}))
        assert response.status_code in (302, 403, 404), name


def test_year_gaps_name_what_is_missing_with_a_link(coordinator):
    year = timezone.now().year - 1
    forum = EventFactory(
        kind=EventKind.DIALOGUE_FORUM,
        starts_at=dt.datetime(year, 10, 12, 13, tzinfo=dt.UTC),
        ends_at=dt.datetime(year, 10, 12, 16, tzinfo=dt.UTC),
    )
    texts = {gap["text"]: gap["url"] for gap in year_gaps(year)}
    assert texts["Deltagare har inte registrerats för Dialogforum 12 oktober"] == reverse(
        "events:participant-list", kwargs={"pk": forum.pk}
    )
    assert f"Inga Malmötimmar har registrerats för {year}" in texts
    head_count_record(event=forum, total=30, sectors={})
    paper_evaluation_create(event=forum, per_score={5: 3})
    texts = {gap["text"] for gap in year_gaps(year)}
    assert "Deltagare har inte registrerats för Dialogforum 12 oktober" not in texts
    assert "Utvärderingar har inte registrerats för Dialogforum 12 oktober" not in texts
    assert "Ämnen har inte registrerats för Dialogforum 12 oktober" in texts

    def no_malmo_hours(y):
        return {EventKind.MALMO_HOUR: "inga Malmötimmar hölls"} if y == year else {}

    register_absence_source(no_malmo_hours)
    try:
        assert f"Inga Malmötimmar har registrerats för {year}" not in {gap["text"] for gap in year_gaps(year)}
    finally:
        from events import yearplan

        yearplan._absence_sources.remove(no_malmo_hours)


def _year_of_events(year: int, count: int, per_event: int):
    org = OrganisationFactory()
    for index in range(count):
        event = EventFactory(
            kind=EventKind.MALMO_HOUR,
            starts_at=dt.datetime(year, 3, 1 + index, 12, tzinfo=dt.UTC),
            ends_at=dt.datetime(year, 3, 1 + index, 13, tzinfo=dt.UTC),
        )
        for n in range(per_event):
            RegistrationFactory(
                event=event, organisation=org, status=RegistrationStatus.ATTENDED, position=n + 1
            )
        if index % 2:
            HeadCount.objects.create(event=event, total=12)
            PaperEvaluation.objects.create(event=event, score_4=2)
    return event


@pytest.mark.parametrize("size", [(2, 2), (20, 8)])
def test_year_overview_and_door_list_do_a_bounded_number_of_queries(
    client, login_as, django_assert_max_num_queries, size
):
    login_as("coordinator")
    year = timezone.now().year - 1
    last = _year_of_events(year, *size)
    # With the funding deadlines the coordination app adds to the year, and the report asked twice what it
    # records as not held (for the gap list, and whether a milestone with no events was held).
    with django_assert_max_num_queries(16):
        response = client.get(reverse("events:year-overview") + f"?ar={year}")
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        response = client.get(reverse("events:participant-list", kwargs={"pk": last.pk}))
    assert response.status_code == 200


def test_an_event_kind_in_a_sentence_is_lower_case_but_malmotimmen_keeps_its_capital():
    from events.models import EventKind

    assert EventKind.label_in_sentence(EventKind.DIALOGUE_FORUM) == "dialogforum"
    assert EventKind.label_in_sentence(EventKind.MALMO_HOUR) == "Malmötimmen"


def test_counts_on_the_door_list_and_the_import_preview_take_singular_and_plural(client, login_as, settings):
    login_as("coordinator")
    one = OrganisationFactory(name="Föreningen Ett")
    counted = _past_event()
    head_count_record(event=counted, total=30, organisations=1, sectors={})
    listed = _past_event()
    for name in ["Ada", "Bo"]:
        RegistrationFactory(event=listed, organisation=one, name=name, status=RegistrationStatus.ATTENDED)

    def door_list(event) -> str:
        return client.get(reverse("events:participant-list", kwargs={"pk": event.pk})).content.decode()

    assert "1 organisation." in door_list(counted) and "1 organisationer" not in door_list(counted)
    assert "2 deltagare från 1 organisation, registrerade" in door_list(listed)
    head_count_record(event=counted, total=30, organisations=4, sectors={})
    assert "4 organisationer." in door_list(counted)

    csv = "namn;e-post;sektor\nAnna;anna@example.org;idéburen\nAnna A;anna@example.org;idéburen\n;x@example.org;stad\n"
    page = _upload(client, listed, csv.encode()).content.decode()
    assert "1 ny deltagare · 1 dubblett som hoppas över · 1 rad med fel" in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "2 participants from 1 organisation, recorded individually." in door_list(listed)
    page = _upload(client, listed, csv.encode()).content.decode()
    assert "1 new participant · 1 duplicate skipped · 1 row with errors" in page
