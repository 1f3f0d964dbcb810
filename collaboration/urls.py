from django.urls import include, path

from .views import health, organisations, pages, partnerships, privacy

urlpatterns = [
    path("om/", pages.about, name="about"),
    path("tillganglighet/", pages.accessibility, name="accessibility"),
    path("integritet/", pages.privacy, name="privacy"),
    path("health/", health.health, name="health"),
    path("nobel21/", include("collaboration.urls_rooms")),
    # Organisations and memberships
    path("organisationer/", organisations.organisation_directory, name="organisation-directory"),
    path("organisationer/mina/", organisations.organisation_mine, name="organisation-mine"),
    path("organisationer/ga-med/", organisations.organisation_join, name="organisation-join"),
    path(
        "organisationer/registrera/", organisations.organisation_register_view, name="organisation-register"
    ),
    path(
        "organisationer/<int:pk>/medlemmar/", organisations.organisation_members, name="organisation-members"
    ),
    path("medlemskap/<int:pk>/bekrafta/", organisations.membership_confirm_view, name="membership-confirm"),
    path("medlemskap/<int:pk>/ta-bort/", organisations.membership_decline_view, name="membership-decline"),
    # Partnerships (IOP and other collaborations)
    path("samverkan/", partnerships.partnership_list, name="partnership-list"),
    path("samverkan/processen/", partnerships.partnership_pipeline, name="partnership-pipeline"),
    path("samverkan/<int:pk>/", partnerships.partnership_detail, name="partnership-detail"),
    path(
        "samverkan/<int:pk>/steg/",
        partnerships.partnership_stage_change_view,
        name="partnership-stage-change",
    ),
    path(
        "samverkan/<int:pk>/dokument/",
        partnerships.partnership_document_upload,
        name="partnership-document-upload",
    ),
    path("samverkan/<int:pk>/stod/", partnerships.partnership_support_add, name="partnership-support-add"),
    path(
        "samverkan/dokument/<int:pk>/",
        partnerships.partnership_document_download,
        name="partnership-document-download",
    ),
    # A person's own data (GDPR)
    path("konto/mina-uppgifter/", privacy.personal_data, name="personal-data"),
    path("konto/mina-uppgifter/ladda-ned/", privacy.personal_data_download, name="personal-data-download"),
    path("konto/ta-bort/", privacy.account_delete_view, name="account-delete"),
]
