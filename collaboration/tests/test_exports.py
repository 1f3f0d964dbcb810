"""The CSV dialect Swedish Excel opens on a double click, and export files named after what they hold."""

import csv
import datetime as dt
import io
import zoneinfo
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from collaboration.shared.exports import Column, Export
from events.factories import EventFactory, RegistrationFactory

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")

ROWS = Export(
    "rader",
    [
        Column("Namn", "name"),
        Column("Tid", "at"),
        Column("Andel", "share"),
        Column("Snitt", "average"),
    ],
)


class Row:
    def __init__(self, name, at, share, average):
        self.name, self.at, self.share, self.average = name, at, share, average


def _read(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_is_semicolon_separated_utf8_with_bom_local_time_to_the_second_and_decimal_comma():
    moment = dt.datetime(2026, 6, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)  # 10:30:15 in Malmö (summer time)
    content = ROWS.render([Row("Åsa; Öberg", moment, Decimal("0.25"), 4.5)], "csv")
    rows = _read(content)
    assert rows[0] == ["Namn", "Tid", "Andel", "Snitt"]
    assert rows[1] == ["Åsa; Öberg", "2026-06-01 10:30:15", "0,25", "4,5"]


def test_csv_cells_that_would_be_formulas_are_neutralised():
    rows = _read(ROWS.render([Row("=1+1", None, None, None)], "csv"))
    assert rows[1] == ["'=1+1", "", "", ""]


def test_file_name_says_what_it_holds_never_todays_date():
    assert ROWS.filename("csv") == "rader.csv"
    assert (
        ROWS.filename("xlsx", "Dialogforum: Välfärd (2026-05-12)")
        == "rader-dialogforum-valfard-2026-05-12.xlsx"
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_participant_export_is_named_after_the_event_and_its_date(db, client, login_as, fmt):
    starts = (
        timezone.now().astimezone(STOCKHOLM).replace(year=timezone.now().year + 1, month=3, day=14, hour=10)
    )
    event = EventFactory(
        title="Lärandelunch om Välfärd", starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    registration = RegistrationFactory(event=event, name="Örjan Åberg")
    login_as("coordinator")
    response = client.get(reverse("events:participant-export", kwargs={"pk": event.pk, "fmt": fmt}))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="deltagare-larandelunch-om-valfard-{starts:%Y-%m-%d}.{fmt}"'
    )
    if fmt == "csv":
        rows = _read(response.content)
        assert rows[1][1] == "Örjan Åberg"
        created = timezone.localtime(registration.created_at).replace(microsecond=0, tzinfo=None)
        assert rows[1][-1] == created.isoformat(sep=" ")


def test_admin_export_of_one_row_is_named_after_it(client, coordinator):
    from collaboration.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Föreningen Ängen")
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:collaboration_organisation_changelist"),
        {"action": "export_organisationer_csv", "_selected_action": [organisation.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="organisationer-foreningen-angen.csv"'
    assert _read(response.content)[1][0] == "Föreningen Ängen"
