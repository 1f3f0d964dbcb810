"""The demo's 2021 and 2022 reports tell the documented years right: every figure of the source documents
(001_…, the 2021 annual report; 004_…, the 2022 memo) that the portal models is in the PDF's text, and what
the documents do not give (Nobel 21 in 2021, costs) says it was not recorded instead of printing a 0."""

import io
import re

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from reports.models import AnnualReport, ReportVersion
from reports.services import report_version_create

pytestmark = pytest.mark.django_db

# (year, figure as the report words it, where the document gives it)
DOCUMENTED = [
    (2021, "sammanträdde 3 gånger", "001: Styrgruppen sammanträdde tre gånger under 2021"),
    (2021, "Civila samhället i samverkan", "001: the training"),
    (2021, "Medskapa förändring", "001: the training"),
    (2021, "6 platser", "001: Sex personer har erbjudits en plats"),
    (2021, "5 Malmötimmar med totalt 158 deltagare", "001: fem Malmötimmar, 158 personer"),
    (2021, "10 lärandeluncher", "001: tio lärandeluncher"),
    (2021, "400", "001: ca 400 nya följare"),
    (2021, "1 000 000 kronor", "the yearly grant"),
    (2022, "sammanträdde 4 gånger", "004: fyra styrgruppsmöten"),
    (2022, "120 personer", "004: cirka 120 personer vid dialogforum"),
    (2022, "cirka 545 besökare per vecka", "004: Nobel 21 cirka 545 besökare per vecka"),
    (2022, "2 850", "004: 2850 möten på Nobel 21"),
    (2022, "4 platser", "004: fyra personer fick en plats genom Malmöandan"),
    (2022, "2 Malmötimmar", "004: två Malmötimmar"),
    (2022, "9 lärandeluncher", "004: nio lärandeluncher"),
    (2022, "LinkedIn 600", "004: drygt 600 följare på LinkedIn"),
    (2022, "Instagram och Facebook 1 000", "004: cirka 1000 följare"),
    (2022, "1 000 000 kronor", "004: bidrag om 1 000 000 kronor"),
    (2022, "Godkänd av kommunstyrelsen 12 april 2023, STK-2023-267", "004: KS 2023-04-12, STK-2023-267"),
]
NOT_RECORDED = {
    2021: ["Inga uppgifter om verksamheten på Nobel 21 har registrerats för 2021."],
    2022: [],
}
FALSE_ZEROS = re.compile(
    r"\b0 (bokningar|deltagare|personer|organisationer|besökare|träffar)|cirka 0 |Resultat"
)


def _pdf_text(version: ReportVersion) -> str:
    version.refresh_from_db()
    with version.pdf.open("rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ").split())


@pytest.fixture
def demo_texts(settings, tmp_path, django_capture_on_commit_callbacks) -> dict[int, str]:
    settings.MEDIA_ROOT = tmp_path / "media"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", verbosity=0)
    texts = {2022: _pdf_text(ReportVersion.objects.approved().get(report__year=2022))}
    with django_capture_on_commit_callbacks(execute=True):
        version = report_version_create(report=AnnualReport.objects.get(year=2021), user=None)
    texts[2021] = _pdf_text(version)
    return texts


def test_the_demo_reports_hold_every_documented_figure_and_no_false_zero(demo_texts):
    missing = [
        (year, figure, source) for year, figure, source in DOCUMENTED if figure not in demo_texts[year]
    ]
    assert not missing, missing
    for year, sentences in NOT_RECORDED.items():
        for sentence in sentences:
            assert sentence in demo_texts[year]
        assert not FALSE_ZEROS.search(demo_texts[year]), FALSE_ZEROS.search(demo_texts[year])
