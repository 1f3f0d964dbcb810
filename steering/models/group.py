"""The steering group: who sits in it (mandates) and when it meets."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from collaboration.models import CivilSocietyCategory, Organisation
from collaboration.shared.choices import choice_label
from collaboration.shared.uploads import validate_upload

# The collaboration plan: three from the city (appointed by KSAU), five from civil society (elected).
REQUIRED_VOTING_SEATS = {"city": 3, "civil_society": 5}


class Side(models.TextChoices):
    CITY = "city", _("Malmö stad")
    CIVIL_SOCIETY = "civil_society", _("Idéburen sektor")


class MandateRole(models.TextChoices):
    MEMBER = "member", _("Ledamot")
    CHAIR = "chair", _("Ordförande")
    CO_OPTED = "co_opted", _("Adjungerad samordnare (utan rösträtt)")


VOTING_ROLES = (MandateRole.MEMBER, MandateRole.CHAIR)


class MandateQuerySet(models.QuerySet):
    def active_on(self, day: dt.date):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def voting(self):
        return self.filter(role__in=VOTING_ROLES)


class Mandate(models.Model):
    """A person's seat in the steering group for a term (two years, staggered)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mandates", verbose_name=_("person")
    )
    side = models.CharField(_("sida"), max_length=16, choices=Side.choices)
    category = models.CharField(
        _("kategori"),
        max_length=32,
        choices=CivilSocietyCategory.choices,
        blank=True,
        help_text=_("För idéburen sektor: den kategori personen representerar."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=16, choices=MandateRole.choices, default=MandateRole.MEMBER)
    appointed_by = models.CharField(
        _("utsedd av"), max_length=200, blank=True, help_text=_("T.ex. KSAU eller valmötet 2023.")
    )
    starts_on = models.DateField(_("från"))
    ends_on = models.DateField(_("till och med"))

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandat")
        ordering = ["side", "-role", "user__last_name"]
        indexes = [models.Index(fields=["starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="mandate_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.side_label}, {self.starts_on}–{self.ends_on})"

    def clean(self) -> None:
        if self.side == Side.CITY and self.category:
            raise ValidationError({"category": _("Kategori anges bara för idéburen sektor.")})

    @property
    def has_vote(self) -> bool:
        return self.role in VOTING_ROLES

    @property
    def side_label(self) -> str:
        return choice_label(Side, self.side)

    @property
    def role_label(self) -> str:
        return choice_label(MandateRole, self.role)

    @property
    def category_label(self) -> str:
        return choice_label(CivilSocietyCategory, self.category)

    def is_active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def composition_on(day: dt.date) -> dict:
    """Voting seats per side on `day` against the rule of 3 city + 5 civil society, with any deviation."""
    counts = dict.fromkeys(REQUIRED_VOTING_SEATS, 0)
    for side in Mandate.objects.active_on(day).voting().values_list("side", flat=True):
        counts[side] += 1
    deviations = [
        {"side": Side(side).label, "required": required, "actual": counts[side]}
        for side, required in REQUIRED_VOTING_SEATS.items()
        if counts[side] != required
    ]
    return {"day": day, "counts": counts, "deviations": deviations, "ok": not deviations}


class MinutesStatus(models.TextChoices):
    NONE = "none", _("Inget protokoll än")
    DRAFT = "draft", _("Utkast")
    APPROVED = "approved", _("Justerat")


def minutes_upload_to(meeting: "Meeting", filename: str) -> str:
    return f"steering/minutes/{meeting.held_at:%Y}/meeting-{meeting.held_at:%Y%m%d%H%M}.pdf"


def validate_pdf(upload) -> None:
    """Minutes are PDF only, checked like every uploaded document (extension, size and content)."""
    validate_upload(upload, extensions={".pdf"})


class MeetingQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            present_count=models.Count("attendees", filter=Q(attendees__role__in=VOTING_ROLES), distinct=True)
        )


class Meeting(models.Model):
    """A meeting of the steering group (sammanträde), four a year."""

    held_at = models.DateTimeField(_("tid"))
    place = models.CharField(_("plats"), max_length=200)
    title = models.CharField(_("rubrik"), max_length=200, default="Styrgruppsmöte")
    agenda = models.TextField(_("dagordning"), blank=True)
    attendees = models.ManyToManyField(
        Mandate, blank=True, related_name="meetings_attended", verbose_name=_("närvarande")
    )
    minutes = models.TextField(_("protokoll"), blank=True)
    minutes_pdf = models.FileField(
        _("protokoll (PDF)"), upload_to=minutes_upload_to, blank=True, validators=[validate_pdf]
    )
    minutes_status = models.CharField(
        _("protokollets status"), max_length=16, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    decisions = models.TextField(_("beslut"), blank=True, help_text=_("Ett beslut per rad."))

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("sammanträde")
        verbose_name_plural = _("sammanträden")
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.title} {self.held_at:%Y-%m-%d}"

    @property
    def minutes_public(self) -> bool:
        return self.minutes_status == MinutesStatus.APPROVED

    @property
    def decision_list(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]

    def quorum(self) -> dict:
        """Whether the meeting may decide, by the group's one quorum rule (`steering.rules.QUORUM`)."""
        from django.utils import timezone

        from ..rules import QUORUM

        day = timezone.localdate(self.held_at)
        voting = Mandate.objects.active_on(day).voting()
        seats = voting.count()
        present = self.attendees.filter(pk__in=voting.values("pk")).count()
        return {
            "seats": seats,
            "present": present,
            "needed": QUORUM.needed(seats),
            "rule": QUORUM.label,
            "quorate": QUORUM.met(present, seats),
        }
