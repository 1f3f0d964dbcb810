"""The organisation and partnership pages in Chromium: axe-core (WCAG 2.1 AA) and reflow, also in error states.

Uses the browser fixtures of tests/browser/fixtures.py (a plugin of the root conftest); skipped like those tests when Chromium is missing.
"""

import pytest

from collaboration.factories import MembershipFactory, PartnershipPartyFactory
from tests.browser.fixtures import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
]


def test_representative_and_coordinator_pages_pass_axe(
    page, checks, representative, organisation, coordinator, sign_in_as
):
    pending = MembershipFactory(organisation=organisation, confirmed_at=None)
    party = PartnershipPartyFactory(organisation=organisation, partnership__stage="dialogue")
    sign_in_as(representative)
    for url in [
        "/organisationer/mina/",
        f"/organisationer/{organisation.pk}/medlemmar/",
        "/organisationer/ga-med/",
        "/organisationer/registrera/",
    ]:
        checks.visit(url)

    page.goto("/organisationer/registrera/")
    page.locator("#id_name").fill("Felnumret")
    page.locator("#id_kind").select_option("ideell_forening")
    page.locator("#id_organisation_number").fill("802400-1234")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    assert "kontrollsiffran stämmer inte" in page.content()
    checks.check_page(label="register with a wrong number")

    page.goto("/organisationer/ga-med/")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    checks.check_page(label="join without choosing")

    page.goto(f"/organisationer/{organisation.pk}/medlemmar/")
    page.get_by_role("button", name=f"Bekräfta {pending.user}").click()
    page.wait_for_load_state()
    pending.refresh_from_db()
    assert pending.is_confirmed

    sign_in_as(coordinator)
    checks.visit("/samverkan/processen/")
    checks.visit(f"/samverkan/{party.partnership.pk}/")
    page.locator("#id_stage").select_option("stopped")
    page.locator("form[action$='/steg/'] [type=submit]").click()
    page.wait_for_load_state()
    assert "Ange varför samverkan avbryts" in page.content()
    checks.check_page(label="stopping without a reason")
