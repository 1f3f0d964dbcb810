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
    (
        2021,
        "3 ledamöter från Malmö stad och 5 ledamöter från idéburen sektor",
        "001: KSAU's three, five named",
    ),
    (
        2021,
        "adjungerade utan rösträtt var Karim Haddad och Sara Samordnare",
        "001: two co-opted coordinators",
    ),
    (2021, "Fokusområde 2021: ”Återstart”", "001: Under 2021 var det prioriterade området ”återstart”"),
    (
        2021,
        "Dialogforum 2021: Återstart, 9 november 2021",
        "001: Den 9 november arrangerades årets dialogforum",
    ),
    (
        2021,
        "I forumet deltog 62 personer från 50 organisationer",
        "001: mer än 60 personer från 50 organisationer",
    ),
    (2021, "betyget 4 av 5", "001: fick forumet betyget 4"),
    (2021, "Ämnen som behandlades (8)", "001: the eight topics"),
    (2021, "Vid idéverkstaden deltog 30 personer (enligt samordnarnas räkning).", "001: deltog 30 personer"),
    (2021, "inkubatorn ”Level” i deras lokaler på Mobilia", "001: Level, Mobilia"),
    (
        2021,
        "Civila samhället i samverkan (Marie Cederschiölds högskola) 14 september 2021 1 – – 6",
        "001: fem"
        " organisationer i civilsamhället samt personal från Malmö stad; no places of Malmöandan's own",
    ),
    (
        2021,
        "(Malmöakademin) 12 oktober 2021 – 15 mars 2022 5 6 6",
        "001: 5 träffar oktober 2021 till mars 2022, sex platser",
    ),
    (2021, "6 personer deltog. För 1 utbildning har inget antal deltagare registrerats.", "001: no number"),
    (2021, "(30–33 per tillfälle)", "the demo's five Malmö hours, 158 in all"),
    (2021, "10–15 per tillfälle", "001: runt 10-15 personer per tillfälle"),
    (2021, "27 oktober då lärandelunchen hölls på Naturmolnet i Sofielund", "001: Naturmolnet"),
    (2021, "4 avtal om partnerskap löpte under året, varav 2 IOP", "001: Kraftsamling Herrgården, Guldängen"),
    (
        2021,
        "Kraftsamling Herrgården Idéburet offentligt partnerskap (IOP) · Pågår vid årets slut",
        "001: IOP 2021",
    ),
    (
        2021,
        "Parter: Kommunstyrelsen (Offentlig), Fritidsnämnden (Offentlig), Kulturnämnden (Offentlig), Rädda "
        "Barnen Malmö (Idéburen), Tillsammans i Förening (Idéburen), Malmö universitet (Akademi)",
        "001: the parties",
    ),
    (
        2021,
        "Helamalmö Idéburet offentligt partnerskap (IOP) · Uppdrag att utreda vid årets slut",
        "001: no offer",
    ),
    (2021, "Malmö Tillsammans Samverkansprojekt · Pågår vid årets slut", "001: pågår från 2021 - 2023"),
    (
        2021,
        "Engagemang i Malmö Samverkansprojekt · Pågår vid årets slut",
        "001: inleddes 2020, till augusti 2022",
    ),
    (2021, "Bryggeriet om skate-kulturen i Malmö", "001: processtöd"),
    (2022, "3 ledamöter från Malmö stad och 5 ledamöter från idéburen sektor", "004: åtta, tre och fem"),
    (2022, "Fokusområde 2022: ”Ungas trygghet och delaktighet”", "004: fokusområdet 2022"),
    (2022, "Ungas situation på arbetsmarknaden", "004: 1) ungas situation på arbetsmarknaden"),
    (2022, "Ungas psykiska och fysiska hälsa", "004: 2) ungas psykiska och fysiska hälsa"),
    (
        2022,
        "Medskapa förändring 2022 (Malmöakademin) 13 september 2022 – 14 februari 2023 5 4 4",
        "004: fem träffar, fyra personer fick en plats",
    ),
    (2022, "Lärandelunch: Communities That Care (CTC)", "004: the lunches named"),
    (2022, "Lärandelunch: Rätten till idrott", "004: the lunches named"),
    (2022, "Malmötimmen: Att motverka hat och hot på internet", "004: the second Malmö hour"),
    (2022, "4 avtal om partnerskap löpte under året, varav 2 IOP", "004: two IOP agreements supported"),
    (2022, "Malmö Tillsammans Samverkansprojekt · Pågår vid årets slut", "004: avslutas i april 2023"),
    (2022, "Engagemang i Malmö Samverkansprojekt · Avslutat vid årets slut", "001: pågår till augusti 2022"),
    (
        2022,
        "Jämlik hälsa på Lindängen Idéburet offentligt partnerskap (IOP) · I dialog vid årets slut",
        "004",
    ),
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
# Figures the documents contradict, and a sentence the report once printed twice.
NOT_SO = [
    (2021, "Näringsliv: ", "001: the forum's people were from Malmö stad, idéburen sektor and akademin"),
    (2021, "från 30 organisationer", "001: the workshop's 30 people, no number of organisations"),
    (2021, "30 platser", "001: Malmöandan offered places on Medskapa förändring only"),
    (2021, "varav 4 IOP", "001: two of the running agreements were IOP"),
    (2022, "varav 5 IOP", "004: more IOP than agreements running"),
    (2022, "1 träff", "004: fem träffar"),
    (
        2021,
        "Styrgruppen ansvarar för övergripande styrning av Malmöandan. Styrgruppen ansvarar",
        "said twice",
    ),
]
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
    contradicted = [(year, figure, source) for year, figure, source in NOT_SO if figure in demo_texts[year]]
    assert not contradicted, contradicted
    for year, sentences in NOT_RECORDED.items():
        for sentence in sentences:
            assert sentence in demo_texts[year]
        assert not FALSE_ZEROS.search(demo_texts[year]), FALSE_ZEROS.search(demo_texts[year])
