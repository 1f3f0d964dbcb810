import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaboration.models import Organisation, ParticipationLevel, Sector
from collaboration.shared.choices import choice_label


class EventKind(models.TextChoices):
    DIALOGUE_FORUM = "dialogforum", _("Dialogforum")
    IDEA_WORKSHOP = "ideverkstad", _("Idéverkstad")
    MALMO_HOUR = "malmotimmen", _("Malmötimmen")
    LEARNING_LUNCH = "larandelunch", _("Lärandelunch")
    TRAINING = "utbildning", _("Utbildning")
    OTHER = "other", _("Övrigt")

    @classmethod
    def label_in_sentence(cls, value: str) -> str:
        """The kind's name inside a sentence: a common noun in lower case ("dialogforum, utbildning"), but
        Malmötimmen is the series' own name and keeps its capital."""
        label = str(cls(value).label)
        return label if value == cls.MALMO_HOUR else label.lower()


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publicerat")
    CANCELLED = "cancelled", _("Inställt")


class PlaceKind(models.TextChoices):
    NOBEL21 = "nobel21", _("Nobel 21")
    ADDRESS = "address", _("Annan adress")
    ONLINE = "online", _("Digitalt")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Bekräftad")
    WAITING = "waiting", _("Väntelista")
    CANCELLED = "cancelled", _("Avanmäld")
    ATTENDED = "attended", _("Närvarande")
    NO_SHOW = "no_show", _("Uteblev")


class RegistrationSource(models.TextChoices):
    SIGNUP = "signup", _("Anmälan")
    WALK_IN = "walk_in", _("Tillagd på dörrlistan")
    IMPORT = "import", _("Importerad lista")


# The statuses that hold one of the event's places.
PLACE_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)
# The statuses of someone who is (or was) signed up and has not withdrawn.
ACTIVE = (*PLACE_HOLDING, RegistrationStatus.WAITING)


# What the public sees: published and cancelled events (a cancelled one says so), never drafts. The lists use
# it as it is; events.access.event_visibility widens it for coordinators.
VISIBLE_TO_ALL = ~Q(status=EventStatus.DRAFT)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def visible(self):
        return self.filter(VISIBLE_TO_ALL)

    def upcoming(self, now=None):
        return self.visible().filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        return self.visible().filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def in_year(self, year: int):
        return self.filter(starts_at__year=year)

    def with_places_taken(self):
        return self.annotate(
            places_taken=Count("registrations", filter=Q(registrations__status__in=PLACE_HOLDING)),
            waiting_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        )

    def with_report_counts(self):
        """Per event: confirmed (holding a place), attended, no-shows, distinct organisations."""
        return self.annotate(
            confirmed_count=Count("registrations", filter=Q(registrations__status__in=PLACE_HOLDING)),
            attended_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)
            ),
            no_show_count=Count("registrations", filter=Q(registrations__status=RegistrationStatus.NO_SHOW)),
            organisation_count=Count(
                "registrations__organisation",
                filter=Q(registrations__status__in=PLACE_HOLDING),
                distinct=True,
            ),
        )

    def with_participation(self):
        """Annotate what Event.participation() and Event.evaluation_summary() read, for any number of events.

        One query for the events (registrations and their one-to-one evaluations are the only multi-valued
        join, so the counts do not multiply), plus one prefetch for the paper evaluations; the head count
        comes along through select_related.
        """
        attended = Q(registrations__status=RegistrationStatus.ATTENDED)
        holding = Q(registrations__status__in=PLACE_HOLDING)
        annotations = {
            "p_attended": Count("registrations", filter=attended),
            "p_no_show": Count("registrations", filter=Q(registrations__status=RegistrationStatus.NO_SHOW)),
            "p_holding": Count("registrations", filter=holding),
        }
        for status_key, condition in (("attended", attended), ("holding", holding)):
            annotations[f"p_{status_key}_orgs"] = Count(
                "registrations__organisation", filter=condition, distinct=True
            )
            annotations[f"p_{status_key}_names"] = Count(
                Lower("registrations__organisation_name"),
                filter=condition
                & Q(registrations__organisation__isnull=True)
                & ~Q(registrations__organisation_name=""),
                distinct=True,
            )
            for sector in Sector.values:
                annotations[f"p_{status_key}_{sector}"] = Count(
                    "registrations",
                    filter=condition
                    & (
                        Q(registrations__organisation__sector=sector)
                        | Q(registrations__organisation__isnull=True, registrations__sector=sector)
                    ),
                )
        for score in range(1, 6):
            annotations[f"e_portal_{score}"] = Count(
                "registrations__evaluation", filter=Q(registrations__evaluation__rating=score)
            )
        return self.annotate(**annotations).select_related("head_count").prefetch_related("paper_evaluations")


