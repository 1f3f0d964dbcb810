"""axe-core on every public page and on the account forms, also in their error state; reflow and focus."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from tests.test_url_access import DECLARED
from tests.url_access import PERSONAS

from .fixtures import PageChecks, log_in

PUBLIC = sorted(
    name for name, access in DECLARED.items() if access.expected["anonymous"] == 200 and name != "health"
)
ACCOUNT_PAGES = ["account_login", "account_signup", "account_reset_password"]


@pytest.fixture
def personas(request):
    return {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}


def test_every_public_page_passes_axe_and_reflows(checks, personas, client):
    """One browser session over all public HTML pages (one database setup); every failure is reported."""
    problems, checked = [], 0
    for name in PUBLIC:
        access = DECLARED[name]
        kwargs = access.kwargs(personas) if access.kwargs else {}
        url = reverse(name, kwargs=kwargs) + (f"?{access.query}" if access.query else "")
        if not client.get(url)["Content-Type"].startswith("text/html"):
            continue  # calendar feeds and files: nothing for axe to read
        try:
            checks.visit(url)
            checked += 1
        except (pytest.fail.Exception, AssertionError) as error:
            problems.append(f"{name}: {error}")
    assert not problems, "\n\n".join(problems)
    assert checked >= 8


def test_account_pages_pass_axe_reflow_and_show_focus(checks, db):
    for name in ACCOUNT_PAGES:
        checks.visit(reverse(name))
    checks.check_focus_visible(presses=8)


def test_login_form_in_its_error_state_passes_axe(page, checks, representative):
    log_in(page, representative.email, "wrong-password")
    assert page.locator(".alert-danger, .invalid-feedback, [role=alert]").first.is_visible()
    checks.check_page(label="login with errors")


def test_sign_up_form_in_its_error_state_passes_axe_and_ties_errors_to_fields(page, checks, db):
    page.goto(reverse("account_signup"))
    page.locator("#id_first_name").fill("Nina")
    page.locator("#id_last_name").fill("Ny")
    page.locator("#id_email").fill("nina@example.org")
    page.locator("#id_password1").fill("kort")
    page.locator("#id_password2").fill("annat")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()
    invalid = page.locator("[aria-invalid=true]")
    assert invalid.count() >= 1
    for i in range(invalid.count()):
        described = invalid.nth(i).get_attribute("aria-describedby") or ""
        assert described, "an invalid field has no aria-describedby"
        assert page.locator(f"#{described.split()[0]}").inner_text().strip()
    # The error summary leads: it has the focus, the title says "Fel:", its links move the focus to the field.
    assert page.title().startswith("Fel:")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    link = page.locator("#error-summary a[href='#id_password1']")
    assert link.count() == 1
    link.click()
    assert page.evaluate("document.activeElement.id") == "id_password1"
    checks.check_page(label="sign-up with errors", reflow=True)


def test_home_and_account_pages_when_signed_in(page, checks, representative, sign_in_as):
    sign_in_as(representative)
    for path in ["/", reverse("account_email"), reverse("personal-data"), reverse("account-delete")]:
        checks.visit(path)
    checks.check_focus_visible()


def test_the_checks_catch_what_they_are_for(browser, axe, live_server):
    """The harness itself: a page with known faults must fail each check (so a green run means something)."""
    context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    checks = PageChecks(page, axe)
    page.set_content(
        "<html><head><style>*:focus{outline:none}</style></head><body>"
        '<img src="/x.png"><input type="text"><div style="width:900px">wide</div></body></html>'
    )
    with pytest.raises(pytest.fail.Exception, match=r"image-alt|label|html-has-lang"):
        checks.axe_check("faulty page")
    # The rules are the newest axe-core's, from npm (package.json), not the copy the Python package bundles.
    pinned = json.loads((settings.BASE_DIR / "package.json").read_text())["devDependencies"]["axe-core"]
    assert page.evaluate("axe.version") == pinned
    with pytest.raises(AssertionError, match="scrolls sideways"):
        checks.check_reflow()
    with pytest.raises(AssertionError, match="focus is not visible"):
        checks.check_focus_visible(presses=1)
    context.close()
