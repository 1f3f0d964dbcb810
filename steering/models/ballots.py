"""Ballots: the yearly vote on the focus area and the election meeting (valmöte), and their audit trail.

Secret ballots follow Helios: a receipt (ballot, elector) is unique in the database and says that someone
voted; the choice is stored apart (random key, no timestamp, no link) so nobody can tell who chose what.
To change a secret vote the voter proves they hold the choice's receipt code (Helios' ballot tracker): the
code is given to the voter only, and the choice keeps nothing but its SHA-256 hash.
"""

import uuid

from django.conf import settings
from django.db import IntegrityError, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaboration.models import CivilSocietyCategory, Organisation
from collaboration.shared.choices import choice_label

from .focus import FocusArea, Proposal
from .group import Meeting


class BallotKind(models.TextChoices):
    FOCUS_AREA = "focus_area", _("Fokusområde")
    ELECTION = "election", _("Valmöte (idéburen sektor)")


class BallotStatus(models.TextChoices):
    DRAFT = "draft", _("Förbereds")
    SCHEDULED = "scheduled", _("Öppnar vid satt tid")
    OPEN = "open", _("Öppen")
    CLOSED = "closed", _("Stängd")


class BallotOutcome(models.TextChoices):
    PENDING = "pending", _("Inte avgjord")
    AWAITING_CONFIRMATION = "awaiting", _("Väntar på mötets beslut")
    DECIDED = "decided", _("Beslutad")
    NO_DECISION = "no_decision", _("Inget beslut")


# What members see: everything but focus-area ballots still being prepared (an election in preparation takes
# nominations). steering.access.ballot_visibility widens it for coordinators.
VISIBLE_TO_MEMBERS = ~Q(status=BallotStatus.DRAFT, kind=BallotKind.FOCUS_AREA)


class BallotQuerySet(models.QuerySet):
    def due_to_open(self, now=None):
        return self.filter(status=BallotStatus.SCHEDULED, opens_at__lte=now or timezone.now())

    def due_to_close(self, now=None):
        return self.filter(status=BallotStatus.OPEN, closes_at__lte=now or timezone.now())

    def visible(self):
        return self.filter(VISIBLE_TO_MEMBERS)


