"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

A plugin of the root conftest.py, so the apps' browser tests share one Playwright and one browser per session
(a second sync_playwright() in the same process fails).

Every page a test opens goes through `visit()` / `check_page()`, which run axe-core (WCAG 2.0/2.1 A and AA)
and fail on any violation; `check_reflow()` and `check_focus_visible()` check WCAG 1.4.10 and 2.4.7.
"""

import os
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

# The live server runs in a thread of this process while Playwright's sync API holds an event loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# The newest axe-core, from npm (package.json, installed by `make env`), not the older copy that
# axe-playwright-python bundles: its rules are the ones the portal and the admin are held to.
AXE_CORE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# What a page looks like to someone reading it at its current width, measured in the page: how far it scrolls
# sideways (WCAG 1.4.10) and which words are broken inside themselves across lines. A word is a run of letters
# and digits between spaces, hyphens, soft hyphens and slashes (breaking there is normal); it is broken when its line boxes
# (Range.getClientRects) lie on more than one line. Hidden text (.visually-hidden clips to one pixel) and
# what scrolls inside its own box are not what the reader sees, so they are not measured.
LAYOUT_SCRIPT = r"""() => {
  const scroller = document.scrollingElement;
  const overflow = scroller.scrollWidth - window.innerWidth;
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const skip = ".visually-hidden, .visually-hidden-focusable, .skip-link, script, style, template, [hidden]";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !parent.checkVisibility()) continue;
    for (const match of node.data.matchAll(/[^\s\-\u00ad\u2010-\u2015\/]+/g)) {
      if (match[0].length < 2) continue;
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
      // After a soft hyphen Chromium counts the hyphen it draws at the end of the line above into the word.
      if (node.data[match.index - 1] === "\u00ad") rects.shift();
      const tops = new Set(rects.map((rect) => Math.round(rect.top / 4)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  // What sticks out: the outermost elements reaching past the window's right edge, to name in the failure.
  const wide = [];
  if (overflow > 0) {
    for (const element of document.body.querySelectorAll("*")) {
      if (element.getBoundingClientRect().right <= window.innerWidth + 1) continue;
      if (wide.some((outer) => outer.contains(element))) continue;
      wide.push(element);
    }
  }
  const name = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "");
  return {overflow, broken: [...new Set(broken)].slice(0, 10), wide: wide.slice(0, 3).map(name)};
}"""
PASSWORD = "correct-horse-battery"  # the factories' password


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    missing = None
    if not CHROMIUM.exists():
        missing = "needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"
    elif not AXE_CORE.exists():
        missing = "needs axe-core from npm in node_modules/: run `make env` (npm ci; apt-get install npm)"
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)
            if missing:
                item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    if not AXE_CORE.exists():
        pytest.skip("needs axe-core from npm in node_modules/: run `make env` (npm ci; apt-get install npm)")
    return Axe.from_file(AXE_CORE)


@pytest.fixture
def page(browser, live_server, transactional_db):
    from django.core.cache import cache

    cache.clear()  # allauth's rate limits (e-mail confirmations, logins) live in the cache: start from zero
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


class PageChecks:
    """The checks every visited page gets; `visited` records what was checked, for the suite's summary."""

    visited: list[str] = []

    def __init__(self, page, axe):
        self.page = page
        self.axe = axe

    def axe_check(self, label: str = "") -> None:
        # Only violations are read: leaving out the passes' details halves the run on long admin pages.
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        results = self.axe.run(self.page, options=options)
        violations = results.response["violations"]
        where = label or urlparse(self.page.url).path
        PageChecks.visited.append(where)
        if violations:
            report = "\n".join(
                f"- {v['id']} ({v['impact']}): {v['help']}\n    "
                + "\n    ".join(node["html"][:200] for node in v["nodes"][:5])
                for v in violations
            )
            pytest.fail(f"axe-core found {len(violations)} WCAG violation(s) on {where}:\n{report}")

    def check_reflow(self) -> None:
        """WCAG 1.4.10: at 320 CSS pixels the page needs no horizontal scrolling."""
        size = self.page.viewport_size
        self.page.set_viewport_size({"width": 320, "height": 800})
        overflow = self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        self.page.set_viewport_size(size)
        assert overflow <= 0, f"{self.page.url} scrolls sideways by {overflow}px at 320px width"

    def layout_problems(self) -> list[str]:
        """At the current width: sideways scrolling and words broken inside themselves, as messages."""
        layout = self.page.evaluate(LAYOUT_SCRIPT)
        problems = []
        if layout["overflow"] > 0:
            problems.append(f"scrolls sideways by {layout['overflow']}px ({', '.join(layout['wide'])})")
        if layout["broken"]:
            problems.append("words broken inside themselves: " + ", ".join(layout["broken"]))
        return problems

    def check_focus_visible(self, presses: int = 6) -> None:
        """WCAG 2.4.7: every element reached with Tab shows an outline."""
        self.page.locator("body").focus()
        for _ in range(presses):
            self.page.keyboard.press("Tab")
            style = self.page.evaluate(
                """() => { const e = document.activeElement; if (!e || e === document.body) return null;
                  const s = getComputedStyle(e);
                  return {tag: e.tagName, outline: s.outlineStyle, width: parseFloat(s.outlineWidth),
                          shadow: s.boxShadow}; }"""
            )
            if style is None:
                continue
            visible = (style["outline"] != "none" and style["width"] > 0) or style["shadow"] not in (
                "none",
                "",
            )
            assert visible, f"focus is not visible on a {style['tag']} at {self.page.url}"

    def visit(self, path: str, *, reflow: bool = True) -> None:
        response = self.page.goto(path)
        assert response is not None and response.status < 400, f"GET {path}: {response and response.status}"
        self.check_page(reflow=reflow)

    def check_page(self, *, reflow: bool = False, label: str = "") -> None:
        self.axe_check(label)
        if reflow:
            self.check_reflow()


@pytest.fixture
def checks(page, axe) -> PageChecks:
    return PageChecks(page, axe)


def totp_code(secret: str) -> str:
    """The current code of an authenticator app holding `secret` (RFC 6238, as allauth checks it)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real login form."""
    page.goto("/konto/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form [type=submit]").first.click()
    page.wait_for_load_state()


@pytest.fixture
def sign_in_as(page, live_server):
    """Skip the login form: give the browser a session for a user (for journeys that do not test logging in)."""
    from django.test import Client

    def sign_in(user) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])

    return sign_in


def tab_to(page, selector: str, presses: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus (as a keyboard-only user would)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key on {page.url}")


def type_into(page, selector: str, text: str) -> None:
    """Reach the field with Tab and type into it."""
    tab_to(page, selector)
    page.keyboard.type(text)
