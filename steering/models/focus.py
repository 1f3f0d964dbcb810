from django.conf import settings
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

    def applies_to(self, year: int) -> bool:
        """Whether the area applies in `year`: the same rule as FocusAreaQuerySet.for_year, on a loaded row."""
        end = self.end_year if self.end_year is not None else self.start_year
        return self.start_year <= year <= end

    @property
    def years_label(self) -> str:
        if self.end_year and self.end_year != self.start_year:
            return f"{self.start_year}–{self.end_year}"
        return str(self.start_year)


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Inkommet")
    SHORTLISTED = "shortlisted", _("Går till omröstning")
    DECLINED = "declined", _("Går inte vidare")


class ProposalQuerySet(models.QuerySet):
    def shortlisted(self):
        return self.filter(status=ProposalStatus.SHORTLISTED)


class Proposal(models.Model):
    """A suggested focus area for a year, from anyone with an account."""

    year = models.PositiveSmallIntegerField(_("för år"))
    title = models.CharField(_("förslag"), max_length=200)
    motivation = models.TextField(_("motivering"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="focus_proposals",
        verbose_name=_("föreslaget av"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    created_at = models.DateTimeField(_("inkommet"), auto_now_add=True)
    priorities = models.TextField(
        _("koppling till stadens och sektorns prioriteringar"),
        blank=True,
        help_text=_("Hur förslaget hänger ihop med Malmö stads och den idéburna sektorns prioriteringar."),
    )
    coordinator_assessment = models.TextField(
        _("samordnarnas beredning"),
        blank=True,
        help_text=_("Samordnarnas bedömning av hur förslaget förhåller sig till prioriteringarna."),
    )
    recommended = models.BooleanField(_("rekommenderas av samordnarna"), default=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("förslag på fokusområde")
        verbose_name_plural = _("förslag på fokusområden")
        ordering = ["-year", "created_at"]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ProposalComment(models.Model):
    """A steering member's comment in the discussion of a proposal."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments", verbose_name=_("förslag")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("av")
    )
    body = models.TextField(_("kommentar"))
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)

    class Meta:
        verbose_name = _("kommentar")
        verbose_name_plural = _("kommentarer")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"