class Ballot(models.Model):
    kind = models.CharField(
        _("typ"), max_length=16, choices=BallotKind.choices, default=BallotKind.FOCUS_AREA
    )
    title = models.CharField(_("rubrik"), max_length=200)
    year = models.PositiveSmallIntegerField(_("gäller år"))
    description = models.TextField(_("beskrivning"), blank=True)
    is_secret = models.BooleanField(
        _("sluten omröstning"), default=False, help_text=_("Vem som röstat vad sparas inte.")
    )
    seats = models.PositiveSmallIntegerField(
        _("antal att välja"), default=1, help_text=_("Fokusområde: 1. Valmöte: antal platser.")
    )
    term_starts_on = models.DateField(_("mandatperiod från"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("möte"),
    )
    opens_at = models.DateTimeField(_("öppnar"))
    closes_at = models.DateTimeField(_("stänger"))
    status = models.CharField(
        _("status"), max_length=16, choices=BallotStatus.choices, default=BallotStatus.DRAFT
    )
    reminder_sent_at = models.DateTimeField(_("påminnelse skickad"), null=True, blank=True, editable=False)
    is_tied = models.BooleanField(_("lika röstetal"), default=False, editable=False)
    chair_decision = models.ManyToManyField(
        "BallotOption", blank=True, related_name="+", verbose_name=_("mötets beslut vid lika röstetal")
    )
    chair_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    election_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("valmötets ordförande"),
        help_text=_(
            "Valmöte: den som leder valmötet och drar lott vid lika röstetal (inte styrgruppens ordförande)."
        ),
    )
    nominating_committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="nominating_committees",
        verbose_name=_("valberedning"),
        help_text=_(
            "Valmöte: valberedningens ledamöter, som ser nomineringarna och lämnar förslag per plats."
        ),
    )
    category_deviation = models.TextField(_("avvikelse från kategoriregeln"), blank=True, editable=False)
    decided_at = models.DateTimeField(_("beslut registrerat"), null=True, blank=True, editable=False)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ballots",
        editable=False,
        verbose_name=_("beslutat fokusområde"),
    )

    outcome = models.CharField(
        _("utfall"),
        max_length=16,
        choices=BallotOutcome.choices,
        default=BallotOutcome.PENDING,
        editable=False,
    )
    no_decision_reason = models.TextField(
        _("skäl till att inget beslut fattades"), blank=True, editable=False
    )
    focus_end_year = models.PositiveSmallIntegerField(
        _("fokusområdet gäller till och med år"),
        null=True,
        blank=True,
        help_text=_("Lämna tomt om fokusområdet gäller ett år."),
    )

    objects = BallotQuerySet.as_manager()

    class Meta:
        verbose_name = _("omröstning")
        verbose_name_plural = _("omröstningar")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="ballot_closes_after_open"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def accepts_votes(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == BallotStatus.OPEN and self.opens_at <= now < self.closes_at

    @property
    def is_closed(self) -> bool:
        return self.status == BallotStatus.CLOSED

    @property
    def kind_label(self) -> str:
        return choice_label(BallotKind, self.kind)

    @property
    def status_label(self) -> str:
        return choice_label(BallotStatus, self.status)

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    @property
    def outcome_label(self) -> str:
        return choice_label(BallotOutcome, self.outcome)


class BallotOption(models.Model):
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="options", verbose_name=_("omröstning")
    )
    label = models.CharField(_("alternativ"), max_length=200)
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("förslag")
    )
    nomination = models.ForeignKey(
        "Nomination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kandidat"),
    )
    is_abstain = models.BooleanField(_("avstår"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("alternativ")
        verbose_name_plural = _("alternativ")
        ordering = ["is_abstain", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot"], condition=Q(is_abstain=True), name="ballot_one_abstain_option"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Nomination(models.Model):
    """A candidate for a civil-society seat, nominated by an organisation to an election meeting."""

    ballot = models.ForeignKey(
        Ballot,
        on_delete=models.CASCADE,
        related_name="nominations",
        limit_choices_to={"kind": BallotKind.ELECTION},
        verbose_name=_("valmöte"),
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("kandidat"),
    )
    nominated_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("nominerad av")
    )
    category = models.CharField(_("kategori"), max_length=32, choices=CivilSocietyCategory.choices)
    presentation = models.TextField(_("presentation"), blank=True)
    recommended = models.BooleanField(_("förordas av valberedningen"), default=False)
    recommended_for_seat = models.PositiveSmallIntegerField(
        _("valberedningens förslag till plats"), null=True, blank=True, editable=False
    )
    committee_statement = models.TextField(_("valberedningens motivering"), blank=True)

    class Meta:
        verbose_name = _("nominering")
        verbose_name_plural = _("nomineringar")
        ordering = ["-recommended", "candidate__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "candidate"], name="nomination_unique_candidate"),
            models.UniqueConstraint(
                fields=["ballot", "recommended_for_seat"], name="nomination_one_recommendation_per_seat"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} ({self.nominated_by})"

    @property
    def category_label(self) -> str:
        return choice_label(CivilSocietyCategory, self.category)


class Elector(models.Model):
    """One entry of a ballot's electorate, frozen when it opens: a voting member, or a member organisation."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="electors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="electorships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="electorships"
    )

    class Meta:
        verbose_name = _("röstberättigad")
        verbose_name_plural = _("röstlängd")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "user"], name="elector_unique_user"),
            models.UniqueConstraint(fields=["ballot", "organisation"], name="elector_unique_organisation"),
            models.CheckConstraint(
                condition=Q(user__isnull=True) ^ Q(organisation__isnull=True),
                name="elector_user_xor_organisation",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user or self.organisation)


class Vote(models.Model):
    """One elector's vote (the receipt). In an open ballot it holds the choice; in a secret one it holds it
    sealed until closing and nothing after."""

    # Set by the vote service on a new secret vote: the code the voter keeps to change it (never stored).
    receipt_code: str | None = None

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="votes")
    elector = models.OneToOneField(Elector, on_delete=models.CASCADE, related_name="vote")
    option = models.ForeignKey(
        BallotOption, on_delete=models.PROTECT, null=True, blank=True, related_name="votes"
    )
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An election's vote marks up to as many candidates as there are seats (open ballots; a secret one keeps
    # them sealed). `option` is the first of them, or a focus-area ballot's one choice.
    marks = models.ManyToManyField(BallotOption, blank=True, related_name="marked_in")
    cast_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    times_changed = models.PositiveSmallIntegerField(default=0)
    # A secret ballot's choice while it is open: encrypted with a key that is not in the database, and
    # emptied at closing, when the choices are written as one shuffled batch of unlinked rows.
    sealed_choice = models.TextField(blank=True, editable=False)
    # SHA-256 of the receipt code (its own salt), to check a change; emptied at closing too.
    receipt_check = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("röst")
        verbose_name_plural = _("röster")
        constraints = [models.UniqueConstraint(fields=["ballot", "elector"], name="vote_one_per_elector")]

    def __str__(self) -> str:
        return f"{self.ballot}: {self.elector}"


class SecretChoice(models.Model):
    """A counted choice in a secret ballot, written at closing in one shuffled batch: no voter, no timestamp,
    a random key, and the same transaction and statement for every row, so nothing orders or joins them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="secret_choices")
    option = models.ForeignKey(BallotOption, on_delete=models.PROTECT, related_name="secret_choices")
    # SHA-256 of the voter's receipt code: finds the choice again for its holder, and for nobody else.
    receipt_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)

    class Meta:
        verbose_name = _("valsedel")
        verbose_name_plural = _("valsedlar")

    def __str__(self) -> str:
        return str(self.pk)


class AuditAction(models.TextChoices):
    OPENED = "opened", _("Öppnad")
    SCHEDULED = "scheduled", _("Schemalagd")
    CLOSED = "closed", _("Stängd")
    VOTE_CAST = "vote_cast", _("Röst lagd")
    VOTE_CHANGED = "vote_changed", _("Röst ändrad")
    REMINDER_SENT = "reminder_sent", _("Påminnelse skickad")
    DECIDED = "decided", _("Beslut registrerat")
    TIE = "tie", _("Lika röstetal")
    CHAIR_DECISION = "chair_decision", _("Mötets beslut vid lika röstetal")
    LOT_DRAWN = "lot_drawn", _("Lottdragning vid valmötet")
    COMMITTEE_RECOMMENDATION = "committee_recommendation", _("Valberedningens förslag")
    SHORTLISTED = "shortlisted", _("Förslag till omröstning")
    SHORTLIST_DECIDED = "shortlist_decided", _("Styrgruppens urval av förslag")
    RECOMMENDED = "recommended", _("Samordnarnas rekommendation")
    AWAITING_CONFIRMATION = "awaiting", _("Resultat väntar på mötets beslut")
    NO_DECISION = "no_decision", _("Inget beslut")
    MANDATE_CREATED = "mandate_created", _("Mandat skapat")
    MANDATE_ENDED = "mandate_ended", _("Mandat avslutat")


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # Only detaching an erased person (actor, mandate) is allowed, as the database trigger allows it.
        if set(kwargs) - {"actor", "mandate"} or any(value is not None for value in kwargs.values()):
            raise AuditTrailError("steering_auditevent is append-only")
        return super().update(**kwargs)

    def delete(self):
        raise AuditTrailError("steering_auditevent is append-only")


class AuditTrailError(IntegrityError):
    """An attempt to change or delete an entry of the append-only audit trail."""


class AuditEvent(models.Model):
    """Append-only: written by services, read by coordinators in the admin, changed by nobody.

    The database refuses it too: on PostgreSQL changes and deletes (migrations 0003, 0004, 0007), on SQLite
    changes (0007, 0011). The model and its QuerySet refuse first, with a clearer error, deletes included.
    """

    at = models.DateTimeField(_("tid"), default=timezone.now, db_index=True)
    action = models.CharField(_("händelse"), max_length=32, choices=AuditAction.choices)
    ballot = models.ForeignKey(
        Ballot,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("omröstning"),
    )
    # Votes are logged without the voter, so the trail cannot undo a secret ballot. People are only ever
    # referenced by key (actor, mandate), never named in `detail`: erasing an account leaves no trace here.
    mandate = models.ForeignKey(
        "Mandate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("mandat"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utförd av"),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("sammanträde"),
    )
    detail = models.TextField(_("detaljer"), blank=True)
    votes_total = models.PositiveIntegerField(_("antal röster"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("logghändelse")
        verbose_name_plural = _("logg (styrgrupp och omröstningar)")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditTrailError("steering_auditevent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditTrailError("steering_auditevent is append-only")
