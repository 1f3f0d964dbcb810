from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from collaboration.shared.admin_autocomplete import SafeAutocompleteMixin
from collaboration.shared.dates import PlausibleDatesMixin, planned_date
from collaboration.shared.validators import SingleLineMixin

from .exports import PARTICIPANTS
from .models import (
    Evaluation,
    Event,
    HeadCount,
    PaperEvaluation,
    Presenter,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    Session,
    Topic,
)
from .services.events import event_form_saved, event_save
from .services.recording import registration_walk_in_create


class SessionAdminForm(PlausibleDatesMixin, forms.ModelForm):
    plausible_dates = {"starts_at": planned_date, "ends_at": planned_date}


class EventAdminForm(PlausibleDatesMixin, SingleLineMixin, forms.ModelForm):
    plausible_dates = dict.fromkeys(
        ["starts_at", "ends_at", "signup_opens_at", "signup_closes_at"], planned_date
    )
    # The title goes into the subject of every confirmation, reminder and cancellation.
    single_line_fields = ("title",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "reminder_days_before" in self.fields:
            # Left empty: the default, the day before.
            self.fields["reminder_days_before"].required = False

    def clean_reminder_days_before(self):
        value = self.cleaned_data.get("reminder_days_before")
        return Event._meta.get_field("reminder_days_before").default if value is None else value


class SessionInline(admin.TabularInline):
    model = Session
    form = SessionAdminForm
    extra = 0


class PresenterInline(admin.TabularInline):
    model = Presenter
    extra = 0


class TopicInline(admin.StackedInline):
    model = Topic
    fk_name = "event"
    extra = 0
    fields = ["title", "description", "result", "carried_to"]


class HeadCountInline(admin.StackedInline):
    model = HeadCount
    extra = 0
    max_num = 1
    verbose_name = _("antal deltagare (där ingen lista finns)")


class PaperEvaluationInline(admin.TabularInline):
    model = PaperEvaluation
    extra = 0


class RegistrationQuestionInline(admin.StackedInline):
    model = RegistrationQuestion
    extra = 0
    fields = ["text", "kind", "options", "required", "order"]


@admin.register(Event)
class EventAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    ordering = ["-starts_at", "-pk"]  # newest first
    form = EventAdminForm
    list_display = ["title", "kind", "starts_at", "place_kind", "capacity", "status"]
    list_filter = ["kind", "status", "place_kind", "focus_area"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisers"]
    inlines = [
        SessionInline,
        PresenterInline,
        RegistrationQuestionInline,
        TopicInline,
        HeadCountInline,
        PaperEvaluationInline,
    ]
    readonly_fields = ["booking"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "description", "status", "focus_area", "level", "organisers"]}),
        (
            _("Tid och plats"),
            {"fields": ["starts_at", "ends_at", "place_kind", "room", "booking", "address", "online_link"]},
        ),
        (
            _("Anmälan"),
            {"fields": ["capacity", "selection_by_coordinators", "signup_opens_at", "signup_closes_at"]},
        ),
        (_("Påminnelse"), {"fields": ["reminder_enabled", "reminder_days_before", "reminder_text"]}),
        (_("Dokumentation"), {"fields": ["documentation", "documentation_url"]}),
    ]

    def save_model(self, request, obj, form, change):
        event_save(event=obj, status_before=form.initial.get("status") if change else None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._tell(
            request,
            event_form_saved(
                event=form.instance,
                saved_by=request.user,
                changed_fields=form.changed_data if change else (),
                formsets=formsets if change else (),
                status_wanted=form.cleaned_data.get("status"),
                status_before=form.initial.get("status") if change else None,
            ),
        )

    def _tell(self, request, saved):
        if saved.cancel_refused:
            messages.error(request, saved.cancel_refused)
        if saved.booking_refused:
            messages.warning(request, _("Lokalen kunde inte bokas: %s") % saved.booking_refused)
        if saved.publish_refused:
            messages.error(request, saved.publish_refused)
        if saved.promoted:
            messages.info(request, _("%(n)s från väntelistan fick plats.") % {"n": saved.promoted})


class RegistrationAnswerInline(admin.TabularInline):
    model = RegistrationAnswer
    extra = 0
    fields = ["question", "answer"]
    readonly_fields = ["question"]

    def has_add_permission(self, request, obj=None):
        # Answers are given at sign-up, to the event's own questions; the coordinator may correct them.
        return False


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    ordering = ["-created_at", "-pk"]  # newest first
    list_display = ["name", "email", "event", "organisation", "status", "source", "position"]
    list_filter = ["status", "source", "event__kind"]
    search_fields = ["name", "email", "event__title", "organisation__name"]
    list_select_related = ["event", "organisation"]
    raw_id_fields = ["event", "user", "organisation", "registered_by"]
    # A sign-up stays with its event: moving it would pass by the other event's places and waiting list (cancel
    # it and sign up for the other one instead).
    readonly_fields = ["event", "position", "status", "source", "import_batch"]
    actions = [*PARTICIPANTS.admin_actions()]
    inlines = [RegistrationAnswerInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        if obj is None:
            # Adding here records someone who came (or, before the event, holds a place) without the sign-up
            # page's capacity and time rules, as the door list does; sign-ups by participants use that page.
            return ["event", "name", "email", "organisation", "organisation_name", "sector"]
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = registration_walk_in_create(
            event=obj.event,
            name=obj.name,
            email=obj.email,
            organisation=obj.organisation,
            organisation_name=obj.organisation_name,
            sector=obj.sector,
            recorded_by=request.user,
        )
        obj.pk, obj.position, obj.status, obj.source = (
            created.pk,
            created.position,
            created.status,
            created.source,
        )
        obj._state.adding = False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    ordering = ["-created_at"]  # newest first
    list_display = ["registration", "rating", "created_at"]
    list_select_related = ["registration__event"]
    readonly_fields = ["registration", "rating", "comment"]

    def has_add_permission(self, request):
        # Every field is read-only: an added row would be empty (and refused by the database).
        return False
