"""Journey 2: a steering member reads the agenda, proposes a focus area, votes in the open ballot (with the
keyboard only), changes the vote, and sees the result once the ballot has closed."""

import re

from django.utils import timezone

from .fixtures import log_in, tab_to, type_into


def test_journey_2_steering_member_proposes_votes_changes_the_vote_and_sees_the_result(
    page, checks, steering_member
):
    from steering.factories import MandateFactory, MeetingFactory, open_focus_ballot
    from steering.models import Ballot, Proposal
    from steering.services.ballots import ballot_close

    meeting = MeetingFactory(
        title="Styrgruppsmöte i september",
        held_at=timezone.now() + timezone.timedelta(days=3),
        agenda="1. Mötets öppnande\n2. Val av fokusområde för nästa år\n3. Övriga frågor",
    )
    colleague = MandateFactory().user
    ballot = open_focus_ballot(
        voters=[steering_member], proposals=2, title="Fokusområde nästa år", meeting=meeting
    )
    first, second = [o.label for o in ballot.options.filter(is_abstain=False).order_by("position")]

    log_in(page, steering_member.email)
    checks.visit("/styrgrupp/")
    page.get_by_role("link", name="Sammanträden").first.click()
    checks.check_page(reflow=True)
    page.get_by_role("link", name=re.compile("Styrgruppsmöte i september")).click()
    checks.check_page(reflow=True)
    assert "Val av fokusområde för nästa år" in page.locator("main").inner_text()

    # Propose a focus area; first an empty form, to check its error state.
    page.get_by_role("link", name="Förslag").first.click()
    page.get_by_role("link", name="Lämna ett förslag").click()
    checks.check_page(reflow=True)
    page.locator("main form [type=submit]").click()
    assert page.locator("[aria-invalid=true]").count() >= 1
    checks.check_page(label="proposal form with errors")
    page.locator("body").focus()
    type_into(page, "#id_title", "Trygga mötesplatser för äldre")
    type_into(page, "#id_motivation", "Ensamheten bland äldre har ökat, och föreningarna kan möta den.")
    tab_to(page, "main form [type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    checks.check_page()
    assert Proposal.objects.filter(
        title="Trygga mötesplatser för äldre", proposed_by=steering_member
    ).exists()

    # Vote with the keyboard only.
    page.get_by_role("link", name="Omröstningar").first.click()
    page.get_by_role("link", name="Fokusområde nästa år").click()
    checks.check_page(reflow=True)
    checks.check_focus_visible(presses=12)
    page.reload()
    page.locator("body").focus()
    tab_to(page, "input[type=radio][name=option]")
    page.keyboard.press("Space")
    assert (
        page.locator("input[type=radio][name=option]:checked").evaluate("e => e.labels[0].innerText").strip()
        == first
    )
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"Du har röstat: {first}." in page.locator("main").inner_text()
    checks.check_page()

    # Change the vote (still keyboard only: the arrow key moves the choice within the radio group).
    page.locator("body").focus()
    tab_to(page, "input[type=radio][name=option]")
    page.keyboard.press("ArrowDown")
    assert (
        page.locator("input[type=radio][name=option]:checked").evaluate("e => e.labels[0].innerText").strip()
        == second
    )
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"Du har röstat: {second}." in page.locator("main").inner_text()
    assert "Resultatet visas för alla när omröstningen har stängt." in page.content()

    # The ballot closes; the result is shown.
    ballot_close(ballot=Ballot.objects.get(pk=ballot.pk))
    page.reload()
    checks.check_page(reflow=True)
    result = page.locator("#result-heading + p, #result-heading ~ table").all_inner_texts()
    assert "1 av 2" in result[0]
    assert re.search(rf"{re.escape(second)} – vinnare\s+1", result[1])
    assert colleague.email not in page.content()
