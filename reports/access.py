"""Who sees which annual report and which version: the one place that answers it for the reports app.

Coordinators and steering members see drafts (the live figures and the preview); city officials and
coordinators download every rendered version (and see the figures they come from); an approved report is a
public document. Everything else answers 404, for missing and forbidden alike.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from collaboration.shared import fragments
from collaboration.shared.access_rules import VisibilityRule
from collaboration.shared.roles import Role, user_roles

from .models import AnnualReport, ReportVersion, VersionStatus


@dataclass(frozen=True)
class ReportAccess:
    """What one user may do with annual reports, read once from their roles."""

    see_drafts: bool
    download_versions: bool
    is_coordinator: bool


def access_for(user) -> ReportAccess:
    roles = user_roles(user)
    coordinator = Role.COORDINATOR in roles
    return ReportAccess(
        see_drafts=coordinator or bool(roles & {Role.STEERING_MEMBER, Role.CITY_OFFICIAL}),
        download_versions=coordinator or Role.CITY_OFFICIAL in roles,
        is_coordinator=coordinator,
    )


def can_see_drafts(user) -> bool:
    return access_for(user).see_drafts


def can_download_versions(user) -> bool:
    return access_for(user).download_versions


def _approved():
    return Exists(ReportVersion.objects.approved().filter(report=OuterRef("pk")))


# Drafts for those who see drafts; an approved report is a public document. `approved` is an annotation the
# rule adds to a query and the cached copy carries.
report_visibility = VisibilityRule(
    AnnualReport,
    lambda user: Q() if can_see_drafts(user) else Q(approved=True),
    annotations={"approved": _approved},
)


def reports_for_user(user):
    """The reports the user may see, each with `approved`."""
    return report_visibility.filter(AnnualReport.objects.all(), user)


def get_annual_report_for_user(user, year: int) -> AnnualReport:
    return report_visibility.get(AnnualReport.objects.all(), user, year=year)


def get_cached_report_for_user(user, year: int, version: str) -> AnnualReport:
    """The report as its page needs it: its year, `approved` (a version is approved) and `pending` (a version is
    being rendered). From the process's cache of page fragments under the reports' data version, which any
    change to a report or a version renews."""
    pending = Exists(ReportVersion.objects.pending().filter(report=OuterRef("pk")))
    reports = AnnualReport.objects.only("id", "year").annotate(approved=_approved(), pending=pending)
    report = fragments.remembered(
        "reports", f"report:{year}", reports.filter(year=year).first, data_version=version
    )
    return report_visibility.check(user, report)


def approved_version(report: AnnualReport) -> ReportVersion | None:
    return report.versions.approved().select_related("report").first()


def get_version_for_user(user, year: int, number: int) -> ReportVersion:
    """A version whose PDF the user may download: any finished one for officials, the approved one for all."""
    version = (
        ReportVersion.objects.select_related("report")
        .filter(report__year=year, number=number, status=VersionStatus.READY)
        .first()
    )
    if version is None or not (version.is_approved or can_download_versions(user)):
        raise Http404
    return version
