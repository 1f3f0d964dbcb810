from django import forms
from django.contrib import admin

from collaboration.shared.admin_autocomplete import SafeAutocompleteMixin
from collaboration.shared.dates import PlausibleDatesMixin, planned_date
from collaboration.shared.validators import SingleLineMixin

from .models import Call, Fund, FundCategory, Mailing, MailOptOut, Match, Posting


class CallAdminForm(PlausibleDatesMixin, SingleLineMixin, forms.ModelForm):
    plausible_dates = {"opens_on": planned_date, "closes_on": planned_date}
    single_line_fields = ("title",)


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    form = CallAdminForm
    list_display = ["title", "opens_on", "closes_on", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["title", "cause"]
    exclude = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class PostingAdminForm(PlausibleDatesMixin, SingleLineMixin, forms.ModelForm):
    plausible_dates = {"valid_until": planned_date}
    single_line_fields = ("title", "for_whom", "place")


@admin.register(Posting)
class PostingAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    form = PostingAdminForm
    list_display = ["title", "kind", "organisation", "category", "status", "valid_until", "created_at"]
    list_filter = ["kind", "status", "category", "call"]
    search_fields = ["title", "description", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["topic"]
    readonly_fields = ["posted_by", "reviewed_by", "reviewed_at", "created_at"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at", "need_accepted_at", "offer_accepted_at", "partnership"]
    list_select_related = ["need", "offer", "partnership"]
    readonly_fields = ["need", "offer", "matched_by", "created_at", "need_accepted_at", "offer_accepted_at"]
    fields = [*readonly_fields[:2], "note", "partnership", *readonly_fields[2:]]
    search_fields = ["need__title", "offer__title", "note"]

    def has_add_permission(self, request):
        # A match is made on the need's page, where both parties are told; the admin only corrects it.
        return False


class FundAdminForm(PlausibleDatesMixin, SingleLineMixin, forms.ModelForm):
    plausible_dates = {"deadline": planned_date}
    single_line_fields = ("title", "funder", "for_whom")


class FundCategoryInline(admin.TabularInline):
    model = FundCategory
    extra = 1


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    form = FundAdminForm
    ordering = ["-created_at", "-pk"]  # newest first in the admin; the public catalogue goes by deadline
    list_display = ["title", "funder", "deadline", "is_published", "created_at"]
    list_filter = ["is_published", "categories__category"]
    search_fields = ["title", "funder", "description"]
    inlines = [FundCategoryInline]


@admin.register(Mailing)
class MailingAdmin(admin.ModelAdmin):
    """Written and sent on the portal's page (the send goes through the worker); the admin lists and corrects."""

    list_display = ["subject", "audience", "status", "sent_at", "recipients_count"]
    list_filter = ["status", "audience"]
    search_fields = ["subject", "body"]
    readonly_fields = ["status", "sent_at", "recipients_count", "created_by"]
    raw_id_fields = ["event"]


@admin.register(MailOptOut)
class MailOptOutAdmin(admin.ModelAdmin):
    ordering = ["-created_at", "-pk"]  # newest first
    list_display = ["email", "created_at"]
    search_fields = ["email"]
