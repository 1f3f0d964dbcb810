"""Who sees which annual report and which version: the one place that answers it for the reports app.

Coordinators and steering members see drafts (the live figures and the preview); city officials and
coordinators download every rendered version (and see the figures they come from); an approved report is a
public document. Everything else answers 404, for missing and forbidden alike.
"""

from django.db.models import Exists, OuterRef
from django.http import Http404

from collaboration.roles import Role, has_role

from .models import AnnualReport, ReportVersion, VersionStatus


def can_see_drafts(user) -> bool:
    return has_role(user, Role.STEERING_MEMBER, Role.CITY_OFFICIAL)


def can_download_versions(user) -> bool:
    return has_role(user, Role.CITY_OFFICIAL)


def reports_for_user(user):
    reports = AnnualReport.objects.annotate(
        approved=Exists(ReportVersion.objects.approved().filter(report=OuterRef("pk")))
    )
    return reports if can_see_drafts(user) else reports.filter(approved=True)


def get_annual_report_for_user(user, year: int) -> AnnualReport:
    report = reports_for_user(user).filter(year=year).first()
    if report is None:
        raise Http404
    return report


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
