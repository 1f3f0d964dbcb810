from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The coordinators' own texts, one per section of the report, in the report's order: (field, heading).
TEXT_SECTIONS: list[tuple[str, str]] = [
    ("introduction", _("Om rapporten")),
    ("steering_comment", _("Kort om Malmöandan och styrgruppen")),
    ("focus_comment", _("Årets fokusområde")),
    ("dialogue_comment", _("Dialogforum")),
    ("workshops_comment", _("Idéverkstäder")),
    ("nobel21_comment", _("Föreningscentret Nobel 21")),
    ("learning_comment", _("Lärande och kunskap")),
    ("inspiration_comment", _("Inspiration och möten")),
    ("communication", _("Kommunikation")),
    ("partnerships_comment", _("Samarbeten och partnerskap")),
    ("finances_comment", _("Ekonomi")),
    ("outlook", _("Inför nästa år")),
]

diarienummer_validator = RegexValidator(
    r"^[A-ZÅÄÖ]{2,6}-\d{4}-\d{1,6}$", _("Ange diarienumret som till exempel STK-2023-267.")
)


class AnnualReport(models.Model):
    """A year's annual report: the coordinators' texts and the figures that live outside the portal.

    Everything else in the report is computed from what the portal recorded for the year (reports.figures).
    """

    year = models.PositiveSmallIntegerField(
        _("år"), unique=True, validators=[MinValueValidator(2017), MaxValueValidator(2100)]
    )
    introduction = models.TextField(_("om rapporten"), blank=True)
    steering_comment = models.TextField(_("kommentar om styrgruppen"), blank=True)
    focus_comment = models.TextField(_("kommentar om fokusområdet"), blank=True)
    dialogue_comment = models.TextField(_("kommentar om dialogforum"), blank=True)
    workshops_comment = models.TextField(_("kommentar om idéverkstäder"), blank=True)
    nobel21_comment = models.TextField(_("kommentar om Nobel 21"), blank=True)
    learning_comment = models.TextField(_("kommentar om lärande och utbildningar"), blank=True)
    inspiration_comment = models.TextField(_("kommentar om Malmötimmar och lärandeluncher"), blank=True)
    communication = models.TextField(_("kommunikation"), blank=True)
    partnerships_comment = models.TextField(_("kommentar om samarbeten"), blank=True)
    finances_comment = models.TextField(_("kommentar om ekonomin"), blank=True)
    outlook = models.TextField(_("inför nästa år"), blank=True)
    grant_amount = models.PositiveIntegerField(
        _("årligt bidrag från kommunstyrelsen (kr)"), default=1_000_000
    )
    # What the coordinators record deliberately did not happen this year, so the report says so instead
    # of "no data was recorded" (see NOT_HELD).
    no_dialogue_forums = models.BooleanField(_("inga dialogforum hölls"), default=False)
    no_workshops = models.BooleanField(_("inga idéverkstäder hölls"), default=False)
    no_trainings = models.BooleanField(_("inga utbildningar hölls"), default=False)
    no_malmo_hours = models.BooleanField(_("inga Malmötimmar hölls"), default=False)
    no_learning_lunches = models.BooleanField(_("inga lärandeluncher hölls"), default=False)
    no_partnerships = models.BooleanField(_("inga samarbeten eller partnerskap pågick"), default=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Årsrapport Malmöandan {self.year}"

    @property
    def pdf_filename(self) -> str:
        return f"arsrapport-malmoandan-{self.year}.pdf"

    def texts(self) -> dict[str, str]:
        return {field: getattr(self, field) for field, _heading in TEXT_SECTIONS}

    def not_held(self) -> list[str]:
        """The figure keys (see NOT_HELD) the coordinators have marked as deliberately not held this year."""
        return [key for key, field in NOT_HELD.items() if getattr(self, field)]


# Figure key -> the AnnualReport flag that says the activity deliberately did not happen in the year.
NOT_HELD: dict[str, str] = {
    "dialogue_forums": "no_dialogue_forums",
    "workshops": "no_workshops",
    "trainings": "no_trainings",
    "malmo_hours": "no_malmo_hours",
    "learning_lunches": "no_learning_lunches",
    "partnerships": "no_partnerships",
}


class SocialMediaChannel(models.Model):
    """Followers on a social media channel at the end of the year, as the coordinators counted them."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("kanal"), max_length=100)
    followers = models.PositiveIntegerField(_("följare vid årets slut"), null=True, blank=True)
    new_followers = models.PositiveIntegerField(_("nya följare under året"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("kanal i sociala medier")
        verbose_name_plural = _("kanaler i sociala medier")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "name"], name="socialmediachannel_unique_name"),
            models.CheckConstraint(
                condition=Q(followers__isnull=False) | Q(new_followers__isnull=False),
                name="socialmediachannel_has_a_figure",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FinanceLineKind(models.TextChoices):
    INCOME = "income", _("Intäkt")
    EXPENSE = "expense", _("Kostnad")


class FinanceLine(models.Model):
    """A line of the year's finances beside the grant, in whole kronor: mostly costs (how the grant was
    used), or income other than the grant (the grant itself is AnnualReport.grant_amount)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="finance_lines")
    kind = models.CharField(
        _("typ"), max_length=16, choices=FinanceLineKind.choices, default=FinanceLineKind.EXPENSE
    )
    label = models.CharField(_("kategori"), max_length=200)
    amount = models.PositiveIntegerField(_("belopp (kr)"))
    note = models.CharField(_("anteckning"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("ekonomipost")
        verbose_name_plural = _("ekonomiposter")
        ordering = ["kind", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount} kr"


class VersionStatus(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RENDERING = "rendering", _("Skapas")
    READY = "ready", _("Klar")
    FAILED = "failed", _("Misslyckades")


class ReportVersionQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(decision_date__isnull=False)

    def pending(self):
        return self.filter(status__in=[VersionStatus.QUEUED, VersionStatus.RENDERING])


class ReportVersion(models.Model):
    """One rendering of a report: the content snapshotted when it was asked for, and the PDF made from it.

    Once the board has approved it (decision date and diarienummer), a version never changes again.
    """

    report = models.ForeignKey(AnnualReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.QUEUED
    )
    failure_reason = models.TextField(_("orsak till felet"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    # Figures, texts and manual figures as they were when the version was asked for (JSON, see services).
    content = models.JSONField(_("innehåll"))
    pdf = models.FileField(_("PDF"), max_length=255, blank=True)
    pdf_size = models.PositiveIntegerField(_("storlek (byte)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    started_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_reference = models.CharField(
        _("diarienummer"), max_length=32, blank=True, validators=[diarienummer_validator]
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReportVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapportversion")
        verbose_name_plural = _("rapportversioner")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reportversion_unique_number"),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(decision_date__isnull=False),
                name="reportversion_one_approved_per_report",
            ),
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | (Q(status="ready") & ~Q(decision_reference="")),
                name="reportversion_approved_is_ready_with_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_approved(self) -> bool:
        return self.decision_date is not None

    @property
    def is_pending(self) -> bool:
        return self.status in (VersionStatus.QUEUED, VersionStatus.RENDERING)

    @property
    def pdf_path(self) -> str:
        """Where the PDF goes under MEDIA_ROOT: fixed per version, so a repeated run rewrites the same file."""
        return f"reports/{self.report.year}/arsrapport-malmoandan-{self.report.year}-v{self.number}.pdf"

    @property
    def approved_pdf_path(self) -> str:
        """The approved version's PDF, rendered again after the decision so that its cover names it."""
        return self.pdf_path.removesuffix(".pdf") + "-godkand.pdf"

    @property
    def needs_approved_pdf(self) -> bool:
        return (
            self.is_approved
            and self.status == VersionStatus.READY
            and self.pdf.name != self.approved_pdf_path
        )


from .meeting_report_models import MeetingReport  # noqa: E402,F401  (the coordinators' meeting report)
