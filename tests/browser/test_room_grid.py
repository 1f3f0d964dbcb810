"""The room week and day views and the month calendar as pictures: at 1280 px time is space (blocks placed
and sized by their time in a CSS grid, columns side by side), at 320 px lists per day with the free hours as
buttons; at both widths nothing scrolls sideways, no word is broken inside itself, axe finds nothing."""

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import OrganisationFactory, RoomFactory
from collaboration.models import Closure
from collaboration.tests.test_bookings import at, book
from events.factories import EventFactory

from .fixtures import PageChecks

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}
OWN = "Styrelsemöte (Föreningen Gemenskap)"
TOLERANCE = 3  # px: borders and margins between blocks


@pytest.fixture
def week(db, organisation):
    room = RoomFactory(name="Konferensrum Öresund", capacity=24)
    book(room, organisation, at(0, 10), at(0, 12))
    book(room, OrganisationFactory(name="Grannföreningen"), at(0, 14), at(0, 15, 30))
    Closure.objects.create(room=room, starts_at=at(1, 8), ends_at=at(1, 12), reason="Golvslipning")
    return room


def _week_url(room) -> str:
    return reverse("room-week", args=[room.pk]) + f"?vecka={at(0, 0).date().isoformat()}"


def _box(page, selector: str) -> dict:
    locator = page.locator(selector)
    assert locator.count() == 1, f"{selector}: {locator.count()} elements"
    return locator.bounding_box()


def _hour_top(page, hour: int) -> float:
    return page.locator(".timegrid-axis li", has_text=f"{hour:02d}:00").bounding_box()["y"]


def _no_problems(checks: PageChecks) -> None:
    assert checks.layout_problems() == []
    clipped = checks.page.evaluate(
        "() => [...document.querySelectorAll('.tg-block:not(.tg-now)')]"
        ".filter((b) => b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1)"
        ".map((b) => b.textContent.trim())"
    )
    assert clipped == [], f"blocks whose text does not fit: {clipped}"
    checks.axe_check()


def test_the_week_at_1280_px_places_each_block_by_its_time(page, checks, week, representative, sign_in_as):
    sign_in_as(representative)
    page.set_viewport_size(WIDE)
    page.goto(_week_url(week))
    monday = page.locator(".timegrid-column").nth(0)
    tuesday = page.locator(".timegrid-column").nth(1)
    assert monday.bounding_box()["x"] < tuesday.bounding_box()["x"]
    assert monday.bounding_box()["y"] == pytest.approx(tuesday.bounding_box()["y"], abs=1)

    own = monday.locator(".tg-taken", has_text=OWN)
    assert "10:00–12:00" in own.inner_text()
    box = own.bounding_box()
    assert box["y"] == pytest.approx(_hour_top(page, 10), abs=TOLERANCE)
    assert box["y"] + box["height"] == pytest.approx(_hour_top(page, 12), abs=TOLERANCE)
    assert re.search(r"tg-tone-\d", own.get_attribute("class"))

    theirs = monday.locator(".tg-taken", has_text="Upptaget")
    assert "14:00–15:30" in theirs.inner_text() and "Grannföreningen" not in theirs.inner_text()
    box = theirs.bounding_box()
    assert box["y"] == pytest.approx(_hour_top(page, 14), abs=TOLERANCE)
    half_past_three = (_hour_top(page, 15) + _hour_top(page, 16)) / 2
    assert box["y"] + box["height"] == pytest.approx(half_past_three, abs=TOLERANCE)
    background = "(e) => getComputedStyle(e).backgroundColor"
    assert own.evaluate(background) != theirs.evaluate(background)  # the own one in its organisation's tone

    closed = tuesday.locator(".tg-closed", has_text="Golvslipning")
    assert "08:00–12:00" in closed.inner_text()
    assert closed.bounding_box()["y"] + closed.bounding_box()["height"] == pytest.approx(
        _hour_top(page, 12), abs=TOLERANCE
    )
    free = monday.get_by_role("link", name=re.compile(r"^12:00–13:00 Ledigt"))
    assert free.bounding_box()["y"] == pytest.approx(_hour_top(page, 12), abs=TOLERANCE)
    assert "fran=12%3A00" in free.get_attribute("href") or "fran=12:00" in free.get_attribute("href")
    _no_problems(checks)

    free.click()
    page.wait_for_load_state()
    assert page.url.split("?")[0].endswith(reverse("booking-create"))


