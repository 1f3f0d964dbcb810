"""The key pages (and the writes the benchmark times) do as many SQL queries with three times the data.

The data comes from the benchmark's own builder (bench/dataset.py, the project's factories) at two sizes,
each built inside a savepoint that is rolled back, so both sizes are measured in one test. Pages whose URL
names do not exist yet are left out (bench/pages.py lists them); each is requested as the persona the
benchmark uses, once to warm up and once counted, exactly as `bench/run.py` counts them.
"""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.dataset import PERSONA_EMAILS, Scale, at, build
from bench.measure import query_counts, resolve_pages
from bench.pages import PAGES

SMALL = Scale(
    years=2, bookings_per_year=150, events_per_year=20, signups_per_year=100, organisations=20, people=150
)
LARGE = Scale(
    years=3, bookings_per_year=450, events_per_year=40, signups_per_year=400, organisations=60, people=450
)
# No key page needs more than this many queries whatever it shows; the report's figures, one section each, 36
# (the coordination section: postings and matches, forums, calls, funding help, city staff, mailings: six; the
# city's politicians and officials told apart per dialogue forum and per idea workshop: one each).
CEILING = 15
CEILINGS = {"report_figures": 36}


class _Measured(Exception):
    def __init__(self, figures: dict):
        self.figures = figures


def _booking_create_queries() -> int:
    from collaboration.models import Room, User
    from collaboration.services.rooms import booking_create

    user = User.objects.get(email=PERSONA_EMAILS["representative"])
    room = Room.objects.order_by("pk").first()
    day = timezone.localdate() + dt.timedelta(days=400)
    with CaptureQueriesContext(connection) as captured:
        booking_create(
            room=room,
            organisation=user.memberships.first().organisation,
            title="Räknat",
            starts_at=at(day, 10),
            ends_at=at(day, 11),
            expected_attendees=1,
            booked_by=user,
        )
    return len(captured.captured_queries)


def _report_figures_queries() -> int:
    from reports.models import AnnualReport
    from reports.services import report_content

    report = AnnualReport.objects.order_by("-year").first()
    with CaptureQueriesContext(connection) as captured:
        report_content(report)
    return len(captured.captured_queries)


def _measure(scale: Scale) -> dict:
    try:
        with transaction.atomic():
            build(seed=7, scale=scale)
            resolved = [item for item in resolve_pages(PAGES) if item.available]
            figures = {key: (q.count, q.status) for key, q in query_counts(resolved).items()}
            figures["booking_create"] = (_booking_create_queries(), 200)
            figures["report_figures"] = (_report_figures_queries(), 200)
            raise _Measured(figures)
    except _Measured as measured:
        return measured.figures


@pytest.mark.django_db
def test_key_pages_do_not_do_more_queries_with_more_data(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    small = _measure(SMALL)
    large = _measure(LARGE)

    assert small.keys() == large.keys()
    assert {"home", "booking_create", "report_figures"} <= small.keys()
    problems = []
    for key, (count, status) in sorted(large.items()):
        small_count, small_status = small[key]
        if status != 200 or small_status != 200:
            problems.append(f"{key}: answered {small_status}/{status}, not 200")
        if count > small_count:
            problems.append(f"{key}: {small_count} queries with the small data set, {count} with the large")
        if count > CEILINGS.get(key, CEILING):
            problems.append(f"{key}: {count} queries, more than {CEILINGS.get(key, CEILING)}")
    assert not problems, (
        f"{problems}; all (small, large): { {k: (small[k][0], v[0]) for k, v in large.items()} }"
    )
