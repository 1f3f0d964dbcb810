"""Journey: before the October meeting a steering member reads the coordinators' report for it (page and PDF),
weighs the year's proposals, votes; the meeting confirms the result; the home page shows next year's focus area.
Every page at 1280 px and at 320 px, with axe at both widths."""

import re

from django.urls import reverse
from django.utils import timezone

from .fixtures import tab_to


def _both_widths(page, checks, label: str) -> None:
    """axe at 1280 px and again at 320 px, and no sideways scrolling at 320 px (WCAG 1.4.10)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    checks.check_page(reflow=True, label=f"{label} (1280 px)")
    page.set_viewport_size({"width": 320, "height": 800})
    checks.axe_check(label=f"{label} (320 px)")
    page.set_viewport_size({"width": 1280, "height": 800})


def test_member_reads_the_report_weighs_votes_and_the_meeting_decides(
    page, checks, sign_in_as, steering_member, coordinator
):
    from events.factories import EventFactory, RegistrationFactory
    from reports.meeting_report import meeting_report_draft, meeting_report_render
    from steering.factories import BallotFactory, MandateFactory, MeetingFactory, ProposalFactory
    from steering.models import Ballot, FocusArea
    from steering.services.ballots import ballot_close, ballot_open

    now = timezone.now()
    next_year = timezone.localdate().year + 1
    MeetingFactory(title="Styrgruppsmöte i september", held_at=now - timezone.timedelta(days=30))
    october = MeetingFactory(
        title="Styrgruppsmöte i oktober",
        held_at=now + timezone.timedelta(days=3),
        agenda="1. Mötets öppnande\n2. Samordnarnas återrapport\n3. Beslut om nästa års fokusområde",
    )
    seat = MandateFactory(user=steering_member)
    october.attendees.add(seat)
    forum = EventFactory(
        kind="dialogforum",
        title="Dialogforum om trygghet",
        starts_at=now - timezone.timedelta(days=10),
        ends_at=now - timezone.timedelta(days=10) + timezone.timedelta(hours=3),
        status="published",
    )
    for _ in range(3):
        RegistrationFactory(event=forum, status="attended")
    first = ProposalFactory(
        year=next_year,
        title="Trygga mötesplatser för äldre",
        status="shortlisted",
        priorities="Stadens äldreplan och sektorns mötesplatser.",
    )
    ProposalFactory(year=next_year, title="Fler unga ledare", status="shortlisted")
    ballot = ballot_open(
        ballot=BallotFactory(title=f"Fokusområde {next_year}", year=next_year, meeting=october)
    )
    report, _kept = meeting_report_draft(meeting=october, user=coordinator)
    meeting_report_render(report_id=report.pk, revision=report.revision)  # without a worker in the test

    sign_in_as(steering_member)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/styrgrupp/moten/")
    page.get_by_role("link", name=re.compile("Styrgruppsmöte i oktober")).click()
    _both_widths(page, checks, "meeting page")
    page.get_by_role("link", name="Samordnarnas återrapport").click()
    _both_widths(page, checks, "coordinators' report")
    main = page.locator("main").inner_text()
    assert "Dialogforum om trygghet. 3 deltagare" in main
    assert "Trygga mötesplatser för äldre" in main  # the proposals received since September
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner återrapporten (PDF)").click()
    assert download.value.suggested_filename.startswith("aterrapport-styrgrupp-")

    # Weigh the proposals: all of the year's, with how each relates to the city's and the sector's priorities.
    page.goto(f"/styrgrupp/forslag/{next_year}/avvagning/")
    _both_widths(page, checks, "weighing the proposals")
    main = page.locator("main").inner_text()
    assert "Fler unga ledare" in main and "Stadens äldreplan och sektorns mötesplatser." in main

    # Vote, with the keyboard.
    page.goto(f"/styrgrupp/omrostningar/{ballot.pk}/")
    _both_widths(page, checks, "ballot")
    page.locator("body").focus()
    tab_to(page, "input[type=radio][name=option]")
    page.keyboard.press("Space")
    chosen = page.locator("input[type=radio][name=option]:checked").evaluate("e => e.labels[0].innerText")
    assert chosen.strip() == first.title
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert f"Du har röstat: {first.title}." in page.locator("main").inner_text()

    # The ballot closes at its time (the beat's task); the quorate October meeting confirms its result into
    # the minutes, recorded by a coordinator in the admin.
    ballot_close(ballot=Ballot.objects.get(pk=ballot.pk))
    sign_in_as(coordinator)
    page.goto(reverse("admin:steering_ballot_changelist"))
    page.locator(f'input[name="_selected_action"][value="{ballot.pk}"]').check()
    page.locator('select[name="action"]').select_option("confirm_at_meeting")
    with page.expect_navigation():
        page.locator('button[name="index"]').click()
    assert (
        "mötets beslut är registrerat i protokollet"
        in page.locator("#content-start, body").first.inner_text()
    )
    assert FocusArea.objects.for_year(next_year).get().title == first.title
    sign_in_as(steering_member)

    page.goto("/")
    _both_widths(page, checks, "home page")
    section = page.locator("section[aria-labelledby=next-focus-heading]").inner_text()
    assert f"Fokusområde {next_year}" in section and first.title in section
