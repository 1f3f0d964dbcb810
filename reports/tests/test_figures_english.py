"""The figures page (and its CSV) speaks English when English is chosen: every label of a figure and the
"not recorded" text, with the same values as in Swedish."""

import pytest
from django.conf import settings
from django.urls import reverse

from reports.models import AnnualReport, FinanceLine

pytestmark = pytest.mark.django_db


def _page(client, year: int, fmt: str = "") -> str:
    name = "reports:annualreport-figures-csv" if fmt == "csv" else "reports:annualreport-figures"
    response = client.get(reverse(name, kwargs={"year": year}))
    assert response.status_code == 200
    return response.content.decode("utf-8-sig")


def test_figures_page_and_csv_in_english_with_the_same_values(client, steering_member, report, year_data):
    FinanceLine.objects.create(report=report, kind="expense", label="Lokaler", amount=215_000)
    client.force_login(steering_member)
    swedish = _page(client, 2022)
    assert "Bokningar (möten)" in swedish and "Kostnad: Lokaler (kr)" in swedish

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page(client, 2022)
    for label in [
        "Malmöandan in figures 2022",
        "Bookings (meetings)",
        "Visitors per week",
        "Number of dialogue forums",
        "Participants in total",
        "Running agreements",
        "Annual grant from the City Executive Board (SEK)",
        "Cost: Lokaler (SEK)",
        "Followers on LinkedIn",
    ]:
        assert label in english, label
    for swedish_label in ["Bokningar (möten)", "Deltagare totalt", "Pågående avtal", "Kostnad: Lokaler"]:
        assert swedish_label not in english, swedish_label
    assert (
        english.count('lang="sv">215') == swedish.count('lang="sv">215') == 1
    )  # the value, as a Swedish number
    csv = _page(client, 2022, "csv")
    assert csv.splitlines()[0] == "Section;Item;Value" and "Nobel 21;Bookings (meetings);30" in csv


def test_a_year_with_nothing_recorded_says_not_recorded_in_english(client, steering_member):
    AnnualReport.objects.create(year=2019)
    client.force_login(steering_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _page(client, 2019)
    assert "Not recorded" in english and "Inte registrerat" not in english
