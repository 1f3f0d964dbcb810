"""The coordinators' report to a steering meeting: drafted from the records since the previous meeting,
edited by the coordinators, drafted again without losing their edits, rendered to a PDF, read by the members."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from collaboration.factories import OrganisationFactory, PartnershipFactory, UserFactory
from collaboration.models import StageChange, SupportEntry
from events.factories import EventFactory
from reports.meeting_report import draft_sections, meeting_report_draft, meeting_report_update
from reports.models import MeetingReport
from steering.factories import MandateFactory, ProposalFactory
from steering.models import Meeting

from .builders import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def november(year_data):
    """The 2022 meeting of 10 November: the period since the September meeting."""
    meeting = Meeting.objects.get(held_at=at(2022, 11, 10))
    partnership = PartnershipFactory(title="Lindängens läxhjälp", stage="dialogue")
    StageChange.objects.create(
        partnership=partnership,
        from_stage="commissioned",
        to_stage="dialogue",
        happened_on=dt.date(2022, 10, 3),
    )
    StageChange.objects.create(  # before the period: not in the report
        partnership=partnership, from_stage="", to_stage="commissioned", happened_on=dt.date(2022, 6, 3)
    )
    SupportEntry.objects.create(
        partnership=partnership,
        date=dt.date(2022, 10, 12),
        kind="funding",
        description="Ansökan till Arvsfonden",
    )
    proposal = ProposalFactory(year=2023, title="Trygga mötesplatser")
    type(proposal).objects.filter(pk=proposal.pk).update(created_at=at(2022, 10, 1))
    MandateFactory(
        user=UserFactory(first_name="Vera", last_name="Valdsdotter"),
        side="civil_society",
        starts_on=dt.date(2021, 1, 1),
        ends_on=dt.date(2023, 3, 31),
    )
    EventFactory(kind="malmotimmen", title="Efter mötet", starts_at=at(2022, 12, 1), status="published")
    return meeting


def _now_after():
    return at(2022, 11, 9, 12)


def test_the_draft_reports_the_period_since_the_previous_meeting(november):
    with translation.override("sv"):
        sections = draft_sections(november, now=_now_after())
    held = sections["events_held"]
    # The forum of 20 October: 40 who attended, from the civil society and the city, evaluated 4.5 by 20.
    assert (
        "Dialogforum 20 oktober 2022: Dialogforum. 40 deltagare (idéburen sektor 30, malmö stad 10)" in held
    )
    assert "Utvärdering: 4,5 av 5 (20 svar)." in held
    assert "Malmötimmen 8 oktober 2022: Motverka hat och hot. 31 deltagare" in held
    # Before the September meeting: not in this report.
    assert "Ungas väg till arbetsmarknaden" not in held
    assert "Rätten till idrott" in held  # 12 September, after the meeting of 10 September
    assert "Communities That Care" not in held
    assert "Idéverkstad 15 november 2022" in sections["events_coming"]
    assert "Efter mötet" in sections["events_coming"]
    assert "Lindängens läxhjälp: i dialog (3 oktober 2022)" in sections["partnerships"]
    assert "uppdrag att utreda" not in sections["partnerships"]
    assert (
        "hjälp att hitta finansiering (12 oktober 2022): Ansökan till Arvsfonden" in sections["partnerships"]
    )
    assert "Trygga mötesplatser (för 2023)" in sections["proposals"]
    assert "möten i föreningscentret Nobel 21" in sections["nobel21"]
    assert "Styrgruppen beslutar om nästa års fokusområde: Genomfört" in sections["milestones"]
    assert "Vera Valdsdotter (idéburen sektor, ledamot) till och med 31 mars 2023" in sections["terms"]


def test_the_draft_names_the_organisation_helped_before_there_is_a_partnership(november):
    # A representative's request for help with an application is logged for the organisation alone.
    organisation = OrganisationFactory(name="Föreningen Gemenskap")
    SupportEntry.objects.create(
        organisation=organisation,
        date=dt.date(2022, 10, 14),
        kind="funding",
        description="Ansökan till Fonden",
    )
    with translation.override("sv"):
        sections = draft_sections(november, now=_now_after())
    assert (
        "Stöd till Föreningen Gemenskap, hjälp att hitta finansiering (14 oktober 2022): Ansökan till Fonden"
        in sections["partnerships"]
    )


def test_the_draft_is_in_english_when_drafted_in_english(november):
    with translation.override("en"):
        sections = draft_sections(november, now=_now_after())
    assert "40 participants" in sections["events_held"]
    assert "Evaluation: 4.5 out of 5 (20 answers)." in sections["events_held"]


def test_drafting_again_keeps_the_coordinators_edits_unless_asked(november, coordinator, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # the PDF is not the point here
    report, kept = meeting_report_draft(meeting=november, user=coordinator, now=_now_after())
    assert kept == [] and report.revision == 1 and report.edited_sections() == []
    texts = {s["field"]: s["text"] for s in report.sections()}
    texts["summary"] = "Samordnarnas egen sammanfattning."
    report = meeting_report_update(report=report, texts=texts, user=coordinator)
    assert report.revision == 2 and report.edited_sections() == ["summary"]

    EventFactory(kind="larandelunch", title="Ny lunch", starts_at=at(2022, 11, 20), status="published")
    report, kept = meeting_report_draft(meeting=november, user=coordinator, now=_now_after())
    report.refresh_from_db()
    assert kept == ["summary"]
    assert report.summary == "Samordnarnas egen sammanfattning."  # the edit stays
    assert "Ny lunch" in report.events_coming  # the unedited section follows the records
    assert "Samordnarnas återrapport" in report.drafted["summary"]  # the new draft, shown beside the edit

    report, kept = meeting_report_draft(
        meeting=november, user=coordinator, replace_edited=True, now=_now_after()
    )
    report.refresh_from_db()
    assert kept == [] and report.summary.startswith("Samordnarnas återrapport")


def test_the_pdf_holds_the_edited_report(november, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report, _kept = meeting_report_draft(meeting=november, user=coordinator, now=_now_after())
    texts = {s["field"]: s["text"] for s in report.sections()}
    texts["summary"] = "Hösten präglades av dialogforumet."
    with django_capture_on_commit_callbacks(execute=True):
        report = meeting_report_update(report=report, texts=texts, user=coordinator)
    report.refresh_from_db()
    assert report.pdf_is_current, report.pdf_failure
    reader = PdfReader(io.BytesIO(report.pdf.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ").split())
    assert reader.metadata.title == "Samordnarnas återrapport till styrgruppen 10 november 2022"
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    assert "Hösten präglades av dialogforumet." in text
    assert "40 deltagare (idéburen sektor 30, malmö stad 10)" in text
    assert "Lindängens läxhjälp: i dialog (3 oktober 2022)" in text
    assert "Mandat som löper ut" in text


def test_members_read_it_on_the_meeting_page_and_coordinators_edit_it(
    client, november, coordinator, steering_member, django_capture_on_commit_callbacks
):
    client.force_login(steering_member)
    meeting_page = client.get(reverse("steering:meeting-detail", args=[november.pk]))
    url = reverse("reports:meeting-report", args=[november.pk])
    assert url in meeting_page.content.decode()
    assert "inte skrivit återrapporten" in client.get(url).content.decode()
    # A member may not draft or edit.
    assert client.post(reverse("reports:meeting-report-draft", args=[november.pk])).status_code == 403
    assert not MeetingReport.objects.exists()

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:meeting-report-draft", args=[november.pk]))
    assert response.status_code == 302
    edit = reverse("reports:meeting-report-update", args=[november.pk])
    data = {s["field"]: s["text"] for s in MeetingReport.objects.get().sections()}
    data["summary"] = "Redigerad av Sara."
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(edit, data).status_code == 302
    # Too long a text is refused with a message and changes nothing.
    response = client.post(edit, {**data, "terms": "x" * 20_001})
    assert response.status_code == 400 and "högst 20 000 tecken" in response.content.decode()
    assert MeetingReport.objects.get().revision == 2

    client.force_login(steering_member)
    page = client.get(url).content.decode()
    assert "Redigerad av Sara." in page and "Dialogforum 20 oktober 2022" in page
    pdf = client.get(reverse("reports:meeting-report-pdf", args=[november.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_the_report_page_in_english(client, november, steering_member):
    client.force_login(steering_member)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reports:meeting-report", args=[november.pk])).content.decode()
    assert "The coordinators have not written the report for this meeting yet." in page


def test_the_first_meeting_covers_the_three_months_before(year_data):
    first = Meeting.objects.order_by("held_at").first()
    with translation.override("sv"):
        sections = draft_sections(first, now=timezone.now())
    assert "Inga aktiviteter har genomförts sedan förra sammanträdet." in sections["events_held"]


def test_the_demo_drafts_the_reports_to_the_latest_meetings_and_the_next(django_capture_on_commit_callbacks):
    from collaboration import demo as accounts
    from events import demo as events_demo
    from reports import meeting_report_demo
    from steering import demo as steering_demo

    with django_capture_on_commit_callbacks(execute=True):
        accounts.load()
        steering_demo.load()
        events_demo.load()
        meeting_report_demo.load()
    now = timezone.now()
    reports = list(MeetingReport.objects.select_related("meeting").order_by("period_end"))
    assert len(reports) == 3
    assert [r.meeting.held_at < now for r in reports] == [True, True, False]
    last_held = reports[1]
    assert last_held.edited_sections() == ["summary"] and "Samordnarna lyfter särskilt" in last_held.summary
    assert all(r.pdf_is_current for r in reports), [r.pdf_failure for r in reports]
    # Each covers the time since the meeting before it.
    assert reports[1].period_start == reports[0].meeting.held_at
    assert all(r.milestones and r.terms for r in reports)


def _more_records(n: int) -> None:
    """n more of everything the report lists, in the period of the November meeting."""
    from events.factories import RegistrationFactory

    for i in range(n):
        event = EventFactory(
            kind="larandelunch",
            title=f"Lunch {i}",
            starts_at=at(2022, 10, 1 + i % 28, 12),
            status="published",
        )
        RegistrationFactory(event=event, status="attended")
        EventFactory(kind="malmotimmen", title=f"Timme {i}", starts_at=at(2022, 11, 20), status="published")
        partnership = PartnershipFactory(title=f"Samverkan {i}", stage="dialogue")
        StageChange.objects.create(
            partnership=partnership, to_stage="dialogue", happened_on=dt.date(2022, 10, 1 + i % 28)
        )
        SupportEntry.objects.create(
            partnership=partnership, date=dt.date(2022, 10, 2), kind="advice", description="Råd"
        )
        ProposalFactory(year=2023)


def test_drafting_and_reading_the_report_stay_bounded_in_queries(
    client, november, coordinator, steering_member, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("reports:meeting-report", args=[november.pk])
    client.force_login(steering_member)
    drafts, pages = [], []
    for size in (2, 8):
        _more_records(size)
        with CaptureQueriesContext(connection) as queries:
            meeting_report_draft(meeting=november, user=coordinator, now=_now_after())
        drafts.append(len(queries))
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        pages.append(len(queries))
    assert "Lunch 7" in page and "Samverkan 7" in page
    assert drafts[0] == drafts[1], drafts
    assert pages[0] == pages[1] and pages[1] <= 12, pages


def test_a_deleted_account_leaves_no_name_in_the_reports(coordinator, django_capture_on_commit_callbacks):
    from collaboration.services.privacy import account_delete
    from steering.factories import MeetingFactory

    vera = UserFactory(first_name="Vera", last_name="Valdsdotter", email="vera@example.org")
    MandateFactory(user=vera, ends_on=timezone.localdate() + dt.timedelta(days=30))
    meeting = MeetingFactory(held_at=timezone.now() + dt.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        report, _kept = meeting_report_draft(meeting=meeting, user=coordinator)
    assert "Vera Valdsdotter" in report.terms
    texts = {s["field"]: s["text"] for s in report.sections()} | {
        "summary": "Fråga vera@example.org om läget."
    }
    report = meeting_report_update(report=report, texts=texts, user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=vera)
    report.refresh_from_db()
    stored = " ".join([*(s["text"] for s in report.sections()), *report.drafted.values()])
    assert "Valdsdotter" not in stored and "vera@example.org" not in stored
    assert "[borttagen person]" in report.terms and report.edited_sections() == ["summary"]
    assert report.pdf_is_current  # made again without the name
