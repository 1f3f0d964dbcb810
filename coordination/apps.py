from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Samordning")

    def ready(self) -> None:
        from events import yearplan

        from .funding import funding_deadlines_of_year

        # The funds' deadlines appear in the year overview (events never imports coordination).
        yearplan.register_dated_source(funding_deadlines_of_year)
