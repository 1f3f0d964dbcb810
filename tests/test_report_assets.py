"""Issue 14: with DEBUG off after a real collectstatic (manifest storage, as in the image), the annual report
and the memo are rendered with their stylesheet, and a missing stylesheet or font fails the render."""

import io

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from reports.models import AnnualReport, VersionStatus
from reports.rendering import ReportAssetError, html_to_pdf, render_report_html
from reports.services import report_content, report_version_create
from reports.tests.builders import build_year

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` with the production storage, once for the module."""
    from django.test import override_settings

    root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages, DEBUG=False):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, storages


@pytest.fixture
def production_static(settings, collected, tmp_path):
    root, storages = collected
    settings.DEBUG = False
    settings.STATIC_ROOT = root
    settings.STORAGES = storages
    settings.MEDIA_ROOT = tmp_path / "media"
    hashed = staticfiles_storage.stored_name("reports/report.css")
    assert hashed != "reports/report.css" and (root / hashed).exists()
    return root / hashed


def pdf_facts(pdf: bytes) -> tuple[str, set[str], str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ").split())
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    return text, fonts, f"{width:.0f}x{height:.0f}", len(reader.pages)


@pytest.fixture
def report():
    build_year(2022)
    return AnnualReport.objects.create(year=2022, introduction="Rapporten med sin stilmall.")


def test_the_report_rendered_by_the_task_under_manifest_storage_has_its_stylesheet(
    production_static, report, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = report_version_create(report=report, user=coordinator)
    version.refresh_from_db()
    assert version.status == VersionStatus.READY, version.failure_reason
    text, fonts, size, pages = pdf_facts(version.pdf.read())
    # "Sida N av M" exists only as content of the stylesheet's @page margin boxes (not on the cover).
    assert pages >= 5
    assert f"Sida 2 av {pages}" in text and f"Sida {pages} av {pages}" in text
    assert size == "595x842"
    assert any("DejaVu" in font for font in fonts), fonts


def test_the_memo_under_manifest_storage_has_its_stylesheet(
    production_static, report, coordinator, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = report_version_create(report=report, user=coordinator)
    client.force_login(coordinator)
    response = client.get(
        reverse("reports:reportversion-memo", kwargs={"year": 2022, "number": version.number})
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    # The fetcher raises on a stylesheet it cannot load, so a memo at all means it had its stylesheet.
    _text, fonts, size, _pages = pdf_facts(response.content)
    assert size == "595x842" and any("DejaVu" in font for font in fonts)


def test_a_missing_stylesheet_fails_the_render_and_the_version(
    production_static, report, coordinator, django_capture_on_commit_callbacks
):
    stylesheet = production_static.read_bytes()
    production_static.unlink()
    try:
        with pytest.raises(ReportAssetError, match="report"):
            html_to_pdf(render_report_html(report_content(report), for_pdf=True))
        with django_capture_on_commit_callbacks(execute=True):
            version = report_version_create(report=report, user=coordinator)
    finally:
        production_static.write_bytes(stylesheet)
    version.refresh_from_db()
    assert version.status == VersionStatus.FAILED
    assert "report." in version.failure_reason and not version.pdf


def test_a_missing_font_fails_the_render(production_static, report, monkeypatch):
    monkeypatch.setattr("reports.rendering.REPORT_FONT_FAMILIES", {"Malmöandan Sans"})
    with pytest.raises(ReportAssetError, match="Malmöandan Sans"):
        html_to_pdf(render_report_html(report_content(report), for_pdf=True))


def test_the_renderer_fetches_nothing_from_outside(production_static):
    html = (
        '<html><head><link rel="stylesheet" href="https://example.org/evil.css"></head><body>x</body></html>'
    )
    with pytest.raises(ReportAssetError, match="outside"):
        html_to_pdf(html)
