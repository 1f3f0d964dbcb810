"""Nobel 21 usage recorded from outside the portal: the centre's own booking system, month by month."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Nobel21StatisticImport(models.Model):
    """One import of the centre's export: the months it saved point to it, and `replaced` keeps the months it
    overwrote as they were, so that undoing the import leaves the year as it stood before."""

    year = models.PositiveSmallIntegerField(_("år"))
    source = models.CharField(_("källa"), max_length=200)
    filename = models.CharField(_("filnamn"), max_length=200, blank=True)
    replaced = models.JSONField(_("ersatta månader"), default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("importerad av"),
    )
    imported_at = models.DateTimeField(_("importerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("import av månadsstatistik för Nobel 21")
        verbose_name_plural = _("importer av månadsstatistik för Nobel 21")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year}: {self.source}"


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
    import_batch = models.ForeignKey(
        Nobel21StatisticImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="months",
        verbose_name=_("import"),
        help_text=_("Importen som sparade månaden; tom om den registrerades för hand."),
    )

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
