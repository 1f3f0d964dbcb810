from django.urls import path

from .views import health, pages

urlpatterns = [
    path("om/", pages.about, name="about"),
    path("tillganglighet/", pages.accessibility, name="accessibility"),
    path("integritet/", pages.privacy, name="privacy"),
    path("health/", health.health, name="health"),
]
