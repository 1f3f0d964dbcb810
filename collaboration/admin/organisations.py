from django.contrib import admin

from ..models import Membership, Organisation


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
