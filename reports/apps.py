from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Årsrapporter")

    def ready(self) -> None:
        from collaboration.shared import fragments

        from . import checks  # noqa: F401  (registers the WeasyPrint system check)
        from .models import AnnualReport, ReportVersion

        # A report's page: the report and its versions (status, attempts, failures, the board's approval).
        fragments.watch("reports", AnnualReport, ReportVersion)

        # What the report records as not held closes the year overview's gap for that kind of event.
        from events import yearplan

        from .checklist import absences

        if hasattr(yearplan, "register_absence_source"):
            yearplan.register_absence_source(absences)
