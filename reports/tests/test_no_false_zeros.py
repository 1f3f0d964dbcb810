"""Nothing unrecorded is printed as 0: each section says what was not recorded, or what deliberately did not
happen; the finance table shows a result only where costs are entered; partnerships as they stood then."""

import datetime as dt

import pytest

from collaboration.factories import PartnershipFactory
from reports.models import AnnualReport, FinanceLine
from reports.rendering import render_report_html
from reports.services import report_content
from reports.templatetags.reports import per_occasion, plural

from .builders import build_year

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " ").split())


def test_a_year_with_nothing_recorded_says_so_and_prints_no_zero():
    report = AnnualReport.objects.create(year=2019)
    text = _text(render_report_html(report_content(report)))
    for what in ("dialogforum", "idéverkstäder", "utbildningar", "Malmötimmar", "lärandeluncher"):
        assert f"Inga uppgifter om {what} har registrerats för 2019." in text
    assert "Inga uppgifter om verksamheten på Nobel 21 har registrerats för 2019." in text
    assert "Inga uppgifter om aktiviteter har registrerats för 2019." in text
    assert "Inga uppgifter om kommunikationen har registrerats för 2019." in text
    assert "0 bokningar" not in text and "cirka 0" not in text and "0 deltagare" not in text
    assert "<svg" not in render_report_html(report_content(report))  # no chart of nothing
    assert "Resultat" not in text and "Inga kostnader har registrerats för 2019." in text


def test_what_the_coordinators_record_as_not_held_is_said_as_such():
    report = AnnualReport.objects.create(year=2019, no_malmo_hours=True, no_trainings=True)
    text = _text(render_report_html(report_content(report)))
    assert "Inga Malmötimmar hölls under 2019." in text
    assert "Inga utbildningar hölls under 2019." in text
    assert "Inga uppgifter om Malmötimmar" not in text
    assert "Inga uppgifter om lärandeluncher har registrerats för 2019." in text


def test_finances_show_the_grant_costs_and_the_result_that_follows():
    report = AnnualReport.objects.create(year=2019, grant_amount=1_000_000)
    FinanceLine.objects.create(report=report, kind="expense", label="Lön samordnare", amount=800_000)
    FinanceLine.objects.create(
        report=report, kind="expense", label="Lokaler", amount=150_000, note="Nobel 21, del av året"
    )
    text = _text(render_report_html(report_content(report)))
    assert "Bidrag från kommunstyrelsen 1 000 000" in text
    assert "Lokaler (Nobel 21, del av året) 150 000" in text
    assert "Summa kostnader 950 000" in text and "Resultat 50 000" in text


def test_a_partnership_shows_its_stage_at_the_end_of_the_report_s_year():
    PartnershipFactory(
        title="Malmö Tillsammans",
        form="project",
        stage="ended",
        commissioned_on=dt.date(2020, 9, 1),
        signed_on=dt.date(2021, 1, 15),
        starts_on=dt.date(2021, 2, 1),
        ends_on=dt.date(2023, 4, 30),
    )
    for year, stage in ((2021, "Pågår"), (2022, "Pågår"), (2023, "Avslutat")):
        rows = report_content(AnnualReport.objects.create(year=year))["figures"]["partnerships"]
        assert [row["stage_label"] for row in rows["partnerships"]] == [stage], year


def test_texts_use_singular_and_plural_and_no_range_of_one_value():
    assert plural(1, "träff,träffar") == "1 träff" and plural(3, "träff,träffar") == "3 träffar"
    assert per_occasion({"min": 30, "max": 30}) == "30 per tillfälle"
    assert per_occasion({"min": 25, "max": 31}) == "25–31 per tillfälle"


def test_recorded_figures_keep_their_source():
    build_year(2022)
    figures = report_content(AnnualReport.objects.create(year=2022))["figures"]
    assert figures["nobel21"]["source"] == "records"
    assert all(f["participants_source"] == "records" for f in figures["dialogue"]["forums"])
    text = _text(render_report_html(report_content(AnnualReport.objects.get(year=2022))))
    assert "Inga uppgifter om" not in text.split("Kommunikation")[0]


