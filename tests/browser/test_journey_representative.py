"""Journey 1: a new association representative signs up (keyboard only), verifies the e-mail address from the
outbox, registers their organisation, is confirmed by a coordinator, signs up two colleagues for a learning lunch
(keyboard only), books a room at Nobel 21, and downloads the calendar file."""

import re

from django.utils import timezone

from .fixtures import PASSWORD, PageChecks, log_in, tab_to, type_into

EMAIL = "nora@exempelforeningen.se"


def test_journey_1_new_representative_from_sign_up_to_booking(
    page, checks, axe, browser, live_server, coordinator, mailoutbox, tmp_path
):
    from collaboration.factories import RoomFactory
    from collaboration.models import Booking, Membership, Organisation
    from events.factories import EventFactory
    from events.models import Registration

    lunch = EventFactory(
        kind="larandelunch",
        title="Lärandelunch: att söka bidrag",
        starts_at=timezone.now() + timezone.timedelta(days=10),
        capacity=30,
    )
    room = RoomFactory(name="Konferensrum Ekvatorn", capacity=20)

    # Sign up with the keyboard only.
    checks.visit("/")
    page.get_by_role("link", name="Skapa konto").click()
    checks.check_page(reflow=True)
    page.locator("body").focus()
    type_into(page, "#id_first_name", "Nora")
    type_into(page, "#id_last_name", "Nyström")
    type_into(page, "#id_email", EMAIL)
    type_into(page, "#id_password1", PASSWORD)
    type_into(page, "#id_password2", PASSWORD)
    tab_to(page, "main form [type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checks.check_page(label="verification sent")

    # Verify the address with the link in the e-mail.
    assert mailoutbox and mailoutbox[-1].to == [EMAIL]
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    checks.check_page(label="confirm e-mail")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    if "/konto/login/" in page.url:
        log_in(page, EMAIL)

    # Register the organisation.
    page.goto("/organisationer/registrera/")
    checks.check_page(reflow=True)
    page.locator("#id_name").fill("Exempelföreningen")
    page.locator("#id_kind").select_option("ideell_forening")
    page.locator("#id_category").select_option("kultur")
    page.locator("main form [type=submit]").click()
    page.wait_for_load_state()
    checks.check_page()
    organisation = Organisation.objects.get(name="Exempelföreningen")
    membership = Membership.objects.get(organisation=organisation, user__email=EMAIL)
    assert membership.confirmed_at is None

    # A coordinator confirms the membership, in their own browser.
    other = browser.new_context(base_url=live_server.url)
    coordinator_page = other.new_page()
    client_cookie_login(coordinator_page, coordinator, live_server)
    coordinator_page.goto(f"/organisationer/{organisation.pk}/medlemmar/")
    PageChecks(coordinator_page, axe).check_page(reflow=True)
    coordinator_page.get_by_role("button", name=re.compile("Bekräfta Nora")).click()
    coordinator_page.wait_for_load_state()
    other.close()
    membership.refresh_from_db()
    assert membership.confirmed_at is not None

    # Sign up two colleagues (and herself) for the learning lunch, with the keyboard only.
    page.goto("/evenemang/")
    checks.check_page(reflow=True)
    page.get_by_role("link", name="Lärandelunch: att söka bidrag").first.click()
    checks.check_page(reflow=True)
    page.get_by_role("link", name="Anmäl dig eller kollegor").click()
    checks.check_page(reflow=True)
    page.locator("#id_kollega-0-name").fill("Bara ett namn")  # no e-mail address: the error state
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Ange både namn och e-post" in page.locator("main").inner_text()
    checks.check_page(label="sign-up form with errors")
    page.locator("#id_kollega-0-name").fill("")
    checks.check_focus_visible(presses=12)
    page.locator("body").focus()
    type_into(page, "#id_kollega-0-name", "Kalle Kollega")
    type_into(page, "#id_kollega-0-email", "kalle@exempelforeningen.se")
    type_into(page, "#id_kollega-1-name", "Klara Kollega")
    type_into(page, "#id_kollega-1-email", "klara@exempelforeningen.se")
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checks.check_page()
    signed_up = set(Registration.objects.filter(event=lunch).values_list("email", flat=True))
    assert signed_up == {EMAIL, "kalle@exempelforeningen.se", "klara@exempelforeningen.se"}

    # Book a room at Nobel 21 and download the calendar file.
    page.goto("/nobel21/")
    checks.check_page(reflow=True)
    page.goto("/nobel21/boka/")
    checks.check_page(reflow=True)
    page.locator("main form [type=submit]").last.click()  # nothing filled in: the error state
    page.wait_for_load_state()
    assert page.locator("[aria-invalid=true]").count() >= 3
    checks.check_page(label="booking form with errors")
    day = timezone.localdate() + timezone.timedelta(days=14)
    day += timezone.timedelta(days=(7 - day.weekday()) % 7)  # a Monday, when Nobel 21 is open
    page.locator("#id_organisation").select_option(str(organisation.pk))
    page.locator("#id_room").select_option(str(room.pk))
    page.locator("#id_title").fill("Styrelsemöte")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start").fill("10:00")
    page.locator("#id_end").fill("12:00")
    page.locator("#id_expected_attendees").fill("8")
    page.locator("main form [type=submit]").last.click()
    page.wait_for_load_state()
    checks.check_page(reflow=True)
    booking = Booking.objects.filter(room=room, organisation=organisation).first()
    assert booking, page.locator("main").inner_text()
    assert booking.status == "confirmed" and booking.booked_by.email == EMAIL
    with page.expect_download() as info:
        page.get_by_role("link", name="Kalenderfil Styrelsemöte").click()
    path = tmp_path / "bokning.ics"
    info.value.save_as(path)
    ics = path.read_text()
    assert "BEGIN:VCALENDAR" in ics and "Styrelsemöte" in ics and "Ekvatorn" in ics


def client_cookie_login(page, user, live_server) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