def test_the_week_at_320_px_is_a_list_per_day_with_the_free_hours_as_buttons(
    page, checks, week, representative, sign_in_as
):
    sign_in_as(representative)
    page.set_viewport_size(PHONE)
    page.goto(_week_url(week))
    assert page.locator(".timegrid-axis").is_hidden()
    monday, tuesday = page.locator(".timegrid-column").nth(0), page.locator(".timegrid-column").nth(1)
    assert tuesday.bounding_box()["y"] >= monday.bounding_box()["y"] + monday.bounding_box()["height"]
    buttons = monday.locator("a.tg-book")
    first, second = buttons.nth(0).bounding_box(), buttons.nth(1).bounding_box()
    assert first["y"] == pytest.approx(second["y"], abs=1) and second["x"] > first["x"]  # side by side
    assert monday.locator(".tg-taken", has_text=OWN).bounding_box()["width"] > 250  # a line of its own
    _no_problems(checks)


def test_the_current_time_is_marked_and_the_hours_before_it_have_passed(
    page, checks, week, coordinator, sign_in_as
):
    url = _week_url(week)
    sign_in_as(coordinator)
    page.set_viewport_size(WIDE)
    with time_machine.travel(at(0, 13, 20), tick=True):
        page.goto(url)
        marker = page.locator(".timegrid-column").nth(0).locator(".tg-now")
        assert marker.inner_text() == "Nu 13:15"
        quarter_past = _hour_top(page, 13) + (_hour_top(page, 14) - _hour_top(page, 13)) / 4
        assert marker.bounding_box()["y"] == pytest.approx(quarter_past, abs=TOLERANCE)
        assert page.locator(".timegrid-column").nth(1).locator(".tg-now").count() == 0
        assert (
            page.locator(".timegrid-column").nth(0).locator(".tg-past").count() == 3
        )  # 08, 09 and 12 (10–12 booked)
        # A coordinator sees every title, each organisation in its tone.
        assert page.locator(".tg-taken", has_text="Grannföreningen").count() == 1
        _no_problems(checks)


def test_the_day_view_at_both_widths(page, checks, week, representative, sign_in_as):
    sign_in_as(representative)
    RoomFactory(name="Konferensrum Pildammen", capacity=16)
    url = reverse("room-day") + f"?datum={at(0, 0).date().isoformat()}"
    page.set_viewport_size(WIDE)
    page.goto(url)
    columns = page.locator(".timegrid-column")
    assert columns.count() == 2
    assert columns.nth(0).bounding_box()["y"] == pytest.approx(columns.nth(1).bounding_box()["y"], abs=1)
    own = page.locator(".tg-taken", has_text=OWN).bounding_box()
    assert own["y"] == pytest.approx(_hour_top(page, 10), abs=TOLERANCE)
    _no_problems(checks)
    page.set_viewport_size(PHONE)
    assert columns.nth(1).bounding_box()["y"] > columns.nth(0).bounding_box()["y"]
    _no_problems(checks)


def test_the_month_calendar_at_both_widths(page, checks, db):
    starts = timezone.localtime(at(3, 12))
    EventFactory(title="Lärandelunch: att söka bidrag hos Malmö stad", starts_at=starts)
    EventFactory(title="Dialogforum om civilsamhällets lokaler", starts_at=starts.replace(hour=17))
    page.goto(reverse("events:event-calendar") + f"?manad={starts:%Y-%m}")
    page.set_viewport_size(WIDE)
    entry = page.get_by_role("link", name=re.compile("Lärandelunch"))
    assert entry.inner_text().startswith("12:00")
    day = page.locator("td", has=entry)
    assert 120 < day.bounding_box()["width"] < 200  # one of seven equal columns
    headers = page.locator(".event-calendar thead th")
    assert [headers.nth(i).inner_text() for i in range(7)] == [
        "Mån",
        "Tis",
        "Ons",
        "Tor",
        "Fre",
        "Lör",
        "Sön",
    ]
    lines = headers.evaluate_all(
        "(cells) => cells.map((cell) => { const range = document.createRange(); range.selectNodeContents(cell);"
        " return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size; })"
    )
    assert lines == [1] * 7  # each weekday on one line ("To r" no more)
    _no_problems(checks)

    page.set_viewport_size(PHONE)
    days = page.locator(".event-calendar td:visible")
    assert days.count() == 1  # only the day with events
    assert re.fullmatch(
        rf"[A-ZÅÄÖ][a-zåäö]+dag {starts.day} [a-zåäö]+", day.locator(".calendar-date").inner_text()
    )
    assert page.get_by_role("link", name=re.compile("Dialogforum")).is_visible()
    _no_problems(checks)
