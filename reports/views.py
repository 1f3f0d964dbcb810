import json
from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration.shared import fragments
from collaboration.shared.roles import coordinator_required, is_coordinator

from . import access
from .checklist import report_checklist
from .exports import figure_rows, figures_csv
from .figures import gather_all
from .forms import (
    AnnualReportCreateForm,
    AnnualReportForm,
    ChannelFormSet,
    FinanceLineFormSet,
    VersionApproveForm,
)
from .models import AnnualReport
from .rendering import html_to_pdf, render_memo_html, render_report_html
from .services import (
    annual_report_create,
    annual_report_update,
    report_content,
    report_is_frozen,
    report_version_approve,
    report_version_create,
)


def annualreport_list(request):
    reports = access.reports_for_user(request.user)
    form = AnnualReportCreateForm() if is_coordinator(request.user) else None
    return render(request, "reports/annualreport_list.html", {"reports": reports, "form": form})


@require_POST
@coordinator_required
def annualreport_create(request):
    form = AnnualReportCreateForm(request.POST)
    if not form.is_valid():
        reports = access.reports_for_user(request.user)
        return render(
            request, "reports/annualreport_list.html", {"reports": reports, "form": form}, status=400
        )
    report = annual_report_create(year=form.cleaned_data["year"], user=request.user)
    messages.success(request, _("Årsrapporten för %(year)s är skapad.") % {"year": report.year})
    return redirect("reports:annualreport-detail", year=report.year)


class _ReportPage:
    """The versions a report's page lists, read only when its cached body is rendered again."""

    def __init__(self, report: AnnualReport, *, see_drafts: bool):
        self.report = report
        self.see_drafts = see_drafts

    @cached_property
    def versions(self) -> list:
        if not self.see_drafts:
            return []
        return list(self.report.versions.select_related("report").order_by("-number"))

    @cached_property
    def approved(self):
        if not self.report.approved:
            return None
        # Who sees drafts has every version in hand already: no second query for the approved one.
        if self.see_drafts:
            return next((v for v in self.versions if v.is_approved), None)
        return access.approved_version(self.report)


def annualreport_detail(request, year: int):
    viewer = access.access_for(request.user)
    # One data version for the report's state and its cached body: both as of the same change.
    version = fragments.version("reports")
    report = access.get_cached_report_for_user(request.user, year, version)
    context = {
        "report": report,
        "reports_version": version,
        "page": _ReportPage(report, see_drafts=viewer.see_drafts),
        "pending": viewer.see_drafts and report.pending,
        "frozen": report.approved,
        "can_see_drafts": viewer.see_drafts,
        "can_download": viewer.download_versions,
        "is_coordinator": viewer.is_coordinator,
        "approve_form": VersionApproveForm() if viewer.is_coordinator else None,
    }
    if viewer.is_coordinator and not report.approved:
        # What is still missing for the year, before a version is generated (a bounded number of queries).
        full = access.get_annual_report_for_user(request.user, year)
        context["checklist"] = report_checklist(full, gather_all(year))
    return render(request, "reports/annualreport_detail.html", context)


@coordinator_required
def annualreport_update(request, year: int):
    report = access.get_annual_report_for_user(request.user, year)
    if report_is_frozen(report):
        messages.error(request, _("Rapporten är godkänd av kommunstyrelsen och kan inte längre ändras."))
        return redirect("reports:annualreport-detail", year=year)
    data = request.POST if request.method == "POST" else None
    form = AnnualReportForm(data, instance=report)
    channels = ChannelFormSet(data, instance=report, prefix="channels")
    finance_lines = FinanceLineFormSet(data, instance=report, prefix="finances")
    if data is not None and form.is_valid() and channels.is_valid() and finance_lines.is_valid():
        try:
            annual_report_update(report=report, form=form, channels=channels, finance_lines=finance_lines)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Rapporten är sparad."))
            return redirect("reports:annualreport-detail", year=year)
    context = {"report": report, "form": form, "channels": channels, "finance_lines": finance_lines}
    return render(request, "reports/annualreport_form.html", context, status=400 if data else 200)


def _content_for(request, year: int) -> tuple[AnnualReport, dict]:
    """Draft viewers get today's figures; everyone else the approved version's snapshot."""
    report = access.get_annual_report_for_user(request.user, year)
    if access.can_see_drafts(request.user):
        return report, report_content(report)
    return report, access.approved_version(report).content


def annualreport_preview(request, year: int):
    _report, content = _content_for(request, year)
    return HttpResponse(render_report_html(content))


def annualreport_figures(request, year: int, format: str = "html"):
    report, content = _content_for(request, year)
    rows = figure_rows(content["figures"], content["manual"])
    if format == "csv":
        response = HttpResponse(figures_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="malmoandan-siffror-{year}.csv"'
        return response
    if format == "json":
        body = json.dumps(content, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="malmoandan-siffror-{year}.json"'
        return response
    context = {"report": report, "rows": rows, "figures": content["figures"]}
    return render(request, "reports/annualreport_figures.html", context)


@require_POST
@coordinator_required
def reportversion_create(request, year: int):
    report = access.get_annual_report_for_user(request.user, year)
    try:
        version = report_version_create(report=report, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version %(n)s är beställd och skapas nu.") % {"n": version.number})
    return redirect("reports:annualreport-detail", year=year)


def _pdf_response(name: str, filename: str) -> FileResponse:
    if not name or not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=filename,
    )


def reportversion_download(request, year: int, number: int):
    version = access.get_version_for_user(request.user, year, number)
    return _pdf_response(version.pdf.name, version.report.pdf_filename)


def annualreport_download(request, year: int):
    """The approved report, the public document, under its stable address."""
    report = access.get_annual_report_for_user(request.user, year)
    version = access.approved_version(report)
    if version is None:
        raise Http404
    return _pdf_response(version.pdf.name, report.pdf_filename)


def reportversion_memo(request, year: int, number: int):
    """The draft of the city office's cover memo, from the same snapshot as the version's report."""
    version = access.get_version_for_user(request.user, year, number)
    if not access.can_download_versions(request.user):
        raise Http404
    pdf = html_to_pdf(render_memo_html(version.content, version=version, for_pdf=True))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tjansteskrivelse-malmoandan-{year}.pdf"'
    return response


@require_POST
@coordinator_required
def reportversion_approve(request, year: int, number: int):
    version = access.get_version_for_user(request.user, year, number)
    form = VersionApproveForm(request.POST)
    if form.is_valid():
        try:
            report_version_approve(version=version, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Version %(n)s är registrerad som godkänd.") % {"n": number})
    else:
        errors = [f"{form.fields[field].label}: {' '.join(errs)}" for field, errs in form.errors.items()]
        messages.error(request, _("Godkännandet registrerades inte. ") + " ".join(errors))
    return redirect("reports:annualreport-detail", year=year)
