"""The issue's "done when" in Chromium: find an event, sign up two colleagues, land on the waiting list,
cancel from the e-mail link, see the next promoted; the coordinator's attendance page. axe-core on each page.

Uses the browser fixtures of tests/browser/fixtures.py (a plugin of the root conftest); skipped like those tests when Chromium is missing.
"""

import re

import pytest
from django.core import mail

from events.factories import EventFactory, RegistrationFactory
from events.models import EventKind, RegistrationStatus
from tests.browser.fixtures import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
]


def test_representative_signs_up_colleagues_waits_cancels_by_link_and_the_next_is_promoted(
    page,
    checks,
    representative,
    organisation,
    coordinator,
    sign_in_as,
    live_server,
):
    event = EventFactory(kind=EventKind.LEARNING_LUNCH, title="Lärandelunch om fonder", capacity=2)
    RegistrationFactory(event=event, organisation=organisation, position=1, email="forst@example.org")
    checks.visit("/evenemang/")
    checks.visit("/evenemang/kalender/")
    checks.visit("/evenemang/aret/")
    sign_in_as(representative)
    checks.visit("/evenemang/?kind=larandelunch")
    page.get_by_role("link", name="Lärandelunch om fonder").click()
    page.wait_for_load_state()
    checks.check_page(label="event page")
    page.get_by_role("link", name="Anmäl dig eller kollegor").click()
    page.wait_for_load_state()
    checks.check_page(label="sign-up form")
    page.locator("#id_include_myself").uncheck()
    page.locator("#id_kollega-0-name").fill("Ada Andersson")
    page.locator("#id_kollega-0-email").fill("ada@example.org")
    page.locator("#id_kollega-1-name").fill("Bo Berg")
    page.locator("#id_kollega-1-email").fill("bo@example.org")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    assert "Ada Andersson är anmäld och har en plats." in page.content()
    assert "Bo Berg står på väntelistan." in page.content()
    checks.check_page(label="after sign-up")

    ada_mail = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    link = re.search(r"https?://\S+(/evenemang/avboka/\S+/)", ada_mail.body).group(1)
    page.context.clear_cookies()
    checks.visit(link)
    page.get_by_role("button", name="Ja, avboka").click()
    page.wait_for_load_state()
    assert "Anmälan är avbokad" in page.content()
    statuses = dict(event.registrations.values_list("email", "status"))
    assert statuses["ada@example.org"] == RegistrationStatus.CANCELLED
    assert statuses["bo@example.org"] == RegistrationStatus.CONFIRMED
    assert any(m.to == ["bo@example.org"] and "plats" in m.subject for m in mail.outbox)

    sign_in_as(coordinator)
    checks.visit(f"/evenemang/{event.pk}/deltagare/")
    checks.visit(f"/evenemang/{event.pk}/meddelande/")
    checks.visit(f"/evenemang/{event.pk}/")
