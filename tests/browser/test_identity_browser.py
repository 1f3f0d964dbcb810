"""Malmöandan's face in Chromium: the home page with the logo, the palette and the yearly cycle at 1280 and
320 px passes axe and reflows; the favicon answers; event pages and lists print without menus and forms."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from events.factories import EventFactory
from steering.factories import FocusAreaFactory
from tests.browser.fixtures import PageChecks

NOT_PRINTED = ".site-nav-links, .site-nav-account, .skip-link, main form, main .btn, .site-footer nav"
SEA = "rgb(11, 79, 113)"  # --ma-text-sea in static/css/identity.css


@pytest.fixture
def home_data(transactional_db):
    FocusAreaFactory(title="Jämlik hälsa", description="Hälsa i hela staden.")
    return EventFactory(title="Dialogforum om hälsa", starts_at=timezone.now() + dt.timedelta(days=3))


@pytest.mark.parametrize("width", [1280, 320])
def test_home_page_face_and_cycle_pass_axe_at_both_widths(page, checks: PageChecks, home_data, width):
    page.set_viewport_size({"width": width, "height": 900})
    # The live server's first request loads templates and catalogues (6 s on a busy machine): not the page's
    # own time, which visit() allows 10 s.
    page.request.get("/", timeout=60_000)
    checks.visit("/", reflow=True)
    assert page.locator(".site-name-logo").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.locator("h1").evaluate("h => getComputedStyle(h).color") == SEA
    assert "Jämlik hälsa" in page.locator("#focus-heading + article").inner_text()
    assert page.get_by_role("link", name="Dialogforum om hälsa").is_visible()

    wheel = page.get_by_role("img", name=f"Årshjulet {timezone.localdate().year}")
    assert wheel.is_visible()
    box = wheel.bounding_box()
    assert box["width"] <= width and box["width"] >= min(
        280, width - 40
    )  # the picture scales, never overflows
    current = page.locator(".wheel-month-label.is-current")
    assert current.count() == 1
    with translation.override("sv"):
        assert current.text_content() == formats.date_format(timezone.localdate(), "M")
    arcs = page.locator("svg.wheel .wheel-arc")
    items = page.locator(".wheel-list li")
    assert arcs.count() == items.count() >= 7
    for i in range(items.count()):  # every state the picture shows is said in words
        assert items.nth(i).locator(".wheel-state").inner_text().strip()


def test_favicon_answers_and_the_icons_are_linked(page, checks: PageChecks, transactional_db):
    page.goto("/")
    icon = page.request.get("/favicon.ico")
    assert icon.status == 200 and icon.body()[:4] == b"\x00\x00\x01\x00"
    svg_href = page.locator('link[rel=icon][type="image/svg+xml"]').get_attribute("href")
    svg = page.request.get(svg_href)
    assert svg.status == 200 and b"<svg" in svg.body()


def test_event_page_and_list_print_without_menus_forms_or_buttons(page, checks: PageChecks, home_data):
    event = home_data
    for path in [reverse("events:event-list"), event.get_absolute_url()]:
        page.goto(path)
        page.emulate_media(media="print")
        hidden = page.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                 .filter(e => getComputedStyle(e).display !== 'none').map(e => e.outerHTML.slice(0, 80))""",
            NOT_PRINTED,
        )
        assert hidden == [], f"{path} prints {hidden}"
        assert page.locator("h1").evaluate("h => getComputedStyle(h).color") == "rgb(0, 0, 0)"
        assert page.locator(".site-name").is_visible()  # the paper says who sent it
        assert page.get_by_text(event.title).first.is_visible()
        pdf = page.pdf(format="A4")  # Chromium lays it out for paper without error
        assert pdf[:4] == b"%PDF"
        page.emulate_media(media="screen")
