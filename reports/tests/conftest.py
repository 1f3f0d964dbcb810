import pytest

from reports.models import AnnualReport, FinanceLine, SocialMediaChannel

from .builders import build_year


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def year_data(db):
    return build_year(2022)


@pytest.fixture
def report(db):
    report = AnnualReport.objects.create(
        year=2022,
        introduction="Årsrapporten tas fram av samordningsfunktionen.\n\nDär båda sektorerna är representerade.",
        communication="Malmöandan följs främst på LinkedIn.",
        outlook="Fokus på jämlik hälsa <b>och</b> rörelse.",
    )
    SocialMediaChannel.objects.create(report=report, name="LinkedIn", followers=612, position=1)
    SocialMediaChannel.objects.create(
        report=report, name="Instagram och Facebook", followers=1034, position=2
    )
    FinanceLine.objects.create(
        report=report, kind="expense", label="Samordnare idéburen sektor", amount=812_345
    )
    FinanceLine.objects.create(
        report=report, kind="expense", label="Dialogforum och idéverkstad", amount=154_321
    )
    return report
