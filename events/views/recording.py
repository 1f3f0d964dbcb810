"""Coordinators record what happened, during or after an event: walk-ins, imported lists, head counts,
paper evaluations, topics and presenters. Each view checks access, validates a form and calls one service.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from collaboration.shared.roles import coordinator_required

from ..access import get_event_for_user
from ..forms import (
    HeadCountForm,
    ImportConfirmForm,
    ImportForm,
    PaperEvaluationForm,
    PresenterForm,
    TopicRecordForm,
    WalkInForm,
)
from ..models import HeadCount
from ..services import recording


def _form_error(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@coordinator_required
def walk_in_create(request, pk: int):
    event = get_event_for_user(request.user, pk)
    form = WalkInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            registration = recording.registration_walk_in_create(
                event=event, recorded_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("%(name)s är tillagd.") % {"name": registration.name})
            if "again" in request.POST:
                return redirect("events:walk-in-create", pk=event.pk)
            return redirect("events:participant-list", pk=event.pk)
    return render(request, "events/walk_in_create.html", {"event": event, "form": form})


@coordinator_required
def participant_import(request, pk: int):
    event = get_event_for_user(request.user, pk)
    rows = token = filename = None
    form = ImportForm()
    if request.method == "POST" and "token" in request.POST:
        confirm = ImportConfirmForm(request.POST)
        try:
            if not confirm.is_valid():
                raise ValidationError(_("Förhandsvisningen har gått ut. Ladda upp filen igen."))
            rows = recording.import_rows_from_token(confirm.cleaned_data["token"])
            batch = recording.participant_import_confirm(
                event=event, rows=rows, filename=confirm.cleaned_data["filename"], imported_by=request.user
            )
        except ValidationError as error:
            _form_error(form, error)
            rows = None
        else:
            count = batch.registrations.count()
            messages.success(
                request,
                ngettext("%(n)s deltagare är importerad.", "%(n)s deltagare är importerade.", count)
                % {"n": count},
            )
            return redirect("events:participant-list", pk=event.pk)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = recording.participant_import_preview(
                    event=event, content=upload.read(), filename=upload.name
                )
            except ValidationError as error:
                _form_error(form, error)
            else:
                token, filename = recording.import_token(rows), upload.name
    context = {
        "event": event,
        "form": form,
        "rows": rows,
        "token": token,
        "filename": filename,
        "errors": [row for row in rows or () if row.error],
        "new": [row for row in rows or () if not row.error and not row.duplicate],
        "duplicates": [row for row in rows or () if row.duplicate],
    }
    return render(request, "events/participant_import.html", context)


@require_POST
@coordinator_required
def participant_import_undo(request, pk: int, batch_pk: int):
    event = get_event_for_user(request.user, pk)
    batch = event.import_batches.filter(pk=batch_pk).first()
    if batch is None:
        raise Http404
    count = recording.participant_import_undo(batch=batch)
    messages.success(
        request,
        ngettext(
            "Importen är ångrad: %(n)s deltagare är borttagen.",
            "Importen är ångrad: %(n)s deltagare är borttagna.",
            count,
        )
        % {"n": count},
    )
    return redirect("events:participant-list", pk=event.pk)


@coordinator_required
def head_count_edit(request, pk: int):
    event = get_event_for_user(request.user, pk)
    current = HeadCount.objects.filter(event=event).first()
    initial = {}
    if current:
        initial = {"total": current.total, "organisations": current.organisations, "note": current.note}
        initial |= {f"sector_{key}": value for key, value in current.sectors().items()}
    form = HeadCountForm(request.POST or None, initial=initial)
    if request.method == "POST" and "delete" in request.POST:
        recording.head_count_delete(event=event)
        messages.success(request, _("Antalet deltagare är borttaget."))
        return redirect("events:participant-list", pk=event.pk)
    if request.method == "POST" and form.is_valid():
        try:
            recording.head_count_record(
                event=event,
                total=form.cleaned_data["total"],
                organisations=form.cleaned_data["organisations"],
                sectors=form.sectors(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Antalet deltagare är sparat."))
            return redirect("events:participant-list", pk=event.pk)
    has_records = event.participation()["source"] == "records"
    context = {"event": event, "form": form, "current": current, "has_records": has_records}
    return render(request, "events/head_count_edit.html", context)


@coordinator_required
def paper_evaluation_create(request, pk: int):
    event = get_event_for_user(request.user, pk)
    form = PaperEvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recording.paper_evaluation_create(
                event=event,
                per_score=form.per_score(),
                source=form.cleaned_data["source"],
                comments=form.cleaned_data["comments"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Utvärderingssvaren är sparade."))
            return redirect("events:participant-list", pk=event.pk)
    return render(request, "events/paper_evaluation_create.html", {"event": event, "form": form})


@coordinator_required
def topic_record(request, pk: int):
    event = get_event_for_user(request.user, pk)
    form = TopicRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            topic = recording.topic_record(event=event, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Ämnet ”%(title)s” är sparat.") % {"title": topic.title})
            return redirect("events:topic-record", pk=event.pk)
    context = {"event": event, "form": form, "topics": event.topics.all()}
    return render(request, "events/topic_record.html", context)


@coordinator_required
def presenter_add(request, pk: int):
    event = get_event_for_user(request.user, pk)
    form = PresenterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            presenter = recording.presenter_add(event=event, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("%(name)s är tillagd som medverkande.") % {"name": presenter.name})
            return redirect("events:presenter-add", pk=event.pk)
    context = {"event": event, "form": form, "presenters": event.presenters.all()}
    return render(request, "events/presenter_add.html", context)
