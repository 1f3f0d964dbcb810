"""The portal's URLs plus the reference page, which exists only under the benchmark's settings."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/reference/", views.reference, name="bench-reference"),
    path("", include("malmoandan.urls")),
]