def test_coordinator_enters_costs_channels_and_what_was_not_held_on_the_edit_page(client, coordinator):
    from django.urls import reverse

    report = AnnualReport.objects.create(year=2019)
    client.force_login(coordinator)
    url = reverse("reports:annualreport-update", kwargs={"year": 2019})
    form = client.get(url).context["form"]
    data = {name: value or "" for name, value in form.initial.items() if name in form.fields}
    for name in (
        "no_dialogue_forums",
        "no_workshops",
        "no_trainings",
        "no_learning_lunches",
        "no_partnerships",
    ):
        data.pop(name, None)
    data.update(
        {
            "grant_amount": "1000000",
            "no_malmo_hours": "on",
            "channels-TOTAL_FORMS": "1",
            "channels-INITIAL_FORMS": "0",
            "channels-0-name": "LinkedIn",
            "channels-0-followers": "250",
            "channels-0-position": "1",
            "finances-TOTAL_FORMS": "1",
            "finances-INITIAL_FORMS": "0",
            "finances-0-kind": "expense",
            "finances-0-label": "Lokalhyra",
            "finances-0-amount": "12000",
            "finances-0-note": "Nobel 21",
            "finances-0-position": "1",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["finance_lines"].errors
    report.refresh_from_db()
    assert report.not_held() == ["malmo_hours"]
    text = _text(render_report_html(report_content(report)))
    assert "Lokalhyra (Nobel 21) 12 000" in text and "Resultat 988 000" in text
    assert "LinkedIn 250" in text and "Inga Malmötimmar hölls under 2019." in text

    # A bad amount is a form error in Swedish, not a 500, and saves nothing
    data["finances-0-amount"] = "-5"
    response = client.post(url, data)
    assert response.status_code == 400
    assert FinanceLine.objects.filter(report=report).count() == 1


def test_the_admin_edits_a_report_with_its_channels_and_cost_lines():
    from django.contrib import admin

    from reports.admin import FinanceLineInline, SocialMediaChannelInline

    model_admin = admin.site._registry[AnnualReport]
    assert {FinanceLineInline, SocialMediaChannelInline} <= set(model_admin.inlines)
    assert "note" in FinanceLineInline.fields


def test_a_forum_recorded_by_head_count_and_paper_evaluations_says_so_in_report_and_figures():
    from events.factories import EventFactory
    from events.models import HeadCount, PaperEvaluation
    from reports.exports import figure_rows

    from .builders import at

    forum = EventFactory(
        kind="dialogforum", title="Dialogforum", starts_at=at(2019, 10, 3), ends_at=at(2019, 10, 3, 15)
    )
    HeadCount.objects.create(event=forum, total=87, organisations=41, civil_society=60, city=27)
    PaperEvaluation.objects.create(event=forum, score_4=10, score_5=10)
    content = report_content(AnnualReport.objects.create(year=2019))
    text = _text(render_report_html(content))
    assert "I forumet deltog 87 personer från 41 organisationer (enligt samordnarnas räkning)." in text
    assert "betyget 4,5 av 5" in text and "20 svar, varav 20 på papper" in text
    rows = figure_rows(content["figures"], content["manual"])
    assert any(
        label.endswith("deltagare (samordnarnas räkning)") and value == 87 for _s, label, value in rows
    )


def test_a_milestone_with_no_events_was_not_held_only_where_that_is_recorded(client):
    """The year overview says "Genomfördes inte" only where the report says so: the kind marked as not held,
    or an approved report (the board's account of the year). Otherwise nothing is recorded, and it says that."""
    from django.urls import reverse

    from events.yearplan import year_cycle
    from reports.models import ReportVersion, VersionStatus

    def workshops(year):
        return {(item.state, item.note) for item in year_cycle(year) if item.kind == "ideverkstad"}

    assert workshops(2019) == {("unrecorded", "")}  # no report at all
    report = AnnualReport.objects.create(year=2019, no_workshops=True)
    assert workshops(2019) == {("missed", "inga idéverkstäder hölls")}
    AnnualReport.objects.create(year=2018)
    ReportVersion.objects.create(
        report=AnnualReport.objects.get(year=2018),
        number=1,
        status=VersionStatus.READY,
        content={},
        decision_date=dt.date(2019, 4, 1),
        decision_reference="STK-2019-1",
    )
    assert workshops(2018) == {("missed", "enligt den godkända årsrapporten")}
    assert report.no_workshops

    page = client.get(reverse("events:year-overview") + "?ar=2017").content.decode()
    assert "Inget registrerat" in page and "Genomfördes inte" not in page
