"""The annual report's page (with its checklist of what is missing, which gathers the year's figures) and the
figures page do the same number of queries whatever the year holds: asserted at two data sizes, the larger
with more events of every kind, head counts, paper evaluations, topics, sign-ups, bookings, recorded Nobel 21
months, cost lines and channels."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaboration.models import Nobel21MonthlyStatistic
from events.factories import EventFactory, RegistrationFactory, TopicFactory
from events.models import HeadCount, PaperEvaluation
from reports.models import AnnualReport, FinanceLine, SocialMediaChannel

from .builders import at, build_year

pytestmark = pytest.mark.django_db

PAGES = ["reports:annualreport-detail", "reports:annualreport-figures"]
# Measured: 42 (cold) / 41 and 36; the ceilings leave room for a small change, not for a query per row.
# With the coordination section (needs, offers, matches, calls, collaborations per forum, levels) and the
# politicians/officials split of each forum and workshop.
CEILINGS = {"reports:annualreport-detail": 55, "reports:annualreport-figures": 50}


def _year(year: int, scale: int) -> None:
    build_year(year, scale=scale)
    for i in range(3 * scale):
        for kind in ("dialogforum", "malmotimmen", "larandelunch", "utbildning"):
            event = EventFactory(
                kind=kind, title=f"{kind} {i}", starts_at=at(year, 1 + i % 12, 3 + i % 20, 12)
            )
            if i % 2:
                HeadCount.objects.create(event=event, total=20 + i, organisations=4, civil_society=10 + i)
            else:
                for _ in range(scale + 1):
                    RegistrationFactory(event=event, status="attended")
            PaperEvaluation.objects.create(event=event, score_4=i + 1, score_5=2)
            if kind == "dialogforum":
                TopicFactory(event=event, title=f"Ämne {i}", result="Ett resultat")
    for month in range(1, 13):
        if not Nobel21MonthlyStatistic.objects.filter(year=year, month=month).exists():
            Nobel21MonthlyStatistic.objects.create(
                year=year, month=month, meetings=100 + month, visitors=900, source="Export"
            )
    report = AnnualReport.objects.create(year=year, grant_amount=1_000_000)
    for i in range(2 * scale):
        FinanceLine.objects.create(report=report, kind="expense", label=f"Kostnad {i}", amount=1000 * (i + 1))
        SocialMediaChannel.objects.create(report=report, name=f"Kanal {i}", followers=100 + i, position=i)


def _queries(client, year: int) -> dict[str, int]:
    """Each page's queries with its cached fragments emptied first (the figures gathered) and then warm."""
    counts = {}
    for name in PAGES:
        for state in ("cold", "warm"):
            if state == "cold":
                caches["template_fragments"].clear()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(reverse(name, kwargs={"year": year}))
            assert response.status_code == 200, (name, response.status_code)
            counts[name, state] = len(captured.captured_queries)
    return counts


def test_report_and_figures_pages_do_not_do_more_queries_with_more_data(client, coordinator):
    client.force_login(coordinator)
    _year(2022, scale=1)
    _queries(client, 2022)  # the session and the roles are set up once
    small = _queries(client, 2022)
    _year(2023, scale=4)
    _queries(client, 2023)
    large = _queries(client, 2023)
    assert large == small, (small, large)
    for (name, _state), count in large.items():
        assert count <= CEILINGS[name], (name, count, large)