# The longest reminder period an event may ask for; the reminder task looks this far ahead.
REMINDER_DAYS_BEFORE_MAX = 30


class Event(models.Model):
    """Something Malmöandan arranges that people sign up for."""

    kind = models.CharField(_("typ"), max_length=32, choices=EventKind.choices)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    starts_at = models.DateTimeField(_("börjar"), db_index=True)
    ends_at = models.DateTimeField(_("slutar"))
    place_kind = models.CharField(_("plats"), max_length=16, choices=PlaceKind.choices)
    room = models.ForeignKey(
        "collaboration.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("lokal på Nobel 21"),
    )
    booking = models.OneToOneField(
        "collaboration.Booking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="event",
        verbose_name=_("lokalbokning"),
    )
    address = models.CharField(_("adress"), max_length=200, blank=True)
    online_link = models.URLField(
        _("länk till mötet"), blank=True, help_text=_("Skickas bara till bekräftade deltagare.")
    )
    capacity = models.PositiveIntegerField(_("antal platser"), validators=[MinValueValidator(1)])
    selection_by_coordinators = models.BooleanField(
        _("samordnarna väljer ut deltagare"),
        default=False,
        help_text=_(
            "Alla anmälningar hamnar först på väntelistan (ansökan); samordnarna flyttar in de valda."
        ),
    )
    signup_opens_at = models.DateTimeField(_("anmälan öppnar"), null=True, blank=True)
    signup_closes_at = models.DateTimeField(_("sista anmälningsdag"), null=True, blank=True)
    focus_area = models.ForeignKey(
        "steering.FocusArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("fokusområde"),
    )
    organisers = models.ManyToManyField(
        Organisation, blank=True, related_name="organised_events", verbose_name=_("arrangörer")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    documentation = models.TextField(_("dokumentation"), blank=True)
    documentation_url = models.URLField(_("länk till dokumentation"), blank=True)
    # The plan's participation matrix; blank until a coordinator records it (the report counts it apart).
    level = models.CharField(
        _("nivå i delaktighetsmatrisen"), max_length=32, choices=ParticipationLevel.choices, blank=True
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    # The calendar files' SEQUENCE: grows by one with each change participants are told of (time, place,
    # link, cancelled), so a calendar program replaces the copy it imported (events.services.changes).
    sequence = models.PositiveIntegerField(_("ändringar i kalenderfilen"), default=0, editable=False)
    changed_at = models.DateTimeField(
        _("senast ändrad för deltagarna"), null=True, blank=True, editable=False
    )
    reminder_enabled = models.BooleanField(_("skicka påminnelse"), default=True)
    reminder_days_before = models.PositiveSmallIntegerField(
        _("påminnelse antal dagar före"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(REMINDER_DAYS_BEFORE_MAX)],
        help_text=_("1 = dagen före."),
    )
    reminder_text = models.TextField(
        _("egen text i påminnelsen"), blank=True, help_text=_("Står först i påminnelsen, före tid och plats.")
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("evenemang")
        verbose_name_plural = _("evenemang")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(reminder_days_before__gte=1, reminder_days_before__lte=REMINDER_DAYS_BEFORE_MAX),
                name="event_reminder_1_to_30_days_before",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Evenemanget måste sluta efter att det börjar.")
        if self.place_kind == PlaceKind.NOBEL21 and not self.room_id:
            errors["room"] = _("Välj en lokal på Nobel 21.")
        if self.place_kind == PlaceKind.ADDRESS and not self.address:
            errors["address"] = _("Ange adressen.")
        if self.place_kind == PlaceKind.ONLINE and not self.online_link:
            errors["online_link"] = _("Ange länken till det digitala mötet.")
        if self.signup_opens_at and self.signup_closes_at and self.signup_closes_at <= self.signup_opens_at:
            errors["signup_closes_at"] = _("Anmälan måste stänga efter att den öppnar.")
        if errors:
            raise ValidationError(errors)

    @property
    def kind_label(self):
        """get_kind_display() without rebuilding (and translating) the whole choices dict on each call."""
        return choice_label(EventKind, self.kind)

    @property
    def place_kind_label(self):
        return choice_label(PlaceKind, self.place_kind)

    @property
    def is_online(self) -> bool:
        return self.place_kind == PlaceKind.ONLINE

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    def has_started(self, now=None) -> bool:
        """The one time rule after the start: the door list's marking and the evaluation open then."""
        return self.starts_at <= (now or timezone.now())

    @property
    def room_unconfirmed(self) -> bool:
        """Held at Nobel 21 in a room whose booking still waits for approval."""
        from collaboration.models import BookingStatus

        return bool(
            self.place_kind == PlaceKind.NOBEL21
            and self.booking_id
            and self.booking.status == BookingStatus.PENDING
        )

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def place_label(self) -> str:
        if self.place_kind == PlaceKind.NOBEL21:
            return f"Nobel 21, Nobelvägen 21 – {self.room}" if self.room_id else "Nobel 21, Nobelvägen 21"
        if self.place_kind == PlaceKind.ADDRESS:
            return self.address
        return str(_("Digitalt (länken skickas till bekräftade deltagare)"))

    def signup_refusal(self, now=None) -> str | None:
        """Why nobody can sign up right now, or None when sign-up is open."""
        now = now or timezone.now()
        if self.status == EventStatus.CANCELLED:
            return str(_("Evenemanget är inställt."))
        if self.status != EventStatus.PUBLISHED:
            return str(_("Evenemanget är inte publicerat."))
        if self.starts_at <= now:
            return str(_("Evenemanget har redan börjat eller är över."))
        if self.signup_opens_at and now < self.signup_opens_at:
            return str(_("Anmälan har inte öppnat än."))
        if self.signup_closes_at and now >= self.signup_closes_at:
            return str(_("Anmälan är stängd."))
        return None

    @property
    def remaining_places(self) -> int | None:
        """Places left, when the queryset annotated places_taken (with_places_taken)."""
        taken = getattr(self, "places_taken", None)
        return None if taken is None else self.places_left(taken)

    def places_left(self, places_taken: int) -> int:
        return max(self.capacity - places_taken, 0)

    def _with_participation(self) -> "Event":
        if hasattr(self, "p_attended"):
            return self
        return Event.objects.with_participation().get(pk=self.pk)

    def participation(self) -> dict:
        """Who took part: {"total", "sectors" {sector: n}, "organisations", "source"}.

        source "records": individual registrations (sign-ups, walk-ins and imported lists), counted as those
        who attended when attendance was taken and otherwise those holding a place; "head_count": the
        coordinator's count, used only where no individual record exists; None: nothing recorded (total and
        organisations None, never 0). The two are never added together. Use
        Event.objects.with_participation() for many events; on a plain instance this runs two queries.
        """
        event = self._with_participation()
        key = "attended" if (event.p_attended or event.p_no_show) else "holding"
        total = getattr(event, f"p_{key}")
        if total:
            sectors = {
                s: getattr(event, f"p_{key}_{s}") for s in Sector.values if getattr(event, f"p_{key}_{s}")
            }
            organisations = getattr(event, f"p_{key}_orgs") + getattr(event, f"p_{key}_names")
            return {"total": total, "sectors": sectors, "organisations": organisations, "source": "records"}
        head_count = getattr(event, "head_count", None)
        if head_count is not None:
            return {
                "total": head_count.total,
                "sectors": head_count.sectors(),
                "organisations": head_count.organisations,
                "source": "head_count",
            }
        return {"total": None, "sectors": {}, "organisations": None, "source": None}

    def evaluation_summary(self) -> dict:
        """The answers given through the portal's link plus those entered as counts (paper, other tools):
        {"average": float | None, "n": int, "per_score": {1..5: n}, "paper_n": int, "comments": [str]}.
        """
        event = self._with_participation()
        per_score = {score: getattr(event, f"e_portal_{score}") for score in range(1, 6)}
        paper_n = 0
        comments = []
        for paper in event.paper_evaluations.all():
            for score, count in paper.per_score().items():
                per_score[score] += count
                paper_n += count
            if paper.comments:
                comments.append(paper.comments)
        n = sum(per_score.values())
        average = round(sum(score * count for score, count in per_score.items()) / n, 2) if n else None
        return {"average": average, "n": n, "per_score": per_score, "paper_n": paper_n, "comments": comments}


class Session(models.Model):
    """One meeting of an event that meets more than once (a training)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("rubrik"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    place = models.CharField(_("plats"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("träff")
        verbose_name_plural = _("träffar")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title or self.event.title} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class Presenter(models.Model):
    """Who presents at an event; Malmö hours alternate a city and a civil-society presenter."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="presenters")
    name = models.CharField(_("namn"), max_length=200)
    role_title = models.CharField(_("titel"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sektor"), max_length=32, choices=Sector.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("medverkande")
        verbose_name_plural = _("medverkande")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.role_title, self.organisation_name) if part)


class RegistrationQuerySet(models.QuerySet):
    def holding_place(self):
        return self.filter(status__in=PLACE_HOLDING)

    def active(self):
        return self.filter(status__in=ACTIVE)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("position")

    def with_sector(self):
        """`the_sector`: the organisation's sector, or the one recorded for a person without an organisation
        (a walk-in or an imported row); the one rule for "which sector did this person come from"."""
        return self.annotate(the_sector=Coalesce("organisation__sector", "sector"))

    def per_sector(self) -> dict[str, int]:
        rows = self.with_sector().values("the_sector").annotate(n=Count("pk")).order_by("the_sector")
        return {row["the_sector"]: row["n"] for row in rows}


class Registration(models.Model):
    """A person on an event: a user, or a colleague signed up by name and e-mail, always for an organisation."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("konto"),
    )
    name = models.CharField(_("namn"), max_length=200)
    # Blank only for walk-ins and imported rows: a sign-up always gives an address.
    email = models.EmailField(_("e-post"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organisation"),
    )
    # For someone whose organisation is not in the register (a walk-in, an imported row): the name as given
    # and the sector, so the sector and organisation counts still hold.
    organisation_name = models.CharField(_("organisation (fritext)"), max_length=200, blank=True)
    sector = models.CharField(_("sektor"), max_length=32, choices=Sector.choices, blank=True)
    source = models.CharField(
        _("källa"), max_length=16, choices=RegistrationSource.choices, default=RegistrationSource.SIGNUP
    )
    import_batch = models.ForeignKey(
        "ImportBatch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("import"),
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices, db_index=True)
    # Arrival order within the event, assigned under the event's lock: the waiting list is served in it.
    position = models.PositiveIntegerField(_("ankomstordning"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("anmäld av"),
    )
    created_at = models.DateTimeField(_("anmäld"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status ändrad"), default=timezone.now)
    reminder_sent_at = models.DateTimeField(_("påminnelse skickad"), null=True, blank=True)
    evaluation_sent_at = models.DateTimeField(_("utvärdering skickad"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="registration_unique_position"),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_unique_active_email",
            ),
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | ~Q(sector=""),
                name="registration_organisation_or_sector",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def organisation_label(self) -> str:
        if self.organisation_id:
            return self.organisation.name
        return self.organisation_name or choice_label(Sector, self.sector)

    @property
    def sector_label(self) -> str:
        return choice_label(Sector, self.organisation.sector if self.organisation_id else self.sector)

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_HOLDING

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Fritext")
    CHOICE = "choice", _("Val bland alternativ")


class RegistrationQuestion(models.Model):
    """A question the event asks at sign-up (diet, accessibility needs, role): free text or a choice."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("fråga"), max_length=200)
    kind = models.CharField(
        _("svarstyp"), max_length=16, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    options = models.TextField(_("alternativ"), blank=True, help_text=_("Ett alternativ per rad (vid val)."))
    required = models.BooleanField(_("måste besvaras"), default=False)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("fråga vid anmälan")
        verbose_name_plural = _("frågor vid anmälan")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE and len(self.option_list) < 2:
            raise ValidationError({"options": _("Ange minst två alternativ, ett per rad.")})


class RegistrationAnswer(models.Model):
    """A participant's answer to one of the event's questions: personal data, erased with the person."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="answers", verbose_name=_("anmälan")
    )
    question = models.ForeignKey(
        RegistrationQuestion, on_delete=models.CASCADE, related_name="answers", verbose_name=_("fråga")
    )
    answer = models.TextField(_("svar"), blank=True)

    class Meta:
        verbose_name = _("svar vid anmälan")
        verbose_name_plural = _("svar vid anmälan")
        ordering = ["question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.answer}"


class Topic(models.Model):
    """An open-space topic proposed before or during a dialogue forum, with its documented result."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("ämne"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("föreslaget av"),
    )
    participants = models.ManyToManyField(
        Registration, blank=True, related_name="topics", verbose_name=_("deltagare")
    )
    result = models.TextField(_("resultat"), blank=True)
    # From idea to collaboration: a forum's topic carried on to a following idea workshop.
    carried_to = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_topics",
        limit_choices_to={"kind": EventKind.IDEA_WORKSHOP},
        verbose_name=_("fördes vidare till"),
    )
    created_at = models.DateTimeField(_("föreslaget"), auto_now_add=True)

    class Meta:
        verbose_name = _("ämne")
        verbose_name_plural = _("ämnen")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.carried_to_id and self.event_id:
            later = self.carried_to
            if later.kind != EventKind.IDEA_WORKSHOP or later.starts_at <= self.event.starts_at:
                raise ValidationError(
                    {"carried_to": _("Ett ämne förs vidare till en idéverkstad efter evenemanget.")}
                )


class Evaluation(models.Model):
    """The after-event survey: did it meet your expectations (1–5), and a comment. One per participant."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("anmälan")
    )
    rating = models.PositiveSmallIntegerField(
        _("motsvarade det dina förväntningar? (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("kommentar"), blank=True)
    created_at = models.DateTimeField(_("besvarad"), auto_now_add=True)

    class Meta:
        verbose_name = _("utvärdering")
        verbose_name_plural = _("utvärderingar")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_to_5")
        ]

    def __str__(self) -> str:
        return f"{self.registration}: {self.rating}"


class ImportBatch(models.Model):
    """One imported participant list: the registrations it created link here, so undo deletes them all."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="import_batches")
    filename = models.CharField(_("fil"), max_length=200)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("importerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("import av deltagarlista")
        verbose_name_plural = _("importer av deltagarlistor")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.filename} – {self.event}"


class HeadCount(models.Model):
    """The coordinator's count of who came, for an event without a list of individuals."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="head_count")
    # None where the source gives only who came, not how many ("personer från fem olika organisationer").
    total = models.PositiveIntegerField(
        _("deltagare totalt"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    organisations = models.PositiveIntegerField(_("antal olika organisationer"), null=True, blank=True)
    civil_society = models.PositiveIntegerField(_("idéburen sektor"), null=True, blank=True)
    city = models.PositiveIntegerField(_("Malmö stad"), null=True, blank=True)
    academia = models.PositiveIntegerField(_("akademi"), null=True, blank=True)
    business = models.PositiveIntegerField(_("näringsliv"), null=True, blank=True)
    other_public = models.PositiveIntegerField(_("annan offentlig aktör"), null=True, blank=True)
    note = models.CharField(_("källa eller kommentar"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("registrerad"), auto_now=True)

    class Meta:
        verbose_name = _("antal deltagare")
        verbose_name_plural = _("antal deltagare")

    def __str__(self) -> str:
        return f"{self.event}: {self.total}"

    def sectors(self) -> dict[str, int]:
        return {sector: getattr(self, sector) for sector in Sector.values if getattr(self, sector)}

    def clean(self) -> None:
        errors = {}
        if self.total is None and self.organisations is None:
            errors["total"] = _("Ange antalet deltagare eller antalet organisationer.")
        if self.total and sum(self.sectors().values()) > self.total:
            errors["total"] = _("Deltagarna per sektor är fler än deltagarna totalt.")
        if self.total and self.organisations and self.organisations > self.total:
            errors["organisations"] = _("Fler organisationer än deltagare.")
        if errors:
            raise ValidationError(errors)


class PaperEvaluation(models.Model):
    """Evaluation answers collected on paper or in another tool, entered as the number of answers per score."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="paper_evaluations")
    source = models.CharField(_("insamlat via"), max_length=100, default="papper")
    score_1 = models.PositiveIntegerField(_("antal svar 1"), default=0)
    score_2 = models.PositiveIntegerField(_("antal svar 2"), default=0)
    score_3 = models.PositiveIntegerField(_("antal svar 3"), default=0)
    score_4 = models.PositiveIntegerField(_("antal svar 4"), default=0)
    score_5 = models.PositiveIntegerField(_("antal svar 5"), default=0)
    comments = models.TextField(_("kommentarer"), blank=True)
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("utvärdering på papper")
        verbose_name_plural = _("utvärderingar på papper")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.event}: {self.source}"

    def per_score(self) -> dict[int, int]:
        return {score: getattr(self, f"score_{score}") for score in range(1, 6)}

    def clean(self) -> None:
        if not sum(self.per_score().values()):
            raise ValidationError(_("Ange antalet svar för minst ett betyg."))


class PersonalCalendarToken(models.Model):
    """The secret in the URL of a person's own calendar feed (their sign-ups and their organisations'
    bookings), as the organisations' booking feeds have; renewing it kills the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_token",
        verbose_name=_("konto"),
    )
    token = models.CharField(_("hemlig nyckel"), max_length=64, unique=True)
    renewed_at = models.DateTimeField(_("förnyad"), auto_now=True)

    class Meta:
        verbose_name = _("personlig kalendernyckel")
        verbose_name_plural = _("personliga kalendernycklar")

    def __str__(self) -> str:
        return str(self.user)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
