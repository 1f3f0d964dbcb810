"""Mina sidor and the sign-up form with the event's questions, in Chromium: axe-core and 320 px reflow,
also in the form's error state.

Uses the browser fixtures of tests/browser/fixtures.py; skipped like those tests when Chromium is missing.
"""

import pytest
from django.urls import reverse

from collaboration.factories import BookingFactory
from events.factories import EventFactory, RegistrationFactory
from events.models import QuestionKind, RegistrationQuestion, RegistrationStatus
from tests.browser.fixtures import CHROMIUM

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
]


def test_mina_sidor_from_the_menu_and_the_calendar_link(
    page, checks, representative, organisation, sign_in_as
):
    full = EventFactory(title="Dialogforum om trygghet", capacity=1)
    RegistrationFactory(event=full, position=1)
    RegistrationFactory(event=full, position=2, email=representative.email, status=RegistrationStatus.WAITING)
    BookingFactory(organisation=organisation, title="Styrelsemöte")
    sign_in_as(representative)
    page.goto("/")
    page.get_by_role("link", name="Mina sidor").click()
    page.wait_for_load_state()
    assert page.get_by_text("Väntelista, plats 1 i kön").is_visible()
    checks.check_page(label="Mina sidor", reflow=True)
    page.get_by_role("button", name="Skapa länk").click()
    page.wait_for_load_state()
    link = page.get_by_label("Din kalenderlänk").input_value()
    assert "/mina-sidor/kalender/" in link
    checks.check_page(label="Mina sidor with the calendar link", reflow=True)


def test_sign_up_with_questions_and_its_error_state(page, checks, representative, organisation, sign_in_as):
    event = EventFactory(title="Lärandelunch")
    RegistrationQuestion.objects.create(event=event, text="Specialkost", order=1)
    RegistrationQuestion.objects.create(
        event=event,
        text="Roll",
        kind=QuestionKind.CHOICE,
        options="Deltagare\nMedarrangör",
        required=True,
        order=2,
    )
    sign_in_as(representative)
    checks.visit(reverse("events:registration-create", kwargs={"pk": event.pk}))
    page.get_by_role("button", name="Anmäl", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Svara på frågan.").first.is_visible()
    checks.check_page(label="sign-up with an unanswered question", reflow=True)
    page.get_by_label("Roll").first.select_option("Medarrangör")
    page.get_by_label("Specialkost (frivillig)").first.fill("Vegetarisk")
    page.get_by_role("button", name="Anmäl", exact=True).click()
    page.wait_for_load_state()
    assert event.registrations.get().answers.count() == 2
