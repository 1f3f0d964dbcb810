"""WCAG 1.4.10 on every page of every role: at 320 CSS pixels no page scrolls sideways and no word is broken
inside itself, and axe-core (the newest, from npm) finds no violation.

The pages are those the URL-by-role walk declares (tests/test_url_access.py, from every app's
tests/url_access*.py): each URL a persona opens with 200 is loaded as that persona, so a new URL is covered as
soon as it is declared. One browser page is reused for all of them; only the session cookie changes. A page
whose HTML is the very page another persona was shown (public pages look alike to many) is measured once.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_url_access import DECLARED
from tests.url_access import PERSONAS

from .fixtures import PageChecks

PHONE = {"width": 320, "height": 640}
# What differs between two renderings of the same page for the same person: the CSRF token and nonces.
SECRETS = re.compile(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"')


@pytest.fixture
def personas(request):
    return {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}


def _clients(personas) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for persona, user in personas.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
    return clients


def _urls(personas) -> dict[str, str]:
    """Each declared URL that some persona opens, built once (building may create the objects it names)."""
    urls = {}
    for name, access in sorted(DECLARED.items()):
        if 200 not in access.expected.values():
            continue
        kwargs = access.kwargs(personas) if access.kwargs else {}
        urls[name] = reverse(name, kwargs=kwargs) + (f"?{access.query}" if access.query else "")
    return urls


def test_every_page_of_every_role_reflows_at_320_px_and_passes_axe(page, axe, personas, live_server):
    page.set_viewport_size(PHONE)
    checks = PageChecks(page, axe)
    clients = _clients(personas)
    urls = _urls(personas)
    problems, checked, seen = [], 0, set()
    for persona in PERSONAS:
        page.context.clear_cookies()
        client = clients[persona]
        if persona != "anonymous":
            cookie = client.cookies["sessionid"].value
            page.context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        for name, url in urls.items():
            if DECLARED[name].expected[persona] != 200:
                continue
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue  # files and calendar feeds have no layout; a wrong status is test_url_access's to report
            html = SECRETS.sub("", response.content.decode())
            if html in seen:
                continue  # the very page another persona saw: measured already
            seen.add(html)
            browser_response = page.goto(url)
            if browser_response is None or browser_response.status != 200:
                problems.append(f"{persona} {url}: answered {browser_response and browser_response.status}")
                continue
            checked += 1
            problems.extend(f"{persona} {url}: {problem}" for problem in checks.layout_problems())
            try:
                checks.axe_check(f"{persona} {url}")
            except (pytest.fail.Exception, AssertionError) as error:
                problems.append(f"{persona} {url}: {error}")
    assert not problems, "\n".join(problems)
    # Every persona has HTML pages of its own; the walk must have reached them (not stopped at the login page).
    assert checked >= sum(1 for access in DECLARED.values() if access.expected["coordinator"] == 200) // 2


def test_the_layout_check_catches_what_it_is_for(browser, axe, live_server):
    """The harness itself: a page that scrolls sideways and one that breaks a word must both be caught."""
    context = browser.new_context(viewport=PHONE)
    checks = PageChecks(context.new_page(), axe)
    checks.page.set_content(
        "<html lang='sv'><body><p style='overflow-wrap:anywhere;width:4em'>Ledigt Konferensrum</p>"
        "<div style='width:900px'>bred</div><span class='visually-hidden' style='width:1px;overflow:hidden;"
        "position:absolute'>dold text som inte räknas</span></body></html>"
    )
    problems = checks.layout_problems()
    assert any("scrolls sideways" in problem for problem in problems)
    broken = next(problem for problem in problems if problem.startswith("words broken"))
    assert "Konferensrum" in broken and "dold" not in broken
    checks.page.set_content("<html lang='sv'><body><p style='width:4em'>Ledigt i dag</p></body></html>")
    assert checks.layout_problems() == []
    context.close()
