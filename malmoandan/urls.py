from django.contrib import admin
from django.urls import include, path

from collaboration.views.pages import language_choose

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    path("i18n/setlang/", language_choose, name="set_language"),
    path("", include("collaboration.urls")),
    path("", include("steering.urls")),
    path("", include("events.urls")),
    path("", include("coordination.urls")),
    path("", include("reports.urls")),
]
