"""Issue 13, "Done when": a coordinator records a past year the demo data does not hold (2019) only through
the portal's pages and the admin, generates the annual report and finds every recorded figure in the PDF's
text, and none of the demo years' figures.

The test counts what the coordinator does (page loads, clicks, form fields filled, files chosen) and prints
it with the time the walk took, for the note on issue 13 ("clicks and minutes").
"""

import io
import time
from dataclasses import dataclass, field

import pytest
from django.core.management import call_command

from conftest import TOTP_SECRET
from tests.browser.fixtures import log_in, totp_code

pytestmark = pytest.mark.browser

YEAR = 2019


@dataclass
class Coordinator:
    """The page, with every action the coordinator takes counted."""

    page: object
    counts: dict = field(default_factory=lambda: {"pages": 0, "clicks": 0, "fields": 0, "files": 0})

    def go(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status < 400, f"GET {path}: {response and response.status}"
        self.counts["pages"] += 1

    def fill(self, selector: str, value) -> None:
        self.page.locator(selector).fill(str(value))
        self.counts["fields"] += 1

    def select(self, selector: str, value: str | None = None, *, label: str | None = None) -> None:
        if label is not None:
            self.page.locator(selector).select_option(label=label)
        else:
            self.page.locator(selector).select_option(value)
        self.counts["fields"] += 1

    def upload(self, selector: str, path) -> None:
        self.page.locator(selector).set_input_files(str(path))
        self.counts["files"] += 1

    def click(self, locator) -> None:
        locator.click()
        self.page.wait_for_load_state()
        self.counts["clicks"] += 1

    def button(self, name: str) -> None:
        self.click(self.page.get_by_role("button", name=name, exact=True))

    def link(self, name: str) -> None:
        self.click(self.page.get_by_role("link", name=name, exact=True).first)

    def main_text(self) -> str:
        return self.page.locator("main").inner_text()


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _add_event(
    c: Coordinator,
    *,
    kind: str,
    title: str,
    day: str,
    start: str,
    end: str,
    capacity: int,
    chosen: bool = False,
) -> int:
    """The admin's add form, as a coordinator fills it for an event that took place."""
    from events.models import Event

    c.go("/admin/events/event/add/")
    c.select("#id_kind", kind)
    c.fill("#id_title", title)
    c.select("#id_status", "published")
    c.fill("#id_starts_at_0", day)
    c.fill("#id_starts_at_1", start)
    c.fill("#id_ends_at_0", day)
    c.fill("#id_ends_at_1", end)
    c.select("#id_place_kind", "address")
    c.fill("#id_address", "Stortorget 1, Malmö")
    c.fill("#id_capacity", capacity)  # required: the room's size, also for an event recorded afterwards
    if chosen:  # the coordinators handed out the places: they count as places offered through Malmöandan
        c.click(c.page.locator("#id_selection_by_coordinators"))
    c.click(c.page.locator("input[name=_save]"))
    errors = c.page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, f"admin refused {title}: {errors}"
    return Event.objects.get(title=title).pk


def _head_count(c: Coordinator, pk: int, *, total: int, organisations=None, **sectors) -> None:
    c.go(f"/evenemang/{pk}/deltagare/")
    c.link("Ange antal deltagare")
    c.fill("#id_total", total)
    if organisations is not None:
        c.fill("#id_organisations", organisations)
    for sector, value in sectors.items():
        c.fill(f"#id_sector_{sector}", value)
    c.button("Spara")
    assert "Antalet deltagare är sparat." in c.main_text(), c.main_text()


def _walk_in(c: Coordinator, pk: int, name: str, *, organisation: str = "", sector: str = "") -> None:
    c.go(f"/evenemang/{pk}/deltagare/")
    c.link("Lägg till deltagare")
    c.fill("#id_name", name)
    if organisation:
        c.select("#id_organisation", label=organisation)
    if sector:
        c.select("#id_sector", sector)
    c.button("Spara")
    assert f"{name} är tillagd." in c.main_text(), c.main_text()


def _import(c: Coordinator, pk: int, path, count: int) -> None:
    c.go(f"/evenemang/{pk}/deltagare/")
    c.link("Importera lista")
    c.upload("#id_file", path)
    c.button("Förhandsgranska")
    assert not c.page.locator("main .alert-danger").count(), c.main_text()  # no bad row in the preview
    c.button(f"Spara {count} deltagare")
    assert f"{count} deltagare är importerade." in c.main_text(), c.main_text()


def test_a_coordinator_records_2019_through_the_portal_and_the_report_states_it(
    page, checks, coordinator, tmp_path, settings
):
    from openpyxl import Workbook

    from collaboration.models import Nobel21MonthlyStatistic, Partnership
    from events.models import Event

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_data", verbosity=0, stdout=io.StringIO())
    assert not Event.objects.filter(starts_at__year=YEAR).exists()
    assert not Nobel21MonthlyStatistic.objects.filter(year=YEAR).exists()

    c = Coordinator(page)
    started = time.monotonic()
    log_in(page, coordinator.email)
    c.counts["fields"] += 2
    c.counts["clicks"] += 1
    c.fill("#id_code", totp_code(TOTP_SECRET))
    c.click(page.locator("main form [type=submit]").first)
    page.wait_for_url(lambda url: "/2fa/" not in url)

    # A dialogue forum with no list, only the coordinators' count; four topics; answers collected on paper.
    forum = _add_event(
        c,
        kind="dialogforum",
        title="Dialogforum om bostäder",
        day="2019-03-14",
        start="18:00",
        end="20:30",
        capacity=100,
    )
    _head_count(c, forum, total=87, organisations=23, civil_society=52, city=28, academia=7)
    topics = [
        ("Hemlöshet bland unga", "En arbetsgrupp med tre föreningar och socialförvaltningen"),
        ("Trångboddhet", "Underlag till bostadsförsörjningsprogrammet"),
        ("Föreningslokaler i bostadsområden", ""),
        ("Trygghet i trapphuset", "Pilot med två bostadsbolag"),
    ]
    c.go(f"/evenemang/{forum}/deltagare/")
    c.link("Ämnen och resultat")
    for title, result in topics:
        c.fill("#id_title", title)
        if result:
            c.fill("#id_result", result)
        c.button("Spara")
        assert f"Ämnet ”{title}” är sparat." in c.main_text(), c.main_text()
    checks.check_page(label="topics recorded afterwards")
    c.go(f"/evenemang/{forum}/deltagare/")
    c.link("Registrera utvärderingar på papper")
    c.fill("#id_score_5", 12)
    c.fill("#id_score_4", 12)
    c.fill("#id_score_3", 6)
    c.button("Spara")
    assert "Utvärderingssvaren är sparade." in c.main_text(), c.main_text()

    # Two Malmö hours: the first from a CSV list and one walk-in, the second from an Excel list and two.
    spring = _add_event(
        c,
        kind="malmotimmen",
        title="Malmötimmen om volontärer",
        day="2019-04-10",
        start="12:00",
        end="13:00",
        capacity=40,
    )
    autumn = _add_event(
        c,
        kind="malmotimmen",
        title="Malmötimmen om IOP",
        day="2019-10-09",
        start="12:00",
        end="13:00",
        capacity=40,
    )
    csv_file = tmp_path / "narvaro-april.csv"
    csv_file.write_text(
        "Namn;E-post;Organisation;Sektor\n"
        "Anna Andersson;anna@example.org;Rädda Barnen Malmö;\n"
        "Bo Berg;;;Malmö stad\n"
        "Cilla Carlsson;cilla@example.org;;Idéburen sektor\n",
        encoding="utf-8-sig",
    )
    _import(c, spring, csv_file, 3)
    _walk_in(c, spring, "David Dahl", organisation="Fryshuset Malmö")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["namn", "e-post", "organisation", "sektor"])
    for row in [
        ("Eva Ek", "eva@example.org", "Röda Korset Malmö", ""),
        ("Fredrik Falk", "fredrik@example.org", "", "Malmö stad"),
        ("Gun Gren", "", "Malmö universitet", ""),
        ("Hassan Holm", "hassan@example.org", "", "Näringsliv"),
        ("Ida Ilić", "ida@example.org", "Bryggeriet", ""),
    ]:
        sheet.append(row)
    xlsx_file = tmp_path / "narvaro-oktober.xlsx"
    workbook.save(xlsx_file)
    _import(c, autumn, xlsx_file, 5)
    _walk_in(c, autumn, "Jonas Jönsson", sector="city")
    _walk_in(c, autumn, "Karin Kvist", organisation="Sensus studieförbund")
    checks.check_page(label="door list after import and walk-ins")

    # Three learning lunches, counted by head.
    for day, title, total in [
        ("2019-02-06", "Lärandelunch om föreningsbidrag", 14),
        ("2019-05-15", "Lärandelunch om GDPR i föreningen", 17),
        ("2019-11-20", "Lärandelunch om volontärsamordning", 9),
    ]:
        lunch = _add_event(
            c, kind="larandelunch", title=title, day=day, start="12:00", end="13:00", capacity=25
        )
        _head_count(c, lunch, total=total)

    # A training with eight places, seven came.
    training = _add_event(
        c,
        kind="utbildning",
        title="Ledarskap i idéburen sektor",
        day="2019-09-25",
        start="09:00",
        end="16:00",
        capacity=8,
        chosen=True,
    )
    _head_count(c, training, total=7, organisations=6)

    # Nobel 21: eleven months from the centre's export, December by hand.
    export = tmp_path / "nobel21-2019.csv"
    export.write_text(
        "Månad;Bokningar;Besökare\n"
        + "".join(f"{month};{190 + month};{2100 + month * 10}\n" for month in range(1, 12)),
        encoding="utf-8",
    )
    c.go(f"/nobel21/statistik/?ar={YEAR}")
    checks.check_page(label="Nobel 21 statistics")
    c.upload("#id_import_file", export)
    c.fill("#id_import_source", "Malmö Ideellas bokningssystem")
    c.button("Förhandsvisa")
    c.button("Spara 11 månader från Malmö Ideellas bokningssystem")
    assert "11 månader är importerade." in c.main_text(), c.main_text()
    c.select("#id_month", "12")
    c.fill("#id_meetings", 150)
    c.fill("#id_visitors", 1500)
    c.fill("#id_source", "Malmö Ideellas bokningssystem")
    c.button("Spara månaden")
    assert "Månaden är registrerad." in c.main_text(), c.main_text()
    assert "Ångra importen från Malmö Ideellas bokningssystem" in c.main_text()
    checks.check_page(label="Nobel 21 statistics with an import to undo")

    # An IOP: the commission is entered in the admin, its later steps on the portal with the dates they
    # happened.
    c.go("/admin/collaboration/partnership/add/")
    c.fill("#id_title", "IOP Läxhjälp i Lindängen")
    c.select("#id_form", "iop")
    c.fill("#id_purpose", "Läxhjälp och föräldraträffar för barn i Lindängen.")
    c.select("#id_level", "partnership")
    c.fill("#id_commissioned_on", "2019-01-21")
    c.click(page.locator("input[name=_save]"))
    errors = page.locator(".errornote, .errorlist").all_inner_texts()
    assert not errors, errors
    partnership = Partnership.objects.get(title="IOP Läxhjälp i Lindängen")
    for stage, day in [("dialogue", "2019-03-04"), ("signed", "2019-09-12")]:
        c.go(f"/samverkan/{partnership.pk}/")
        c.select("#id_stage", stage)
        c.fill("#id_changed_on", day)
        c.button("Byt steg")
        assert "Steget är ändrat." in c.main_text(), c.main_text()
    partnership.refresh_from_db()
    assert partnership.stage == "signed" and str(partnership.signed_on) == "2019-09-12"

    # The report: create it, enter the costs and a channel, then the PDF.
    c.go("/arsrapporter/")
    c.fill("#id_year", YEAR)
    c.button("Skapa årsrapport")
    page.wait_for_url(f"**/arsrapporter/{YEAR}/")
    checks.check_page(label="report 2019 before the costs", reflow=True)
    c.link("Redigera texter och manuella siffror")
    c.select("#id_finances-0-kind", "expense")
    c.fill("#id_finances-0-label", "Lön samordnare")
    c.fill("#id_finances-0-amount", 720000)
    c.select("#id_finances-1-kind", "expense")
    c.fill("#id_finances-1-label", "Lokaler och arrangemang")
    c.fill("#id_finances-1-amount", 215000)
    c.fill("#id_channels-0-name", "LinkedIn")
    c.fill("#id_channels-0-followers", 310)
    c.fill("#id_channels-0-new_followers", 95)
    c.button("Spara")
    checks.check_page(label="report 2019 with costs")
    c.button("Skapa PDF")
    c.go(f"/arsrapporter/{YEAR}/")  # rendered by the task after the request committed
    with page.expect_download() as info:
        c.link("Årsrapport, version 1")
    path = tmp_path / "report-2019.pdf"
    info.value.save_as(path)
    minutes = (time.monotonic() - started) / 60
    text = _pdf_text(path.read_bytes())

    recorded = [
        # the forum: head count, sectors, organisations, topics, evaluations (12×5 + 12×4 + 6×3 = 126 / 30)
        "Dialogforum om bostäder",
        "I forumet deltog 87 personer från 23 organisationer (enligt samordnarnas räkning)",
        "betyget 4,2 av 5",
        "30 svar, varav 30 på papper",
        "Ämnen som behandlades (4)",
        *(title for title, _result in topics),
        "Underlag till bostadsförsörjningsprogrammet",
        # Malmö hours: 3 imported + 1 walk-in, 5 imported + 2 walk-ins
        "2 Malmötimmar med totalt 11 deltagare",
        # learning lunches: 14 + 17 + 9
        "3 lärandeluncher med totalt 40 deltagare",
        # the training
        "ingick 1 utbildning med sammanlagt 1 träff i Malmöandans arbete; genom Malmöandan erbjöds 8 platser",
        "7 personer deltog",
        # Nobel 21: Σ(190+m, m=1..11) + 150 = 2 306 bookings; Σ(2100+10m) + 1500 = 25 260 visitors
        "2 306 bokningar",
        "25 260 besökare under året",
        "cirka 484 besökare per vecka",
        "Malmö Ideellas bokningssystem",
        # the IOP signed on a past date
        "IOP Läxhjälp i Lindängen",
        "avtal 12 september 2019",
        # costs: grant 1 000 000, costs 935 000, result 65 000
        "Lön samordnare 720 000",
        "Lokaler och arrangemang 215 000",
        "Summa kostnader 935 000",
        "Resultat 65 000",
        "LinkedIn 310 95",
    ]
    missing = [figure for figure in recorded if figure not in text]
    # The demo years' own figures (001_, 004_ and the demo's events) must not leak into 2019.
    other_years = ["2 850", "545 besökare", "158 deltagare", "120 personer", "LinkedIn 600", "STK-2023-267"]
    leaked = [figure for figure in other_years if figure in text]
    print(
        f"\nRecording {YEAR} through the UI: {c.counts['pages']} page loads, {c.counts['clicks']} clicks, "
        f"{c.counts['fields']} form fields filled, {c.counts['files']} files chosen; "
        f"{minutes:.1f} minutes in the test browser"
    )
    assert not missing, f"not in the 2019 PDF: {missing}\n\n{text}"
    assert not leaked, f"figures of other years in the 2019 PDF: {leaked}\n\n{text}"
