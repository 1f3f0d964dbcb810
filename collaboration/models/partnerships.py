"""Partnerships (IOP and other collaborations) followed from the first commission to the end."""

import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..shared.uploads import DOCUMENT_TYPES, validate_upload
from .organisations import Organisation


class PartnershipForm(models.TextChoices):
    IOP = "iop", _("Idéburet offentligt partnerskap (IOP)")
    PROJECT = "project", _("Samverkansprojekt")
    PROCESS_SUPPORT = "process_support", _("Processtöd")
    OTHER = "other", _("Annan samverkan")


class ParticipationLevel(models.TextChoices):
    """The participation matrix of the collaboration plan, lowest to highest."""

    INFORMATION = "information", _("Information")
    CONSULTATION = "consultation", _("Samråd")
    DIALOGUE = "dialogue", _("Dialog")
    PARTNERSHIP = "partnership", _("Partnerskap")


class PartnershipStage(models.TextChoices):
    COMMISSIONED = "commissioned", _("Uppdrag att utreda")
    DIALOGUE = "dialogue", _("I dialog")
    SIGNED = "signed", _("Avtal undertecknat")
    RUNNING = "running", _("Pågår")
    ENDED = "ended", _("Avslutat")
    STOPPED = "stopped", _("Avbrutet")


# The pipeline a partnership walks, one step at a time; it may be stopped (with a reason) before it ends.
PIPELINE: list[str] = [
    PartnershipStage.COMMISSIONED,
    PartnershipStage.DIALOGUE,
    PartnershipStage.SIGNED,
    PartnershipStage.RUNNING,
    PartnershipStage.ENDED,
]
FINAL_STAGES = {PartnershipStage.ENDED, PartnershipStage.STOPPED}
PUBLIC_STAGES = {PartnershipStage.SIGNED, PartnershipStage.RUNNING}
# Ended partnerships stay readable (the annual report links to them); only the list shows signed/running.
VISIBLE_STAGES = {*PUBLIC_STAGES, PartnershipStage.ENDED}

NEXT_STEP: dict[str, str] = {
    PartnershipStage.COMMISSIONED: _("Utred förutsättningarna och bjud in parterna till dialog"),
    PartnershipStage.DIALOGUE: _("Ta fram ett avtalsförslag och besluta om det"),
    PartnershipStage.SIGNED: _("Starta verksamheten enligt avtalet"),
    PartnershipStage.RUNNING: _("Följ upp och avsluta när avtalstiden gått ut"),
}


