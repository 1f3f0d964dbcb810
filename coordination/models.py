"""The coordinators' own work: needs and offers of organisations and city departments, the matches between
them, and time-limited calls (samordning) around one urgent cause."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from collaboration.models import CivilSocietyCategory, Organisation, Partnership, Sector
from collaboration.shared.access_rules import holds
from events.models import Event, EventKind, Topic
from steering.models import FocusArea


class CallQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def published(self):
        return self.filter(is_published=True)


class Call(models.Model):
    """A time-limited call around one urgent cause (e.g. the help for refugees from Ukraine), collecting offers."""

    title = models.CharField(_("rubrik"), max_length=200)
    cause = models.TextField(_("vad det gäller"))
    opens_on = models.DateField(_("öppnar"), default=timezone.localdate)
    closes_on = models.DateField(_("stänger"))
    is_published = models.BooleanField(_("publicerad"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("samordning")
        verbose_name_plural = _("samordningar")
        ordering = ["-opens_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="call_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:call-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("Samordningen kan inte stänga innan den öppnar.")})

    @property
    def is_open(self) -> bool:
        return self.is_published and self.opens_on <= timezone.localdate() <= self.closes_on


class PostingKind(models.TextChoices):
    NEED = "need", _("Behov")
    OFFER = "offer", _("Erbjudande")


class PostingStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Väntar på granskning")
    PUBLISHED = "published", _("Publicerad")
    DECLINED = "declined", _("Inte publicerad")


def public_postings() -> Q:
    """Reviewed and still current: what anyone may see (the list's filter and `Posting.is_public` alike)."""
    return Q(status=PostingStatus.PUBLISHED) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate())
    )


class PostingQuerySet(models.QuerySet):
    def public(self):
        return self.filter(public_postings())

    def needs(self):
        return self.filter(kind=PostingKind.NEED)

    def offers(self):
        return self.filter(kind=PostingKind.OFFER)


class Posting(models.Model):
    """A need or an offer of an organisation or a city department; public once a coordinator has reviewed it."""

    kind = models.CharField(_("typ"), max_length=16, choices=PostingKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="postings", verbose_name=_("organisation")
    )
    title = models.CharField(_("vad"), max_length=200)
    description = models.TextField(_("beskrivning"))
    for_whom = models.CharField(_("för vem"), max_length=200)
    category = models.CharField(_("kategori"), max_length=32, choices=CivilSocietyCategory.choices)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("fokusområde"),
    )
    place = models.CharField(_("plats"), max_length=200, blank=True)
    valid_until = models.DateField(_("gäller till"), null=True, blank=True)
    call = models.ForeignKey(
        Call,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("samordning"),
    )
    # Where the idea began: a dialogue-forum or idea-workshop topic it grew out of.
    topic = models.ForeignKey(
        Topic,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name=_("från ämnet"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PostingStatus.choices, default=PostingStatus.SUBMITTED
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="postings",
        verbose_name=_("inlagt av"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granskat av"),
    )
    reviewed_at = models.DateTimeField(_("granskat"), null=True, blank=True)
    created_at = models.DateTimeField(_("inlagt"), auto_now_add=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("behov eller erbjudande")
        verbose_name_plural = _("behov och erbjudanden")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "kind"], name="posting_status_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:posting-detail", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        return holds(public_postings(), self)


class Match(models.Model):
    """A coordinator's match of a need with an offer; both parties accept it, and it may grow into a
    partnership."""

    need = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="matches_as_need", verbose_name=_("behov")
    )
    offer = models.ForeignKey(
        Posting, on_delete=models.CASCADE, related_name="matches_as_offer", verbose_name=_("erbjudande")
    )
    note = models.TextField(_("anteckning"))
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("matchat av"),
    )
    created_at = models.DateTimeField(_("matchat"), auto_now_add=True)
    need_accepted_at = models.DateTimeField(_("behovet accepterat"), null=True, blank=True)
    offer_accepted_at = models.DateTimeField(_("erbjudandet accepterat"), null=True, blank=True)
    partnership = models.OneToOneField(
        Partnership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="origin_match",
        verbose_name=_("blev samverkan"),
    )

    class Meta:
        verbose_name = _("matchning")
        verbose_name_plural = _("matchningar")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["need", "offer"], name="match_unique_need_offer"),
        ]

    def __str__(self) -> str:
        return f"{self.need.title} ↔ {self.offer.title}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:match-detail", kwargs={"pk": self.pk})

    @property
    def is_accepted(self) -> bool:
        return self.need_accepted_at is not None and self.offer_accepted_at is not None

    @cached_property
    def trail(self) -> "Match":
        """This match with everything its story shows (the postings, their organisations and topics), in one
        query: the partnership page tells where it began."""
        return Match.objects.select_related(
            "need__organisation",
            "offer__organisation",
            "need__topic__event",
            "need__topic__carried_to",
            "offer__topic__event",
            "offer__topic__carried_to",
        ).get(pk=self.pk)

    @property
    def origin_topic(self) -> Topic | None:
        """The forum or workshop topic the idea began as: the need's, else the offer's."""
        trail = self.trail
        return trail.need.topic or trail.offer.topic


class FundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_on(self, day):
        """Funds that can still be applied for on `day`: a deadline from that day on, or none (open all year)."""
        return self.filter(Q(deadline__isnull=True) | Q(deadline__gte=day))


class Fund(models.Model):
    """A fund or grant organisations can apply to, kept by the coordinators (the plan: "hjälpa till att hitta
    finansiering till projekt")."""

    title = models.CharField(_("namn"), max_length=200)
    funder = models.CharField(_("finansiär"), max_length=200)
    for_whom = models.CharField(_("för vem"), max_length=300)
    description = models.TextField(_("beskrivning"))
    amount_min = models.PositiveIntegerField(_("lägsta belopp (kr)"), null=True, blank=True)
    amount_max = models.PositiveIntegerField(_("högsta belopp (kr)"), null=True, blank=True)
    deadline = models.DateField(
        _("sista ansökningsdag"), null=True, blank=True, help_text=_("Tomt: löpande ansökan.")
    )
    url = models.URLField(_("länk"), blank=True)
    how_to_apply = models.TextField(_("så ansöker man"), blank=True)
    is_published = models.BooleanField(_("publicerad"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = FundQuerySet.as_manager()

    class Meta:
        verbose_name = _("fond eller bidrag")
        verbose_name_plural = _("fonder och bidrag")
        ordering = [models.F("deadline").asc(nulls_last=True), "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_max__gte=models.F("amount_min")),
                name="fund_amount_range",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:fund-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.amount_min is not None and self.amount_max is not None and self.amount_max < self.amount_min:
            raise ValidationError({"amount_max": _("Det högsta beloppet kan inte vara lägre än det lägsta.")})


class FundCategory(models.Model):
    """One of the civil-society categories a fund is for (a fund may be for several)."""

    fund = models.ForeignKey(
        Fund, on_delete=models.CASCADE, related_name="categories", verbose_name=_("fond")
    )
    category = models.CharField(_("kategori"), max_length=32, choices=CivilSocietyCategory.choices)

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")
        constraints = [models.UniqueConstraint(fields=["fund", "category"], name="fund_category_unique")]

    def __str__(self) -> str:
        return self.get_category_display()


class FundingSubscription(models.Model):
    """A person's wish for the monthly e-mail of funding deadlines in the categories they chose."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="funding_subscription",
        verbose_name=_("person"),
    )
    categories = models.JSONField(_("kategorier"), default=list)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_sent_on = models.DateField(_("senast skickad"), null=True, blank=True)

    class Meta:
        verbose_name = _("bevakning av finansiering")
        verbose_name_plural = _("bevakningar av finansiering")

    def __str__(self) -> str:
        return str(self.user)

    def clean(self) -> None:
        if not isinstance(self.categories, list) or not set(self.categories) <= set(
            CivilSocietyCategory.values
        ):
            raise ValidationError({"categories": _("Okänd kategori.")})


class Audience(models.TextChoices):
    ALL = "all", _("Alla representanter")
    SECTOR = "sector", _("Representanter för en sektor")
    CATEGORY = "category", _("Representanter för en kategori")
    ATTENDEES = "attendees", _("De som deltagit i en typ av evenemang")
    WAITING = "waiting", _("Väntelistan till ett evenemang")


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SENDING = "sending", _("Skickas")
    SENT = "sent", _("Skickat")


class Mailing(models.Model):
    """A newsletter or an invitation the coordinators write in the portal and send to a chosen set of people."""

    subject = models.CharField(_("ämnesrad"), max_length=200)
    body = models.TextField(_("text"))
    audience = models.CharField(_("mottagare"), max_length=16, choices=Audience.choices, default=Audience.ALL)
    sector = models.CharField(_("sektor"), max_length=32, choices=Sector.choices, blank=True)
    category = models.CharField(
        _("kategori"), max_length=32, choices=CivilSocietyCategory.choices, blank=True
    )
    event_kind = models.CharField(_("typ av evenemang"), max_length=32, choices=EventKind.choices, blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("evenemang"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MailingStatus.choices, default=MailingStatus.DRAFT
    )
    recipients_count = models.PositiveIntegerField(_("antal mottagare"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("skrivet av"),
    )
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)

    class Meta:
        verbose_name = _("utskick")
        verbose_name_plural = _("utskick")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("coordination:mailing-detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        needed = {
            Audience.SECTOR: ("sector", _("Välj vilken sektor.")),
            Audience.CATEGORY: ("category", _("Välj vilken kategori.")),
            Audience.ATTENDEES: ("event_kind", _("Välj vilken typ av evenemang.")),
            Audience.WAITING: ("event", _("Välj vilket evenemang.")),
        }.get(self.audience)
        if needed and not getattr(self, needed[0] if needed[0] != "event" else "event_id"):
            raise ValidationError({needed[0]: needed[1]})


class MailOptOut(models.Model):
    """An address that asked for no more newsletters, invitations or funding e-mails (the link in each)."""

    email = models.EmailField(_("e-post"), unique=True)
    created_at = models.DateTimeField(_("avregistrerad"), auto_now_add=True)

    class Meta:
        verbose_name = _("avregistrering")
        verbose_name_plural = _("avregistreringar")

    def __str__(self) -> str:
        return self.email
