from django.contrib import admin

from ..models import Nobel21MonthlyStatistic


@admin.register(Nobel21MonthlyStatistic)
class Nobel21MonthlyStatisticAdmin(admin.ModelAdmin):
    list_display = ["year", "month", "meetings", "visitors", "source", "recorded_by"]
    list_filter = ["year", "source"]
    fields = ["year", "month", "meetings", "visitors", "source", "note"]
    ordering = ["-year", "-month"]  # newest first

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        obj.import_batch = None  # corrected by hand: no longer the import's, so undoing it keeps the month
        super().save_model(request, obj, form, change)