class Side(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    CIVIL_SOCIETY = "civil_society", _("Idéburen")
    ACADEMIA = "academia", _("Akademi")
    BUSINESS = "business", _("Näringsliv")


def stage_log_on(day):
    """The stage-log rows that had happened by `day`, latest first (the first row is the stage then)."""
    return StageChange.objects.filter(happened_on__lte=day).order_by("-happened_on", "-changed_at", "-id")


class PartnershipQuerySet(models.QuerySet):
    def with_stage_on(self, day):
        """Annotate `stage_on_date`: each partnership's stage as it stood on `day` (None if it did not exist
        yet), in the same query as the partnerships (a Subquery on the stage log)."""
        latest = stage_log_on(day).filter(partnership=models.OuterRef("pk"))
        return self.annotate(stage_on_date=models.Subquery(latest.values("to_stage")[:1]))

    def public(self):
        """Running and signed partnerships: the public list and the annual report."""
        return self.filter(stage__in=PUBLIC_STAGES)

    def visible(self):
        """What anyone sees (collaboration.services.partnerships.partnership_visibility widens it)."""
        return self.filter(stage__in=VISIBLE_STAGES)

    def with_parties(self):
        return self.prefetch_related(
            models.Prefetch(
                "parties", queryset=PartnershipParty.objects.select_related("organisation").order_by("id")
            )
        )


class Partnership(models.Model):
    title = models.CharField(_("namn"), max_length=200)
    form = models.CharField(_("samverkansform"), max_length=32, choices=PartnershipForm.choices)
    purpose = models.TextField(_("syfte"))
    level = models.CharField(
        _("nivå i delaktighetsmatrisen"),
        max_length=32,
        choices=ParticipationLevel.choices,
        default=ParticipationLevel.PARTNERSHIP,
    )
    stage = models.CharField(
        _("steg"), max_length=32, choices=PartnershipStage.choices, default=PartnershipStage.COMMISSIONED
    )
    stage_changed_at = models.DateTimeField(_("steget ändrat"), default=timezone.now)
    stopped_reason = models.TextField(_("skäl till att det avbröts"), blank=True)
    next_step = models.CharField(_("nästa steg"), max_length=300, blank=True)
    commissioned_on = models.DateField(_("uppdrag givet"), null=True, blank=True)
    signed_on = models.DateField(_("avtal undertecknat"), null=True, blank=True)
    starts_on = models.DateField(_("startar"), null=True, blank=True)
    ends_on = models.DateField(_("slutar"), null=True, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkan och partnerskap")
        ordering = ["title"]
        indexes = [models.Index(fields=["stage"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(stage="stopped") | ~models.Q(stopped_reason=""),
                name="partnership_stopped_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="partnership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Slutdatumet kan inte ligga före startdatumet.")})

    def stage_on(self, day) -> str | None:
        """The stage as it stood on `day` from the stage log, or None before the first recorded stage.

        Uses the prefetched `stage_changes` when there are any (no query); otherwise one query."""
        cached = getattr(self, "_prefetched_objects_cache", {}).get("stage_changes")
        if cached is not None:
            earlier = [change for change in cached if change.happened_on and change.happened_on <= day]
            if not earlier:
                return None
            return max(earlier, key=lambda c: (c.happened_on, c.changed_at, c.id)).to_stage
        return stage_log_on(day).filter(partnership=self).values_list("to_stage", flat=True).first()

    def earliest_stage_day(self):
        """The first day a stage change may carry: the partnership's own start (commissioned) if known."""
        return self.commissioned_on

    def allowed_next_stages(self) -> list[str]:
        """The stages this partnership may move to now: the next one in the pipeline, or stopped."""
        if self.stage in FINAL_STAGES:
            return []
        following = PIPELINE[PIPELINE.index(self.stage) + 1]
        return [following, PartnershipStage.STOPPED]

    def check_stage_change(self, stage: str, reason: str = "") -> None:
        """Raise ValidationError (in Swedish) unless moving to `stage` follows the pipeline."""
        if stage not in PartnershipStage.values:
            raise ValidationError(_("Okänt steg."), code="unknown")
        if self.stage in FINAL_STAGES:
            raise ValidationError(
                _("Samverkan är %(stage)s och kan inte byta steg."),
                code="final",
                params={"stage": self.get_stage_display().lower()},
            )
        if stage not in self.allowed_next_stages():
            raise ValidationError(
                _("Steget kan inte hoppas över: från ”%(current)s” går det bara vidare till ”%(next)s”."),
                code="skip",
                params={
                    "current": self.get_stage_display(),
                    "next": PartnershipStage(self.allowed_next_stages()[0]).label,
                },
            )
        if stage == PartnershipStage.STOPPED and not reason.strip():
            raise ValidationError(_("Ange varför samverkan avbryts."), code="reason")

    def default_next_step(self) -> str:
        return self.next_step or str(NEXT_STEP.get(self.stage, ""))


class PartnershipParty(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="parties", verbose_name=_("samverkan")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnership_parties",
        verbose_name=_("organisation"),
    )
    side = models.CharField(_("part"), max_length=32, choices=Side.choices)
    contribution = models.TextField(_("bidrar med"), blank=True)

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parter")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="partnership_party_unique_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_side_display()})"


class StageChange(models.Model):
    """Who moved a partnership to which stage, and when."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("samverkan")
    )
    from_stage = models.CharField(_("från"), max_length=32, choices=PartnershipStage.choices, blank=True)
    to_stage = models.CharField(_("till"), max_length=32, choices=PartnershipStage.choices)
    # When it was recorded; `happened_on` is when the change really happened (history entered afterwards).
    changed_at = models.DateTimeField(_("registrerat"), default=timezone.now)
    happened_on = models.DateField(_("datum"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("av"),
    )
    note = models.TextField(_("kommentar"), blank=True)

    class Meta:
        verbose_name = _("stegbyte")
        verbose_name_plural = _("stegbyten")
        ordering = ["happened_on", "changed_at", "id"]
        indexes = [models.Index(fields=["partnership", "happened_on"], name="stagechange_partnership_day")]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_to_stage_display()}"


diarienummer_validator = RegexValidator(
    r"^[A-ZÅÄÖ]{2,6}-\d{4}-\d{1,6}$",
    _("Diarienumret ska ha formen STK-2023-267 (förkortning, år, löpnummer)."),
)


class DecisionReference(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("samverkan")
    )
    diarienummer = models.CharField(_("diarienummer"), max_length=30, validators=[diarienummer_validator])
    decided_by = models.CharField(_("beslutande organ"), max_length=200, blank=True)
    decided_on = models.DateField(_("beslutsdatum"), null=True, blank=True)
    description = models.CharField(_("beslut"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut (diarienummer)")
        ordering = ["decided_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "diarienummer"], name="decision_unique_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.diarienummer


def validate_document_file(file) -> None:
    """Only PDF and Office documents, at most settings.MAX_UPLOAD_SIZE; the extension AND the content must agree."""
    validate_upload(file, extensions=DOCUMENT_TYPES)


def document_upload_to(instance, filename: str) -> str:
    # A random name on disk: the user's file name never becomes a path, and names cannot be guessed.
    extension = PurePath(filename.lower()).suffix
    return f"partnerships/{instance.partnership_id}/{uuid.uuid4().hex}{extension}"


class PartnershipDocument(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="documents", verbose_name=_("samverkan")
    )
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(
        _("fil"), upload_to=document_upload_to, max_length=300, validators=[validate_document_file]
    )
    original_name = models.CharField(_("filnamn"), max_length=255, editable=False)
    content_type = models.CharField(_("innehållstyp"), max_length=120, editable=False)
    size = models.PositiveIntegerField(_("storlek (byte)"), editable=False, default=0)
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")
        ordering = ["-uploaded_at", "id"]

    def __str__(self) -> str:
        return self.title

    def describe_file(self) -> None:
        """Fill the file's name, type and size from the upload (the type from our table, never the browser)."""
        name = PurePath(self.file.name or "").name
        if not self.original_name:
            self.original_name = re.sub(r"[^\w.\- ]", "_", name)[:255] or "dokument"
        self.content_type = DOCUMENT_TYPES[PurePath(name.lower()).suffix][0]
        self.size = self.file.size

    @property
    def download_name(self) -> str:
        return self.original_name or PurePath(self.file.name).name


class SupportKind(models.TextChoices):
    ADVICE = "advice", _("Rådgivning")
    MATCHMAKING = "matchmaking", _("Matchning")
    FUNDING = "funding", _("Hjälp att hitta finansiering")
    PROCESS = "process", _("Processledning")
    OTHER = "other", _("Annat")


class SupportEntry(models.Model):
    """A dated note of what the coordinators did to support a partnership, or an organisation that asked for
    help (with a funding application, say) before there is any partnership."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="support_entries",
        verbose_name=_("samverkan"),
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="support_entries",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("efterfrågat av"),
    )
    date = models.DateField(_("datum"), default=timezone.localdate)
    kind = models.CharField(_("typ av stöd"), max_length=32, choices=SupportKind.choices)
    description = models.TextField(_("beskrivning"))
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samordnare"),
    )

    class Meta:
        verbose_name = _("stödinsats")
        verbose_name_plural = _("stödlogg")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partnership__isnull=False) | Q(organisation__isnull=False),
                name="support_entry_for_partnership_or_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_kind_display()}"
