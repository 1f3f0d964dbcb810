from django.contrib import admin

from .models import FocusArea


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year", "end_year"]
    search_fields = ["title"]
