"""A person downloads their data and deletes their account in the browser, the form also in its error state."""

import json

from .fixtures import PASSWORD, log_in


def test_person_downloads_their_data_and_deletes_the_account(page, checks, representative, tmp_path):
    log_in(page, representative.email)
    page.get_by_role("link", name="Mina sidor").first.click()
    page.get_by_role("link", name="Ladda ned mina uppgifter eller ta bort mitt konto").click()
    checks.check_page(reflow=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ned mina uppgifter (JSON)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".json"
    data = json.loads(path.read_text())
    assert data["data"]["collaboration.User"][0]["email"] == representative.email

    page.get_by_role("link", name="Ta bort mitt konto").click()
    checks.check_page(reflow=True)
    page.get_by_label("Ditt lösenord").fill("not-my-password")
    page.get_by_label("Jag förstår att kontot inte går att återskapa").check()
    page.get_by_role("button", name="Ta bort mitt konto för alltid").click()
    page.wait_for_load_state()
    assert "Lösenordet stämmer inte." in page.locator("main").inner_text()
    assert page.locator("#id_password[aria-invalid=true]").count() == 1
    checks.check_page(label="account deletion with errors")

    page.get_by_label("Ditt lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Ta bort mitt konto för alltid").click()
    page.wait_for_load_state()
    assert "Ditt konto är borttaget" in page.locator("main").inner_text()
    checks.check_page()
    representative.refresh_from_db()
    assert not representative.is_active
