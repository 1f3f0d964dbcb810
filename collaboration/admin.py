from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Booking, Membership, Organisation, Room, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "phone")}),
        (_("Behörighet"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Datum"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "requested_at", "confirmed_at", "confirmed_by"]
    readonly_fields = ["requested_at", "confirmed_by"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector", "category", "umbrella", "is_active"]
    list_filter = ["kind", "sector", "category", "umbrella", "is_active"]
    search_fields = ["name", "organisation_number"]
    inlines = [MembershipInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "capacity", "requires_approval", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["title", "room", "organisation", "starts_at", "ends_at", "status"]
    list_filter = ["status", "room"]
    date_hierarchy = "starts_at"
    search_fields = ["title", "organisation__name"]
    autocomplete_fields = ["organisation", "booked_by"]
    list_select_related = ["room", "organisation"]
