from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..forms.partnerships import DocumentUploadForm, StageChangeForm, SupportEntryForm
from ..models import Partnership
from ..services.partnerships import (
    documents_visible_to,
    get_document_for_user,
    get_partnership_for_user,
    partnership_document_add,
    partnership_stage_change,
    pipeline_rows,
    support_entry_add,
)
from ..shared.roles import coordinator_required, is_coordinator


@require_GET
def partnership_list(request):
    partnerships = Partnership.objects.public().with_parties().order_by("-stage", "title")
    return render(request, "collaboration/partnership_list.html", {"partnerships": partnerships})


def _detail(request, partnership, **forms):
    coordinator = is_coordinator(request.user)
    context = {
        "partnership": partnership,
        "decisions": partnership.decisions.all(),
        "show_documents": documents_visible_to(request.user, partnership),
        "is_coordinator": coordinator,
    }
    if context["show_documents"]:
        context["documents"] = partnership.documents.all()
    if coordinator:
        context |= {
            "stage_changes": partnership.stage_changes.select_related("changed_by"),
            "support_entries": partnership.support_entries.select_related("coordinator"),
            "stage_form": forms.get("stage_form") or StageChangeForm(partnership=partnership),
            "document_form": forms.get("document_form") or DocumentUploadForm(),
            "support_form": forms.get("support_form") or SupportEntryForm(),
        }
    status = 400 if forms else 200
    return render(request, "collaboration/partnership_detail.html", context, status=status)


@require_GET
def partnership_detail(request, pk):
    return _detail(request, get_partnership_for_user(request.user, pk))


@coordinator_required
@require_GET
def partnership_pipeline(request):
    return render(request, "collaboration/partnership_pipeline.html", {"stages": pipeline_rows()})


@require_POST
@coordinator_required
def partnership_stage_change_view(request, pk):
    partnership = get_partnership_for_user(request.user, pk)
    form = StageChangeForm(request.POST, partnership=partnership)
    if not form.is_valid():
        return _detail(request, partnership, stage_form=form)
    try:
        partnership_stage_change(
            partnership=partnership,
            stage=form.cleaned_data["stage"],
            changed_by=request.user,
            reason=form.cleaned_data["reason"],
            next_step=form.cleaned_data["next_step"],
            changed_on=form.cleaned_data["changed_on"],
        )
    except ValidationError as error:
        form.add_error("stage", error)
        return _detail(request, partnership, stage_form=form)
    messages.success(request, _("Steget är ändrat."))
    return redirect("partnership-detail", pk=partnership.pk)


@require_POST
@coordinator_required
def partnership_document_upload(request, pk):
    partnership = get_partnership_for_user(request.user, pk)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, partnership, document_form=form)
    partnership_document_add(
        partnership=partnership,
        title=form.cleaned_data["title"],
        file=form.cleaned_data["file"],
        uploaded_by=request.user,
    )
    messages.success(request, _("Dokumentet är uppladdat."))
    return redirect("partnership-detail", pk=partnership.pk)


@require_GET
def partnership_document_download(request, pk):
    document = get_document_for_user(request.user, pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Always a download with our own content type: never rendered inline from the portal's origin.
    response = FileResponse(
        handle, as_attachment=True, filename=document.download_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
@coordinator_required
def partnership_support_add(request, pk):
    partnership = get_partnership_for_user(request.user, pk)
    form = SupportEntryForm(request.POST)
    if not form.is_valid():
        return _detail(request, partnership, support_form=form)
    support_entry_add(partnership=partnership, coordinator=request.user, **form.cleaned_data)
    messages.success(request, _("Stödinsatsen är sparad."))
    return redirect("partnership-detail", pk=partnership.pk)
