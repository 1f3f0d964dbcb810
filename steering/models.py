from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class FocusAreaQuerySet(models.QuerySet):
    def for_year(self, year: int):
        """The focus areas that apply in `year` (one may run over more than one year)."""
        return self.filter(
            Q(end_year__gte=year) | Q(end_year__isnull=True, start_year=year), start_year__lte=year
        )


class FocusArea(models.Model):
    """The steering group's priority for a year (fokusområde)."""

    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("från år"))
    end_year = models.PositiveSmallIntegerField(
        _("till och med år"), null=True, blank=True, help_text=_("Lämna tomt om fokusområdet gäller ett år.")
    )

    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="focusarea_end_not_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.years_label})"

    @property
    def years_label(self) -> str:
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year)
