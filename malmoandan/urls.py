from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("konto/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("collaboration.urls")),
    path("", include("steering.urls")),
    path("", include("events.urls")),
    path("", include("coordination.urls")),
    path("", include("reports.urls")),
]
