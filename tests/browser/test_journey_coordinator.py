"""Journey 3: a coordinator logs in with two-factor authentication, creates a dialogue forum in the admin, marks
attendance at the door, and generates the annual report PDF."""

import io
import re

from django.utils import timezone

from conftest import TOTP_SECRET

from .fixtures import log_in, totp_code


def test_journey_3_coordinator_with_two_factor_creates_a_forum_marks_attendance_and_renders_the_report(
    page, checks, coordinator, organisation, tmp_path, settings
):
    from events.factories import RegistrationFactory
    from events.models import Event, Registration

    settings.MEDIA_ROOT = tmp_path
    year = timezone.localdate().year

    # Log in: password, then the code from the authenticator app.
    log_in(page, coordinator.email)
    assert "/2fa/" in page.url
    checks.check_page(label="two-factor step", reflow=True)
    page.locator("#id_code").fill(totp_code(TOTP_SECRET))
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url(lambda url: "/2fa/" not in url)

    # The admin: a dialogue forum that starts this morning (so attendance can be marked today).
    page.goto("/admin/events/event/add/")
    checks.check_page(label="admin: add event")
    page.locator("#id_kind").select_option("dialogforum")
    page.locator("#id_title").fill("Dialogforum om trygghet")
    page.locator("#id_status").select_option("published")
    start = timezone.localtime().replace(hour=0, minute=5, second=0, microsecond=0)
    page.locator("#id_starts_at_0").fill(start.strftime("%Y-%m-%d"))
    page.locator("#id_starts_at_1").fill("00:05:00")
    page.locator("#id_ends_at_0").fill(start.strftime("%Y-%m-%d"))
    page.locator("#id_ends_at_1").fill("00:55:00")
    page.locator("#id_place_kind").select_option("address")
    page.locator("#id_address").fill("Stortorget 1, Malmö")
    page.locator("#id_capacity").fill("80")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    checks.check_page(label="admin: event saved")
    event = Event.objects.get(title="Dialogforum om trygghet")
    assert event.kind == "dialogforum" and event.capacity == 80

    # Three people signed up; two came, one did not.
    people = [
        RegistrationFactory(
            event=event, organisation=organisation, name=name, email=f"{name.lower()}@example.org"
        )
        for name in ["Amina", "Bertil", "Cecilia"]
    ]
    page.goto(f"/evenemang/{event.pk}/deltagare/")
    checks.check_page(reflow=True)
    page.get_by_role("button", name="Amina är här").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Bertil är här").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Cecilia uteblev").click()
    page.wait_for_load_state()
    checks.check_page()
    statuses = dict(Registration.objects.filter(pk__in=[p.pk for p in people]).values_list("name", "status"))
    assert statuses == {"Amina": "attended", "Bertil": "attended", "Cecilia": "no_show"}
    assert "närvarande 2" in page.locator("main").inner_text()

    # The annual report: start it, render the PDF, download it.
    page.goto("/arsrapporter/")
    checks.check_page(reflow=True)
    page.get_by_role("button", name="Skapa årsrapport").click()  # without a year first: the error state
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() == 1
    checks.check_page(label="annual report form with errors")
    page.locator("#id_year").fill(str(year))
    page.get_by_role("button", name="Skapa årsrapport").click()
    page.wait_for_url(f"**/arsrapporter/{year}/")
    checks.check_page(reflow=True)
    page.get_by_role("button", name="Skapa PDF").click()
    page.wait_for_load_state()
    page.goto(f"/arsrapporter/{year}/")  # rendered by the task after the request committed
    checks.check_page()
    with page.expect_download() as info:
        page.get_by_role("link", name="Årsrapport, version 1").click()
    path = tmp_path / "report.pdf"
    info.value.save_as(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")

    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert re.search(r"Dialogforum", text)
