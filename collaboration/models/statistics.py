"""Nobel 21 usage recorded from outside the portal: the centre's own booking system, month by month."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Nobel21MonthlyStatistic(models.Model):
    """One month of Nobel 21 as another source counted it (Malmö Ideella's booking system, a memo).

    A month either comes from the portal's bookings or from this row, never both: see
    `collaboration.statistics.nobel21_months`.
    """

    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    month = models.PositiveSmallIntegerField(
        _("månad"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    meetings = models.PositiveIntegerField(_("antal möten/bokningar"))
    visitors = models.PositiveIntegerField(_("antal besökare"), null=True, blank=True)
    source = models.CharField(
        _("källa"), max_length=200, help_text=_("Till exempel ”Malmö Ideellas bokningssystem”.")
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrerad av"),
    )
    recorded_at = models.DateTimeField(_("registrerad"), auto_now=True)

    class Meta:
        verbose_name = _("månadsstatistik för Nobel 21")
        verbose_name_plural = _("månadsstatistik för Nobel 21")
        ordering = ["year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month"], name="nobel21_statistic_unique_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="nobel21_statistic_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}: {self.meetings}"

    def clean(self) -> None:
        if not (self.source or "").strip():
            raise ValidationError({"source": _("Ange varifrån siffrorna kommer.")})
