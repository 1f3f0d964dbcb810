"""What coordinators do around an event: the participant list at the door, moving, messaging, exporting."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from collaboration.models import Sector
from collaboration.shared.roles import coordinator_required

from ..access import get_event_for_user, get_registration_for_coordinator
from ..exports import answers_prefetch, participants_export
from ..forms import AttendanceForm, MessageForm, MoveForm, TopicResultForm
from ..models import Event, RegistrationStatus
from ..services import (
    evaluation_summary,
    event_cancel,
    event_message_send,
    event_statistics,
    registration_attendance_mark,
    registration_move,
    topic_result_record,
)
from ..services.events import TOPIC_KINDS, evaluation_invites_send, topic_carry_choices


@coordinator_required
def participant_list(request, pk: int):
    event = get_event_for_user(request.user, pk)
    registrations = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("organisation")
        .prefetch_related(answers_prefetch())
    )
    statistics = event_statistics(event)
    recorded = Event.objects.with_participation().get(pk=event.pk)
    participation = recorded.participation()
    context = {
        "event": event,
        "participation": participation,
        "participation_sectors": [(Sector(key).label, n) for key, n in participation["sectors"].items()],
        "evaluation_total": recorded.evaluation_summary(),
        "batches": event.import_batches.annotate(n=Count("registrations")),
        "takes_topics": event.kind in TOPIC_KINDS,
        # At the door: everyone with a place by name; then the waiting list in its order.
        "registrations": registrations.holding_place().order_by("name", "position"),
        "waiting": registrations.filter(status=RegistrationStatus.WAITING).order_by("position"),
        "statistics": statistics,
        "per_sector": [(Sector(key).label, count) for key, count in statistics["per_sector"].items()],
        "evaluation": evaluation_summary(event),
        "statuses": RegistrationStatus,
    }
    return render(request, "events/participant_list.html", context)


def _back(event, registration=None) -> str:
    url = reverse("events:participant-list", kwargs={"pk": event.pk})
    return f"{url}#r{registration.pk}" if registration else url


@require_POST
@coordinator_required
def registration_attendance(request, pk: int, registration_pk: int):
    event = get_event_for_user(request.user, pk)
    registration = get_registration_for_coordinator(request.user, event, registration_pk)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            registration_attendance_mark(registration=registration, attended=form.cleaned_data["attended"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(_back(event, registration))


@require_POST
@coordinator_required
def registration_move_view(request, pk: int, registration_pk: int):
    event = get_event_for_user(request.user, pk)
    registration = get_registration_for_coordinator(request.user, event, registration_pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            registration_move(registration=registration, status=form.cleaned_data["status"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s är flyttad.") % {"name": registration.name})
    return redirect(_back(event, registration))


@coordinator_required
def participant_export(request, pk: int, fmt: str):
    event = get_event_for_user(request.user, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    registrations = (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("organisation")
        .prefetch_related(answers_prefetch())
        .order_by("position")
    )
    return participants_export(event).response(registrations, fmt, subject=str(event))


@coordinator_required
def event_message(request, pk: int):
    event = get_event_for_user(request.user, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = event_message_send(event=event, **form.cleaned_data)
        messages.success(
            request,
            ngettext(
                "Meddelandet skickas till %(n)s person.", "Meddelandet skickas till %(n)s personer.", sent
            )
            % {"n": sent},
        )
        return redirect("events:participant-list", pk=event.pk)
    return render(request, "events/event_message.html", {"event": event, "form": form})


@coordinator_required
def event_cancel_view(request, pk: int):
    event = get_event_for_user(request.user, pk)
    if request.method == "POST":
        try:
            event_cancel(event=event, cancelled_by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Evenemanget är inställt och alla anmälda får besked."))
        return redirect(event)
    active = event.registrations.active().count()
    return render(request, "events/event_cancel.html", {"event": event, "active": active})


@require_POST
@coordinator_required
def evaluation_invite(request, pk: int):
    event = get_event_for_user(request.user, pk)
    try:
        sent = evaluation_invites_send(event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("events:participant-list", pk=event.pk)
    messages.success(
        request,
        ngettext(
            "Utvärderingen skickas till %(n)s deltagare.", "Utvärderingen skickas till %(n)s deltagare.", sent
        )
        % {"n": sent},
    )
    return redirect("events:participant-list", pk=event.pk)


@coordinator_required
def topic_result(request, pk: int, topic_pk: int):
    event = get_event_for_user(request.user, pk)
    topic = event.topics.annotate(participant_count=Count("participants")).filter(pk=topic_pk).first()
    if topic is None:
        raise Http404
    form = TopicResultForm(
        request.POST or None,
        initial={"result": topic.result, "carried_to": topic.carried_to_id},
        workshops=topic_carry_choices(topic),
    )
    if request.method == "POST" and form.is_valid():
        try:
            topic_result_record(topic=topic, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Resultatet är sparat."))
            return redirect(event)
    return render(
        request,
        "events/topic_result.html",
        {"event": event, "topic": topic, "form": form},
        status=400 if form.errors else 200,
    )
