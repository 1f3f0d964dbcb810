"""A real PDF, rendered by the task from factory data, read back with pypdf."""

import io

import pytest
from pypdf import PdfReader

from reports.models import VersionStatus
from reports.services import report_version_create, report_version_render

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.replace("\u00a0", " ").split())


def test_generated_pdf_holds_the_recorded_and_entered_figures(
    year_data, report, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = report_version_create(report=report, user=coordinator)
    version.refresh_from_db()
    assert version.status == VersionStatus.READY, version.failure_reason
    assert version.attempts == 1
    reader, text = _text(version.pdf.read())

    assert len(reader.pages) >= 10
    assert reader.metadata.title == "Årsrapport Malmöandan 2022"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    # Entered by the coordinators
    assert "1 000 000 kronor" in text
    assert "LinkedIn 612" in text and "1 034" in text
    assert "812 345" in text and "Resultat 33 334" in text
    assert "Årsrapporten tas fram av samordningsfunktionen." in text
    assert "Fokus på jämlik hälsa <b>och</b> rörelse." in text  # stored and shown as text, not markup
    # Computed from the records
    assert "deltog 40 personer från 4 organisationer" in text
    assert "betyget 4,5 av 5" in text and "20 svar" in text
    assert "gjordes 30 bokningar" in text and "cirka 6 besökare per vecka" in text
    assert "2 Malmötimmar med totalt 56 deltagare (25–31 per tillfälle)" in text
    assert "sammanträdde 4 gånger, och 3 av sammanträdena var beslutsföra" in text
    assert "Kraftsamling Herrgården" in text
    assert "Ungas trygghet och delaktighet" in text and "Jämlik hälsa – rörelse och kost" in text
    # The table of contents carries page numbers, and every page after the cover its number
    assert "Dialogforum ...." in text or "Dialogforum." in text
    assert f"Sida 2 av {len(reader.pages)}" in text


def test_a_second_run_of_a_finished_version_changes_nothing(
    year_data, report, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = report_version_create(report=report, user=coordinator)
    version.refresh_from_db()
    path, size = version.pdf.path, version.pdf_size
    again = report_version_render(version_id=version.pk)
    assert (again.status, again.attempts, again.pdf.path, again.pdf_size) == ("ready", 1, path, size)


def test_a_render_that_fails_is_marked_failed_with_the_reason(
    report, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(html):
        raise OSError("disken är full")

    monkeypatch.setattr("reports.services.html_to_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        version = report_version_create(report=report, user=coordinator)
    version.refresh_from_db()
    assert version.status == "failed"
    assert "disken är full" in version.failure_reason
    assert not version.pdf
