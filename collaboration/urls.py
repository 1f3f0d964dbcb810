from django.urls import path

from .views import health, pages, privacy

urlpatterns = [
    path("om/", pages.about, name="about"),
    path("tillganglighet/", pages.accessibility, name="accessibility"),
    path("integritet/", pages.privacy, name="privacy"),
    path("health/", health.health, name="health"),
    path("konto/mina-uppgifter/", privacy.personal_data, name="personal-data"),
    path("konto/mina-uppgifter/ladda-ned/", privacy.personal_data_download, name="personal-data-download"),
    path("konto/ta-bort/", privacy.account_delete_view, name="account-delete"),
]
