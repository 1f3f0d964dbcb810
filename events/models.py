from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaboration.choices import choice_label
from collaboration.models import Organisation, Sector


class EventKind(models.TextChoices):
    DIALOGUE_FORUM = "dialogforum", _("Dialogforum")
    IDEA_WORKSHOP = "ideverkstad", _("Idéverkstad")
    MALMO_HOUR = "malmotimmen", _("Malmötimmen")
    LEARNING_LUNCH = "larandelunch", _("Lärandelunch")
    TRAINING = "utbildning", _("Utbildning")
    OTHER = "other", _("Övrigt")


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


# The statuses that hold one of the event's places.
PLACE_HOLDING = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)
# The statuses of someone who is (or was) signed up and has not withdrawn.
ACTIVE = (*PLACE_HOLDING, RegistrationStatus.WAITING)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)

    def visible(self):
        """What the public sees: published and cancelled events (a cancelled one says so), never drafts."""
        return self.exclude(status=EventStatus.DRAFT)

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
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("evenemang")
        verbose_name_plural = _("evenemang")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
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

    def per_sector(self) -> dict[str, int]:
        rows = self.values("organisation__sector").annotate(n=Count("pk")).order_by("organisation__sector")
        return {row["organisation__sector"]: row["n"] for row in rows}


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
    email = models.EmailField(_("e-post"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("organisation")
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
                condition=~Q(status="cancelled"),
                name="registration_unique_active_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event}"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_HOLDING

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


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
    created_at = models.DateTimeField(_("föreslaget"), auto_now_add=True)

    class Meta:
        verbose_name = _("ämne")
        verbose_name_plural = _("ämnen")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


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
