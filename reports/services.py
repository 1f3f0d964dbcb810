"""Annual reports: create and edit them, ask for a version (snapshot + queued render), render, approve."""

import datetime as dt
import os
import tempfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import Organisation, OrganisationKind

from .figures import gather_all
from .models import AnnualReport, ReportVersion, VersionStatus
from .rendering import html_to_pdf, render_report_html
from .tasks import render_report_version

# A render that was started this many times (worker lost, time limit, errors) is given up as failed.
MAX_RENDER_ATTEMPTS = 5


def report_is_frozen(report: AnnualReport) -> bool:
    return report.versions.approved().exists()


def annual_report_create(*, year: int, user) -> AnnualReport:
    report = AnnualReport(year=year)
    report.full_clean()
    report.save()
    return report


def annual_report_update(*, report: AnnualReport, form, channels, finance_lines) -> AnnualReport:
    """Save the coordinators' texts and manual figures (a validated ModelForm and two inline formsets)."""
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report_is_frozen(locked):
            raise ValidationError(_("Rapporten är godkänd av kommunstyrelsen och kan inte längre ändras."))
        report = form.save()
        channels.save()
        finance_lines.save()
    return report


def report_content(report: AnnualReport) -> dict:
    """Everything a version renders from, as JSON: the figures now, the texts and the manual figures."""
    return {
        "year": report.year,
        "figures": gather_all(report.year),
        "texts": report.texts(),
        "not_held": report.not_held(),
        # The committees the board's decision is sent to ("Beslutet skickas till" in the memo).
        "recipients": list(
            Organisation.objects.filter(kind=OrganisationKind.COMMITTEE)
            .order_by("name")
            .values_list("name", flat=True)
        ),
        "manual": {
            "grant_amount": report.grant_amount,
            "channels": [
                {"name": c.name, "followers": c.followers, "new_followers": c.new_followers}
                for c in report.channels.all()
            ],
            "finances": [
                {"kind": line.kind, "label": line.label, "amount": line.amount, "note": line.note}
                for line in report.finance_lines.all()
            ],
        },
    }


def report_version_create(*, report: AnnualReport, user) -> ReportVersion:
    """Snapshot the report as a new version and queue its PDF (after the transaction commits)."""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if report_is_frozen(report):
            raise ValidationError(_("Rapporten är godkänd av kommunstyrelsen och kan inte längre ändras."))
        if report.versions.pending().exists():
            raise ValidationError(_("En PDF skapas redan för den här rapporten. Vänta tills den är klar."))
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ReportVersion(report=report, number=number, content=report_content(report), created_by=user)
        version.full_clean()
        version.save()
        render_report_version.delay_on_commit(version.pk)
    return version


def _write_atomically(name: str, data: bytes) -> None:
    """Write the file under MEDIA_ROOT so that it is either absent or complete, never half-written."""
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    ) as tmp:
        try:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        except BaseException:
            Path(tmp.name).unlink(missing_ok=True)
            raise
    os.chmod(tmp.name, 0o640)
    os.replace(tmp.name, path)


def _remove_stale_temporaries(name: str) -> None:
    path = Path(default_storage.path(name))
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def _mark_ready(version: ReportVersion) -> ReportVersion:
    version.pdf.name = version.pdf_path
    version.pdf_size = default_storage.size(version.pdf_path)
    version.status = VersionStatus.READY
    version.failure_reason = ""
    version.finished_at = timezone.now()
    version.save(update_fields=["pdf", "pdf_size", "status", "failure_reason", "finished_at"])
    return version


def report_version_render(*, version_id: int) -> ReportVersion:
    """Render a version's PDF from its snapshot. Safe to run again: a version that has its PDF is left alone."""
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version_id)
        if version.needs_approved_pdf:
            approved = True
        elif version.status in (VersionStatus.READY, VersionStatus.FAILED):
            return version
        else:
            approved = False
    if approved:
        return _render_approved_pdf(version_id)
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version_id)
        if version.status in (VersionStatus.READY, VersionStatus.FAILED):
            return version
        if default_storage.exists(version.pdf_path):
            # An earlier run wrote the complete file and died before recording it.
            return _mark_ready(version)
        if version.attempts >= MAX_RENDER_ATTEMPTS:
            return _fail(version, _("Gav upp efter %(n)s försök.") % {"n": version.attempts})
        version.status = VersionStatus.RENDERING
        version.attempts += 1
        version.started_at = timezone.now()
        version.save(update_fields=["status", "attempts", "started_at"])
    pdf = html_to_pdf(render_report_html(version.content, version=version, for_pdf=True))
    _remove_stale_temporaries(version.pdf_path)
    _write_atomically(version.pdf_path, pdf)
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version_id)
        return _mark_ready(version)


def _render_approved_pdf(version_id: int) -> ReportVersion:
    """The approved version's PDF again, from the same snapshot, with the board's decision on its cover."""
    version = ReportVersion.objects.select_related("report").get(pk=version_id)
    if not default_storage.exists(version.approved_pdf_path):
        pdf = html_to_pdf(render_report_html(version.content, version=version, for_pdf=True))
        _remove_stale_temporaries(version.approved_pdf_path)
        _write_atomically(version.approved_pdf_path, pdf)
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version_id)
        if version.needs_approved_pdf:
            version.pdf.name = version.approved_pdf_path
            version.pdf_size = default_storage.size(version.approved_pdf_path)
            version.save(update_fields=["pdf", "pdf_size"])
    return version


def _fail(version: ReportVersion, reason: str) -> ReportVersion:
    version.status = VersionStatus.FAILED
    version.failure_reason = reason[:2000]
    version.finished_at = timezone.now()
    version.save(update_fields=["status", "failure_reason", "finished_at"])
    return version


def report_version_fail(*, version_id: int, reason: str) -> ReportVersion:
    with transaction.atomic():
        version = ReportVersion.objects.select_for_update().get(pk=version_id)
        if version.status == VersionStatus.READY:
            return version
        return _fail(version, reason)


def report_version_approve(
    *, version: ReportVersion, decision_date: dt.date, decision_reference: str, user
) -> ReportVersion:
    """Record the municipal board's approval; the version and its report are frozen from then on."""
    with transaction.atomic():
        AnnualReport.objects.select_for_update().get(pk=version.report_id)
        version = ReportVersion.objects.select_for_update().select_related("report").get(pk=version.pk)
        if report_is_frozen(version.report):
            raise ValidationError(_("En version av rapporten är redan godkänd."))
        if version.status != VersionStatus.READY:
            raise ValidationError(_("Bara en färdig PDF kan godkännas."))
        version.decision_date = decision_date
        version.decision_reference = decision_reference
        version.approved_by = user
        version.full_clean()
        version.save(update_fields=["decision_date", "decision_reference", "approved_by"])
        # The PDF the board approved says so on its cover: rendered again from the same snapshot.
        render_report_version.delay_on_commit(version.pk)
    return version
