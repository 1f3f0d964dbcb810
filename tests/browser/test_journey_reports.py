"""Journey 4: a city official logs in and downloads the approved annual report."""

import datetime as dt

from .fixtures import log_in


def approved_report(year: int, coordinator):
    """An annual report rendered to PDF by the real task (eager in tests) and approved by the board."""
    from reports.models import ReportVersion
    from reports.services import annual_report_create, report_version_approve, report_version_create

    report = annual_report_create(year=year, user=coordinator)
    version = report_version_create(report=report, user=coordinator)  # the PDF is rendered on commit
    version = ReportVersion.objects.get(pk=version.pk)
    assert version.status == "ready", version.status
    return report_version_approve(
        version=version,
        decision_date=dt.date(year + 1, 4, 12),
        decision_reference=f"STK-{year + 1}-88",
        user=coordinator,
    )


def test_journey_4_official_downloads_the_approved_annual_report(
    page, checks, city_official, coordinator, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    approved_report(2025, coordinator)

    log_in(page, city_official.email)
    checks.visit("/")
    page.get_by_role("link", name="Årsrapporter").first.click()
    page.wait_for_load_state()
    checks.check_page(reflow=True)
    page.get_by_role("link", name="Årsrapport 2025").click()
    page.wait_for_load_state()
    checks.check_page(reflow=True)
    assert "STK-2026-88" in page.content()

    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner årsrapporten 2025 (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    assert path.stat().st_size > 5_000  # a real rendered report, not a stand-in
