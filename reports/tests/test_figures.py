"""The figures come from what was recorded for the year, and gathering them costs a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.exports import figure_rows, figures_csv
from reports.figures import gather_all

from .builders import build_year

pytestmark = pytest.mark.django_db


def test_each_section_is_computed_from_the_year_s_records(year_data):
    figures = gather_all(2022)

    assert (
        figures["nobel21"]["source"] == "records"
        and figures["activities"]["participants_source"] == "records"
    )
    steering = figures["steering"]
    assert steering["voting_members_by_side"] == {"Malmö stad": 3, "idéburen sektor": 5}
    assert steering["co_opted"] == ["Tom Roodro"]
    assert steering["meeting_count"] == 4 and steering["quorate_meetings"] == 3
    assert [area["title"] for area in figures["focus"]["areas"]] == ["Ungas trygghet och delaktighet"]
    assert figures["focus"]["served"]["serving_events"] == 1
    assert figures["focus"]["next"][0]["title"].startswith("Jämlik hälsa")

    forum = figures["dialogue"]["forums"][0]
    # Attendance was taken: the no-show does not count, nor does their organisation's extra sign-up.
    assert forum["participants"] == 40 and forum["organisations"] == 4
    assert forum["sectors"] == {"Idéburen sektor": 30, "Malmö stad": 10}
    assert [t["title"] for t in forum["topics"]] == [
        "Ungas situation på arbetsmarknaden",
        "Ungas psykiska och fysiska hälsa",
    ]
    assert forum["rating_average"] == 4.5 and forum["rating_answers"] == 20

    assert figures["workshops"]["totals"]["participants"] == 12
    hours = figures["inspiration"]["malmo_hours_totals"]
    assert (hours["count"], hours["participants"], hours["min"], hours["max"]) == (2, 56, 25, 31)
    assert [p["name"] for p in figures["inspiration"]["malmo_hours"][0]["presenters"]] == [
        "Karin Heri",
        "Micael Nord",
    ]
    assert figures["inspiration"]["learning_lunches_totals"]["count"] == 3
    training = figures["learning"]["trainings"][0]
    assert (training["capacity"], training["participants"], training["sessions"]) == (4, 4, 3)

    nobel = figures["nobel21"]
    assert (nobel["bookings"], nobel["attendees"], nobel["organisations"]) == (30, 300, 3)
    assert nobel["attendees_per_week"] == 6
    assert sum(nobel["bookings_per_month"]) == 30

    activities = figures["activities"]
    assert activities["events"] == 8  # the draft is not counted
    assert activities["participants"] == 40 + 12 + 56 + 36 + 4
    assert activities["participants_per_month"][9] == 40 + 31  # October: the forum and a Malmö hour

    partnerships = figures["partnerships"]
    assert (partnerships["new"], partnerships["signed"], partnerships["running"]) == (1, 0, 1)
    running = next(p for p in partnerships["partnerships"] if p["running"])
    assert {party["name"] for party in running["parties"]} == {"Förening 0", "Fritidsförvaltningen"}


def test_another_year_has_none_of_these_figures(year_data):
    figures = gather_all(2021)
    # Nothing recorded is not a zero: no bookings figure, no source, no chart
    assert figures["nobel21"]["bookings"] is None and figures["nobel21"]["source"] is None
    assert figures["activities"]["participants"] is None
    assert figures["dialogue"]["forums"] == []
    assert figures["steering"]["meeting_count"] == 0


def test_gathering_the_figures_costs_the_same_queries_at_any_size():
    build_year(2022, scale=1)
    with CaptureQueriesContext(connection) as small:
        gather_all(2022)
    build_year(2023, scale=3)
    with CaptureQueriesContext(connection) as large:
        figures = gather_all(2023)
    assert figures["nobel21"]["bookings"] == 90
    # The city's participants told apart per event: one query per section with events (forums, workshops).
    assert len(small) == len(large) <= 35, [q["sql"] for q in large.captured_queries]


def test_csv_has_one_row_per_figure_with_plain_numbers(year_data):
    text = figures_csv(
        figure_rows(gather_all(2022), {"grant_amount": 1_000_000, "channels": [], "finances": []})
    )
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == "Avsnitt;Uppgift;Värde"
    assert "Nobel 21;Bokningar (möten);30" in lines
    assert "Ekonomi;Årligt bidrag från kommunstyrelsen (kr);1000000" in lines
