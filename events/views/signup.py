"""Signing up, cancelling from the e-mail link, topics and the evaluation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration.shared.roles import is_coordinator

from ..access import get_event_for_user
from ..forms import ColleagueFormSet, EvaluationForm, SignupForm, TopicForm
from ..models import Registration, RegistrationStatus
from ..services import Person, evaluation_create, registration_cancel, registrations_create, topic_create
from ..services.events import topic_join
from ..services.registrations import registration_for_user, signup_organisations
from ..tokens import CANCEL, EVALUATION, token_make, token_read


def _people(request, form, formset) -> list[Person]:
    people = []
    if form.cleaned_data["include_myself"]:
        user = request.user
        people.append(
            Person(
                name=user.get_full_name() or user.email, email=user.email, user=user, answers=form.answers()
            )
        )
    for colleague in formset:
        row = colleague.cleaned_data
        if row.get("email"):
            people.append(Person(name=row["name"], email=row["email"], answers=colleague.answers()))
    return people


@login_required
def registration_create(request, pk: int):
    event = get_event_for_user(request.user, pk)
    organisations = signup_organisations(request.user, event)
    questions = list(event.questions.all())
    form = SignupForm(request.POST or None, organisations=organisations, questions=questions)
    formset = ColleagueFormSet(request.POST or None, prefix="kollega", form_kwargs={"questions": questions})
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            created = registrations_create(
                event=event,
                organisation=form.cleaned_data["organisation"],
                registered_by=request.user,
                people=_people(request, form, formset),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            for registration in created:
                if registration.status == RegistrationStatus.CONFIRMED:
                    messages.success(
                        request, _("%(name)s är anmäld och har en plats.") % {"name": registration.name}
                    )
                elif event.selection_by_coordinators:
                    messages.info(
                        request, _("Ansökan för %(name)s är mottagen.") % {"name": registration.name}
                    )
                else:
                    messages.info(request, _("%(name)s står på väntelistan.") % {"name": registration.name})
            return redirect(event)
    context = {"event": event, "form": form, "formset": formset, "organisations": organisations}
    return render(request, "events/registration_create.html", context)


def _registration_from_token(purpose: str, token: str) -> Registration | None:
    registration_id = token_read(purpose, token)
    if registration_id is None:
        return None
    return Registration.objects.select_related("event", "organisation").filter(pk=registration_id).first()


def registration_cancel_view(request, token: str):
    """The link in the confirmation e-mail: GET asks, POST cancels. No login needed."""
    registration = _registration_from_token(CANCEL, token)
    if registration is None:
        return render(request, "events/registration_cancel.html", {"invalid": True}, status=400)
    if request.method == "POST":
        try:
            registration_cancel(registration=registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Anmälan är avbokad. Tack för att du sa till!"))
        return redirect(registration.event)
    return render(request, "events/registration_cancel.html", {"registration": registration})


@login_required
def registration_list(request):
    """My sign-ups, and those I made for colleagues, each with its cancel link."""
    registrations = (
        Registration.objects.filter(Q(email__iexact=request.user.email) | Q(registered_by=request.user))
        .select_related("event", "organisation")
        .order_by("-event__starts_at", "position")
    )
    rows = [
        (r, token_make(CANCEL, r.pk) if r.is_active and not r.event.is_past else None) for r in registrations
    ]
    return render(request, "events/registration_list.html", {"rows": rows})


@require_POST
@login_required
def topic_create_view(request, pk: int):
    event = get_event_for_user(request.user, pk)
    if not is_coordinator(request.user) and registration_for_user(request.user, event) is None:
        messages.error(request, _("Anmäl dig till evenemanget för att föreslå ämnen."))
        return redirect(event)
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            topic_create(event=event, proposed_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tack! Ämnet är föreslaget."))
    else:
        messages.error(request, _("Ange ett ämne."))
    return redirect(event)


@require_POST
@login_required
def topic_join_view(request, pk: int, topic_pk: int):
    event = get_event_for_user(request.user, pk)
    topic = event.topics.filter(pk=topic_pk).first()
    if topic is None:
        raise Http404
    registration = registration_for_user(request.user, event)
    try:
        if registration is None:
            raise ValidationError(_("Bara deltagare med plats på evenemanget kan välja ämnen."))
        topic_join(topic=topic, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Du är med i ämnet %(title)s.") % {"title": topic.title})
    return redirect(event)


def evaluation_create_view(request, token: str):
    """The link in the evaluation e-mail; works without login, one answer per participant."""
    registration = _registration_from_token(EVALUATION, token)
    if registration is None:
        return render(request, "events/evaluation_create.html", {"invalid": True}, status=400)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_create(registration=registration, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Tack för ditt svar!"))
            return redirect(registration.event)
    return render(request, "events/evaluation_create.html", {"form": form, "registration": registration})
