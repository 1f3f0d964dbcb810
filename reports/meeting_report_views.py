"""The coordinators' report to a steering meeting: read by the steering members and the coordinators (404 for
everyone else, missing and forbidden alike), drafted and edited by the coordinators."""

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration.shared.roles import Role, coordinator_required, has_role, is_coordinator
from steering.models import Meeting

from .meeting_report import meeting_report_draft, meeting_report_update, next_meeting, previous_meeting
from .meeting_report_forms import MeetingReportDraftForm, MeetingReportForm
from .meeting_report_models import MEETING_REPORT_SECTIONS, MeetingReport


def can_read_meeting_reports(user) -> bool:
    """Steering members and coordinators: the report is the group's working paper, not a public document."""
    return has_role(user, Role.STEERING_MEMBER)


def _meeting_for(user, pk: int) -> Meeting:
    if not can_read_meeting_reports(user):
        raise Http404
    return get_object_or_404(Meeting, pk=pk)


def _report_of(meeting: Meeting) -> MeetingReport | None:
    return MeetingReport.objects.filter(meeting=meeting).select_related("drafted_by", "updated_by").first()


def meeting_report_detail(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    report = _report_of(meeting)
    coordinator = is_coordinator(request.user)
    context = {
        "meeting": meeting,
        "report": report,
        "sections": report.sections() if report else [],
        "is_coordinator": coordinator,
        "draft_form": MeetingReportDraftForm() if coordinator else None,
        "previous": previous_meeting(meeting),
        "next": next_meeting(meeting),
    }
    return render(request, "reports/meeting_report_detail.html", context)


def meeting_report_pdf(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    report = _report_of(meeting)
    if report is None or not report.pdf_is_current or not default_storage.exists(report.pdf.name):
        raise Http404
    return FileResponse(
        default_storage.open(report.pdf.name, "rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=report.pdf_filename,
    )


@require_POST
@coordinator_required
def meeting_report_draft_view(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    form = MeetingReportDraftForm(request.POST)
    replace = form.is_valid() and form.cleaned_data["replace_edited"]
    had_report = MeetingReport.objects.filter(meeting=meeting).exists()
    _report, kept = meeting_report_draft(meeting=meeting, user=request.user, replace_edited=replace)
    if kept:
        headings = dict(MEETING_REPORT_SECTIONS)
        names = ", ".join(str(headings[field]).lower() for field in kept)
        messages.warning(
            request,
            _(
                "Utkastet är uppdaterat. Avsnitt som samordnarna har ändrat behölls: %(sections)s. "
                "Det nya utkastet visas bredvid dem när du redigerar."
            )
            % {"sections": names},
        )
    elif had_report:
        messages.success(request, _("Återrapporten är skriven om från registren."))
    else:
        messages.success(request, _("Ett utkast till återrapporten är skrivet från registren."))
    return redirect("reports:meeting-report", pk=meeting.pk)


@coordinator_required
def meeting_report_update_view(request, pk: int):
    meeting = _meeting_for(request.user, pk)
    report = _report_of(meeting)
    if report is None:
        messages.error(request, _("Skriv ett utkast till återrapporten först."))
        return redirect("reports:meeting-report", pk=meeting.pk)
    data = request.POST if request.method == "POST" else None
    form = MeetingReportForm(data, instance=MeetingReport.objects.get(pk=report.pk))
    if data is not None and form.is_valid():
        meeting_report_update(
            report=report, texts={f: form.cleaned_data[f] for f in form.fields}, user=request.user
        )
        messages.success(request, _("Återrapporten är sparad."))
        return redirect("reports:meeting-report", pk=meeting.pk)
    # Beside a section the coordinators changed: what the records say now (the latest draft).
    fields = [
        {"field": form[s["field"]], "draft": report.drafted.get(s["field"], "") if s["edited"] else ""}
        for s in report.sections()
    ]
    context = {"meeting": meeting, "report": report, "form": form, "fields": fields}
    return render(request, "reports/meeting_report_form.html", context, status=400 if data else 200)
