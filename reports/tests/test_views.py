"""Through the URLs: generate, watch, preview, download, approve; and who may see what."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reports.models import AnnualReport, ReportVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(client, coordinator, report, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:reportversion-create", kwargs={"year": 2022}))
    assert response.status_code == 302
    client.logout()
    return ReportVersion.objects.get(report=report)


def test_coordinator_generates_a_pdf_and_the_page_shows_its_state(client, coordinator, report, year_data):
    client.force_login(coordinator)
    # Without running the queued task, the version waits in the queue and the page refreshes itself.
    client.post(reverse("reports:reportversion-create", kwargs={"year": 2022}))
    page = client.get(reverse("reports:annualreport-detail", kwargs={"year": 2022})).content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "I kö" in page
    # A second click while it is queued makes no second version.
    response = client.post(reverse("reports:reportversion-create", kwargs={"year": 2022}), follow=True)
    assert "En PDF skapas redan" in response.content.decode()
    assert ReportVersion.objects.count() == 1


def test_official_downloads_a_version_with_its_file_name(client, city_official, generated):
    client.force_login(city_official)
    url = reverse("reports:reportversion-download", kwargs={"year": 2022, "number": generated.number})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="arsrapport-malmoandan-2022.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_draft_is_hidden_from_outsiders_and_the_public(client, outsider, representative, generated):
    urls = [
        reverse("reports:annualreport-detail", kwargs={"year": 2022}),
        reverse("reports:annualreport-preview", kwargs={"year": 2022}),
        reverse("reports:annualreport-figures-json", kwargs={"year": 2022}),
        reverse("reports:reportversion-download", kwargs={"year": 2022, "number": 1}),
        reverse("reports:annualreport-download", kwargs={"year": 2022}),
    ]
    for user in (None, outsider, representative):
        if user:
            client.force_login(user)
        assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_approved_report_is_public_and_frozen(client, coordinator, generated):
    client.force_login(coordinator)
    approve = reverse("reports:reportversion-approve", kwargs={"year": 2022, "number": 1})
    response = client.post(approve, {"decision_date": "2023-04-12", "decision_reference": "stk-2023-267"})
    assert response.status_code == 302
    generated.refresh_from_db()
    assert (str(generated.decision_date), generated.decision_reference) == ("2023-04-12", "STK-2023-267")
    # Frozen: no new version, no edits.
    response = client.post(reverse("reports:reportversion-create", kwargs={"year": 2022}), follow=True)
    assert "kan inte längre ändras" in response.content.decode()
    assert client.get(reverse("reports:annualreport-update", kwargs={"year": 2022})).status_code == 302
    assert ReportVersion.objects.count() == 1

    client.logout()
    response = client.get(reverse("reports:annualreport-download", kwargs={"year": 2022}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="arsrapport-malmoandan-2022.pdf"' in response["Content-Disposition"]
    listing = client.get(reverse("reports:annualreport-list")).content.decode()
    assert "Årsrapport 2022" in listing
    figures = client.get(reverse("reports:annualreport-figures-json", kwargs={"year": 2022})).json()
    assert figures == generated.content  # the public sees the approved snapshot


def test_approval_with_a_bad_diarienummer_changes_nothing(client, coordinator, generated):
    client.force_login(coordinator)
    approve = reverse("reports:reportversion-approve", kwargs={"year": 2022, "number": 1})
    response = client.post(
        approve, {"decision_date": "2023-04-12", "decision_reference": "2023/267"}, follow=True
    )
    assert "Godkännandet registrerades inte" in response.content.decode()
    generated.refresh_from_db()
    assert generated.decision_date is None


def test_coordinator_texts_are_stored_as_text_and_rendered_escaped(client, coordinator, report, year_data):
    client.force_login(coordinator)
    url = reverse("reports:annualreport-update", kwargs={"year": 2022})
    form = client.get(url).context["form"]
    data = {name: value or "" for name, value in form.initial.items() if name in form.fields}
    data.update(
        {
            "introduction": 'Första stycket <script>alert("x")</script>\n\nAndra stycket',
            "grant_amount": "1000000",
            "channels-TOTAL_FORMS": "0",
            "channels-INITIAL_FORMS": "0",
            "finances-TOTAL_FORMS": "0",
            "finances-INITIAL_FORMS": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    report.refresh_from_db()
    assert report.introduction.startswith("Första stycket <script>")
    preview = client.get(reverse("reports:annualreport-preview", kwargs={"year": 2022})).content.decode()
    assert "<p>Första stycket &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>" in preview
    assert "<p>Andra stycket</p>" in preview
    assert "<script>" not in preview and "style=" not in preview


def test_figures_as_page_csv_and_json(client, steering_member, report, year_data):
    client.force_login(steering_member)
    page = client.get(reverse("reports:annualreport-figures", kwargs={"year": 2022}))
    assert page.status_code == 200 and "Bokningar (möten)" in page.content.decode()
    csv = client.get(reverse("reports:annualreport-figures-csv", kwargs={"year": 2022}))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert "Nobel 21;Bokningar (möten);30" in csv.content.decode("utf-8-sig")
    data = json.loads(client.get(reverse("reports:annualreport-figures-json", kwargs={"year": 2022})).content)
    assert data["figures"]["dialogue"]["forums"][0]["participants"] == 40
    assert data["manual"]["channels"][0] == {"name": "LinkedIn", "followers": 612, "new_followers": None}


def test_official_downloads_the_draft_cover_memo(client, city_official, year_data, generated):
    client.force_login(city_official)
    response = client.get(reverse("reports:reportversion-memo", kwargs={"year": 2022, "number": 1}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
        .replace("\u00a0", " ")
        .split()
    )
    assert "Återrapportering kring utvecklingen av Malmöandan 2022" in text
    assert (
        "Kommunstyrelsen godkänner årsrapport för Malmöandan 2022 och lägger den till handlingarna." in text
    )
    assert "Under 2022 hölls fyra styrgruppsmöten." in text
    assert "cirka 6 besökare per vecka" in text and "1 000 000 kronor" in text


def test_coordinator_starts_a_report_for_a_year_once(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("reports:annualreport-create"), {"year": "2024"}).status_code == 302
    response = client.post(reverse("reports:annualreport-create"), {"year": "2024"})
    assert response.status_code == 400
    assert AnnualReport.objects.filter(year=2024).count() == 1


def test_list_and_detail_pages_use_a_bounded_number_of_queries(
    client, coordinator, report, django_assert_max_num_queries
):
    client.force_login(coordinator)
    for year in range(2010, 2016):
        AnnualReport.objects.create(year=year)
    for number in range(1, 6):
        ReportVersion.objects.create(report=report, number=number, status="failed", content={})
    with django_assert_max_num_queries(12):
        client.get(reverse("reports:annualreport-list"))
    # The coordinator's page gathers the year's figures for its list of what is missing (the same count at
    # any size: test_checklist_and_cover).
    with django_assert_max_num_queries(60):
        client.get(reverse("reports:annualreport-detail", kwargs={"year": 2022}))
