from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .exports import PARTICIPANTS
from .models import Evaluation, Event, Presenter, Registration, Session, Topic
from .services.events import event_focus_area_default
from .services.rooms import event_booking_sync


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


class PresenterInline(admin.TabularInline):
    model = Presenter
    extra = 0


class TopicInline(admin.StackedInline):
    model = Topic
    extra = 0
    fields = ["title", "description", "result"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "place_kind", "capacity", "status"]
    list_filter = ["kind", "status", "place_kind", "focus_area"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organisers"]
    inlines = [SessionInline, PresenterInline, TopicInline]
    readonly_fields = ["booking"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "description", "status", "focus_area", "organisers"]}),
        (
            _("Tid och plats"),
            {"fields": ["starts_at", "ends_at", "place_kind", "room", "booking", "address", "online_link"]},
        ),
        (
            _("Anmälan"),
            {"fields": ["capacity", "selection_by_coordinators", "signup_opens_at", "signup_closes_at"]},
        ),
        (_("Dokumentation"), {"fields": ["documentation", "documentation_url"]}),
    ]

    def save_model(self, request, obj, form, change):
        event_focus_area_default(event=obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            event_booking_sync(event=form.instance, booked_by=request.user, organisation=None)
        except ValidationError as error:
            messages.warning(request, _("Lokalen kunde inte bokas: %s") % " ".join(error.messages))


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "organisation", "status", "position"]
    list_filter = ["status", "event__kind"]
    search_fields = ["name", "email", "event__title", "organisation__name"]
    list_select_related = ["event", "organisation"]
    raw_id_fields = ["event", "user", "organisation", "registered_by"]
    readonly_fields = ["position", "status"]
    actions = [*PARTICIPANTS.admin_actions()]

    def has_add_permission(self, request):
        # Sign-ups go through the sign-up page or the participant list, which hold the capacity rules.
        return False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["registration", "rating", "created_at"]
    list_select_related = ["registration__event"]
    readonly_fields = ["registration", "rating", "comment"]
