from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import NOT_HELD, TEXT_SECTIONS, AnnualReport, FinanceLine, SocialMediaChannel


class SocialMediaChannelInline(admin.TabularInline):
    model = SocialMediaChannel
    extra = 0


class FinanceLineInline(admin.TabularInline):
    model = FinanceLine
    fields = ["kind", "label", "amount", "note", "position"]
    extra = 0


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    """The report's texts and entered figures; versions are made and approved on the report's own page."""

    list_display = ["year", "grant_amount", "updated_at"]
    fieldsets = [
        (None, {"fields": ["year", "grant_amount"]}),
        (_("Inte genomfört under året"), {"fields": list(NOT_HELD.values())}),
        (_("Texter"), {"fields": [field for field, _heading in TEXT_SECTIONS]}),
    ]
    inlines = [SocialMediaChannelInline, FinanceLineInline]
