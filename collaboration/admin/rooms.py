from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from collaboration.shared.admin_autocomplete import SafeAutocompleteMixin

from ..models import Booking, BookingSeries, BookingStatus, Closure, OpeningHours, Room
from ..services.rooms import booking_approve, booking_cancel, booking_check, booking_create, booking_reject
from ..shared.dates import PlausibleDatesMixin, planned_date


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0
    max_num = 7


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "capacity", "requires_approval", "is_active"]
    list_filter = ["kind", "is_active", "requires_approval"]
    search_fields = ["name"]
    inlines = [OpeningHoursInline]


class ClosureAdminForm(PlausibleDatesMixin, forms.ModelForm):
    plausible_dates = {"starts_at": planned_date, "ends_at": planned_date}


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    ordering = ["-starts_at"]  # newest first
    form = ClosureAdminForm
    list_display = ["reason", "room", "starts_at", "ends_at"]
    list_filter = ["room"]
    date_hierarchy = "starts_at"
    list_select_related = ["room"]


class BookingAdminForm(PlausibleDatesMixin, forms.ModelForm):
    """New bookings go through the booking service's rules; the form shows its refusals on the page."""

    plausible_dates = {"starts_at": planned_date, "ends_at": planned_date}

    class Meta:
        model = Booking
        fields = ["room", "organisation", "title", "starts_at", "ends_at", "expected_attendees", "booked_by"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if self.instance.pk is None:
            try:
                booking_check(
                    room=data["room"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    expected_attendees=data["expected_attendees"],
                )
            except ValidationError as error:
                raise ValidationError(error.messages) from error
        elif data["expected_attendees"] > self.instance.room.capacity:
            self.add_error(
                "expected_attendees",
                _("Lokalen har plats för %(capacity)s personer.") % {"capacity": self.instance.room.capacity},
            )
        return data


@admin.register(Booking)
class BookingAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    ordering = ["-starts_at", "-pk"]  # newest first
    form = BookingAdminForm
    list_display = ["title", "room", "organisation", "starts_at", "ends_at", "expected_attendees", "status"]
    list_filter = ["status", "room"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "booked_by"]
    list_select_related = ["room", "organisation"]
    actions = ["approve", "reject", "cancel"]

    def get_readonly_fields(self, request, obj=None):
        # Time, room and status of an existing booking change only through the actions (and their rules).
        if obj is not None:
            return ["room", "organisation", "starts_at", "ends_at", "status", "series", "booked_by"]
        return []

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["title", "expected_attendees"])
            return
        booking = booking_create(
            room=obj.room,
            organisation=obj.organisation,
            title=obj.title,
            starts_at=obj.starts_at,
            ends_at=obj.ends_at,
            expected_attendees=obj.expected_attendees,
            booked_by=obj.booked_by or request.user,
            status=BookingStatus.CONFIRMED,
        )
        obj.pk = booking.pk
        obj.status = booking.status
        obj._state.adding = False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Someone may take the time between the form's check and the save: explain, never a 500.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def _run(self, request, queryset, action, done: str):
        succeeded = 0
        for booking in queryset.select_related("room", "organisation", "booked_by"):
            try:
                action(booking)
                succeeded += 1
            except ValidationError as error:
                self.message_user(request, f"{booking}: {' '.join(error.messages)}", messages.ERROR)
        if succeeded:
            self.message_user(
                request,
                ngettext("%(n)s bokning %(done)s.", "%(n)s bokningar %(done)s.", succeeded)
                % {"n": succeeded, "done": done},
            )

    @admin.action(description=_("Godkänn valda bokningar"))
    def approve(self, request, queryset):
        self._run(
            request, queryset, lambda b: booking_approve(booking=b, decided_by=request.user), _("godkänd(a)")
        )

    @admin.action(description=_("Avslå valda bokningar"))
    def reject(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda b: booking_reject(booking=b, decided_by=request.user),
            _("avslagen/avslagna"),
        )

    @admin.action(description=_("Avboka valda bokningar"))
    def cancel(self, request, queryset):
        self._run(
            request, queryset, lambda b: booking_cancel(booking=b, cancelled_by=request.user), _("avbokad(e)")
        )


@admin.register(BookingSeries)
class BookingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "room", "organisation", "first_starts_at", "until", "count"]
    list_filter = ["room"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["room", "organisation"]
    readonly_fields = [
        "room",
        "organisation",
        "title",
        "first_starts_at",
        "first_ends_at",
        "until",
        "count",
        "booked_by",
    ]

    def has_add_permission(self, request):
        # Series are booked from the portal's booking form, which lists colliding occurrences first.
        return False
