from django.urls import path

from . import meeting_report_views, views

app_name = "reports"

urlpatterns = [
    path("arsrapporter/", views.annualreport_list, name="annualreport-list"),
    path("arsrapporter/ny/", views.annualreport_create, name="annualreport-create"),
    path("arsrapporter/<int:year>/", views.annualreport_detail, name="annualreport-detail"),
    path("arsrapporter/<int:year>/redigera/", views.annualreport_update, name="annualreport-update"),
    path("arsrapporter/<int:year>/forhandsgranska/", views.annualreport_preview, name="annualreport-preview"),
    path("arsrapporter/<int:year>/siffror/", views.annualreport_figures, name="annualreport-figures"),
    path(
        "arsrapporter/<int:year>/siffror.csv",
        views.annualreport_figures,
        {"format": "csv"},
        name="annualreport-figures-csv",
    ),
    path(
        "arsrapporter/<int:year>/siffror.json",
        views.annualreport_figures,
        {"format": "json"},
        name="annualreport-figures-json",
    ),
    path("arsrapporter/<int:year>/pdf/", views.annualreport_download, name="annualreport-download"),
    path("arsrapporter/<int:year>/versioner/", views.reportversion_create, name="reportversion-create"),
    path(
        "arsrapporter/<int:year>/versioner/<int:number>/pdf/",
        views.reportversion_download,
        name="reportversion-download",
    ),
    path(
        "arsrapporter/<int:year>/versioner/<int:number>/tjansteskrivelse/",
        views.reportversion_memo,
        name="reportversion-memo",
    ),
    path(
        "arsrapporter/<int:year>/versioner/<int:number>/godkann/",
        views.reportversion_approve,
        name="reportversion-approve",
    ),
    # The coordinators' report to a steering meeting (återrapportering), attached to the meeting's agenda.
    path(
        "styrgrupp/moten/<int:pk>/aterrapport/",
        meeting_report_views.meeting_report_detail,
        name="meeting-report",
    ),
    path(
        "styrgrupp/moten/<int:pk>/aterrapport.pdf",
        meeting_report_views.meeting_report_pdf,
        name="meeting-report-pdf",
    ),
    path(
        "styrgrupp/moten/<int:pk>/aterrapport/utkast/",
        meeting_report_views.meeting_report_draft_view,
        name="meeting-report-draft",
    ),
    path(
        "styrgrupp/moten/<int:pk>/aterrapport/redigera/",
        meeting_report_views.meeting_report_update_view,
        name="meeting-report-update",
    ),
]
