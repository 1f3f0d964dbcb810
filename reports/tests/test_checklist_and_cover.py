"""Before a version: the page lists what is missing, with links; after approval: the PDF's cover says so.
And the report page and the figures page stay at a bounded number of queries whatever the data."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from reports.models import AnnualReport, FinanceLine
from reports.services import report_version_approve, report_version_create

from .builders import build_year

pytestmark = pytest.mark.django_db


def _cover(version) -> str:
    version.refresh_from_db()
    with version.pdf.open("rb") as pdf:
        first = PdfReader(io.BytesIO(pdf.read())).pages[0].extract_text()
    return " ".join(first.replace("\u00a0", " ").split())


def test_the_report_page_lists_what_is_missing_with_a_link_for_each(client, coordinator):
    AnnualReport.objects.create(year=2019)
    client.force_login(coordinator)
    page = client.get(reverse("reports:annualreport-detail", kwargs={"year": 2019})).content.decode()
    assert "Det här saknas för året" in page
    edit = reverse("reports:annualreport-update", kwargs={"year": 2019})
    assert f'<a href="{edit}">Inga kostnader har registrerats för 2019</a>' in page
    assert "Inga uppgifter om Nobel 21 har registrerats för 2019" in page
    # The year overview's own words for the events that are missing
    assert "Inga Malmötimmar har registrerats för 2019" in page


def test_what_the_report_records_as_not_held_leaves_the_checklist(client, coordinator):
    AnnualReport.objects.create(year=2019, no_malmo_hours=True)
    FinanceLine.objects.create(report=AnnualReport.objects.get(year=2019), label="Lön", amount=10)
    client.force_login(coordinator)
    page = client.get(reverse("reports:annualreport-detail", kwargs={"year": 2019})).content.decode()
    assert "Inga Malmötimmar har registrerats för 2019" not in page
    assert "Inga kostnader har registrerats för 2019" not in page
    assert "Inga lärandeluncher har registrerats för 2019" in page


def test_a_draft_pdf_says_draft_and_the_approved_one_names_the_decision(
    report, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = report_version_create(report=report, user=coordinator)
    draft = _cover(version)
    assert "Utkast, ännu inte godkänt av kommunstyrelsen" in draft
    assert "Underlag för kommunstyrelsens godkännande" not in draft
    with django_capture_on_commit_callbacks(execute=True):
        report_version_approve(
            version=version,
            decision_date=dt.date(2023, 4, 12),
            decision_reference="STK-2023-267",
            user=coordinator,
        )
    approved = _cover(version)
    assert "Godkänd av kommunstyrelsen 12 april 2023, STK-2023-267" in approved
    assert "Utkast" not in approved
    assert version.pdf.name.endswith("-v1-godkand.pdf")


@pytest.mark.parametrize("name", ["reports:annualreport-detail", "reports:annualreport-figures"])
def test_report_and_figures_pages_run_the_same_queries_at_two_sizes(client, coordinator, name):
    build_year(2022, scale=1)
    AnnualReport.objects.create(year=2022)
    client.force_login(coordinator)
    url = reverse(name, kwargs={"year": 2022})
    client.get(url)  # warm the session and the page frame
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    build_year(2023, scale=4)
    AnnualReport.objects.create(year=2023)
    url = reverse(name, kwargs={"year": 2023})
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(small) == len(large) <= 60, [q["sql"][:120] for q in large.captured_queries]
