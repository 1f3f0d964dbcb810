from django.contrib import admin

from ..models import Booking, Room


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
