import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from reports.models import AnnualReport, ReportVersion
from tests.url_access import PERSONAS, Access, coordinators_only, post_only, public

DRAFT_YEAR, APPROVED_YEAR = 2001, 2000
DRAFT_VIEWERS = ("steering_member", "city_official")


def _draft(users) -> dict:
    AnnualReport.objects.get_or_create(year=DRAFT_YEAR)
    return {"year": DRAFT_YEAR}


def _ready_version(year: int, approved: bool) -> ReportVersion:
    report, _created = AnnualReport.objects.get_or_create(year=year)
    existing = ReportVersion.objects.filter(report=report, number=1).first()
    if existing:  # several URLs share a year, and tests/test_security.py builds them all in one test
        return existing
    version = ReportVersion(report=report, number=1, status="ready", content=_content(year))
    # A tiny stand-in PDF under MEDIA_ROOT (git-ignored), so the downloads have a file to send.
    if default_storage.exists(version.pdf_path):
        default_storage.delete(version.pdf_path)
    version.pdf.name = default_storage.save(version.pdf_path, ContentFile(b"%PDF-1.7\n%%EOF\n"))
    if approved:
        version.decision_date, version.decision_reference = dt.date(year + 1, 4, 12), f"STK-{year + 1}-1"
    version.save()
    return version


def _content(year: int) -> dict:
    return {
        "year": year,
        "figures": {"year": year, "missing": []},
        "texts": {},
        "manual": {"grant_amount": 1_000_000, "channels": [], "finances": []},
    }


def _approved(users) -> dict:
    _ready_version(APPROVED_YEAR, approved=True)
    return {"year": APPROVED_YEAR}


def _draft_version(users) -> dict:
    _ready_version(DRAFT_YEAR, approved=False)
    return {"year": DRAFT_YEAR, "number": 1}


def _approved_version(users) -> dict:
    _ready_version(APPROVED_YEAR, approved=True)
    return {"year": APPROVED_YEAR, "number": 1}


def _meeting(users) -> dict:
    from steering.factories import MeetingFactory

    return {"pk": MeetingFactory().pk}


def _meeting_with_report(users) -> dict:
    """A meeting whose coordinators' report is drafted and its PDF (a stand-in) recorded for the revision."""
    from reports.meeting_report_models import MeetingReport, meeting_report_pdf_path
    from steering.factories import MeetingFactory

    meeting = MeetingFactory()
    report = MeetingReport(meeting=meeting, period_end=meeting.held_at, drafted_at=meeting.held_at)
    path = meeting_report_pdf_path(report)
    if default_storage.exists(path):  # a rolled-back earlier test may have used the same meeting id
        default_storage.delete(path)
    report.pdf.name = default_storage.save(path, ContentFile(b"%PDF-1.7\n%%EOF\n"))
    report.pdf_revision = report.revision
    report.save()
    return {"pk": meeting.pk}


def _only(*roles: str, kwargs) -> Access:
    """200 for the roles and coordinators; 404 for everyone else, signed in or not (missing and forbidden alike)."""
    return Access(
        {persona: 200 if persona in (*roles, "coordinator") else 404 for persona in PERSONAS}, kwargs
    )


def _drafts_only(kwargs) -> Access:
    return _only(*DRAFT_VIEWERS, kwargs=kwargs)


URL_ACCESS = {
    "reports:annualreport-list": public(),
    "reports:annualreport-create": post_only(),
    "reports:annualreport-detail": _drafts_only(_draft),
    "reports:annualreport-update": coordinators_only(kwargs=_draft),
    "reports:annualreport-preview": _drafts_only(_draft),
    "reports:annualreport-figures": _drafts_only(_draft),
    "reports:annualreport-figures-csv": _drafts_only(_draft),
    "reports:annualreport-figures-json": _drafts_only(_draft),
    # The approved report is a public document.
    "reports:annualreport-download": public(kwargs=_approved),
    # Officials and coordinators download every version; a draft version is 404 to everyone else.
    "reports:reportversion-download": _only("city_official", kwargs=_draft_version),
    "reports:reportversion-memo": _only("city_official", kwargs=_approved_version),
    "reports:reportversion-create": post_only(kwargs=_draft),
    "reports:reportversion-approve": post_only(kwargs=_draft_version),
    # The coordinators' report to a steering meeting: the group's working paper, for members and coordinators.
    "reports:meeting-report": _only("steering_member", kwargs=_meeting),
    "reports:meeting-report-pdf": _only("steering_member", kwargs=_meeting_with_report),
    "reports:meeting-report-draft": post_only(kwargs=_meeting),
    "reports:meeting-report-update": coordinators_only(kwargs=_meeting_with_report),
}
