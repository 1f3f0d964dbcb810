import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sector(models.TextChoices):
    CIVIL_SOCIETY = "civil_society", _("Idéburen sektor")
    CITY = "city", _("Malmö stad")
    ACADEMIA = "academia", _("Akademi")
    BUSINESS = "business", _("Näringsliv")
    OTHER_PUBLIC = "other_public", _("Annan offentlig aktör")


class OrganisationKind(models.TextChoices):
    NONPROFIT_ASSOCIATION = "ideell_forening", _("Ideell förening")
    ECONOMIC_ASSOCIATION = "ekonomisk_forening", _("Ekonomisk förening")
    FOUNDATION = "stiftelse", _("Stiftelse")
    RELIGIOUS_COMMUNITY = "trossamfund", _("Trossamfund")
    OTHER_CIVIL_SOCIETY = "annan_ideburen", _("Annan idéburen organisation")
    COMMITTEE = "namnd", _("Nämnd")
    DEPARTMENT = "forvaltning", _("Förvaltning")
    CITY_OFFICE = "stadskontoret", _("Stadskontoret")
    ACADEMIA = "akademi", _("Akademi")
    BUSINESS = "naringsliv", _("Näringsliv")
    OTHER_PUBLIC = "annan_offentlig", _("Annan offentlig aktör")

    @property
    def sector(self) -> str:
        return KIND_SECTOR[self.value]


KIND_SECTOR: dict[str, str] = {
    OrganisationKind.NONPROFIT_ASSOCIATION: Sector.CIVIL_SOCIETY,
    OrganisationKind.ECONOMIC_ASSOCIATION: Sector.CIVIL_SOCIETY,
    OrganisationKind.FOUNDATION: Sector.CIVIL_SOCIETY,
    OrganisationKind.RELIGIOUS_COMMUNITY: Sector.CIVIL_SOCIETY,
    OrganisationKind.OTHER_CIVIL_SOCIETY: Sector.CIVIL_SOCIETY,
    OrganisationKind.COMMITTEE: Sector.CITY,
    OrganisationKind.DEPARTMENT: Sector.CITY,
    OrganisationKind.CITY_OFFICE: Sector.CITY,
    OrganisationKind.ACADEMIA: Sector.ACADEMIA,
    OrganisationKind.BUSINESS: Sector.BUSINESS,
    OrganisationKind.OTHER_PUBLIC: Sector.OTHER_PUBLIC,
}


class CivilSocietyCategory(models.TextChoices):
    SOCIAL_SECURITY = "social_trygghet", _("Social trygghet")
    HEALTH = "halsa", _("Hälsa")
    CULTURE = "kultur", _("Kultur")
    SPORTS = "idrott", _("Idrott")
    EDUCATION = "utbildning", pgettext_lazy("organisation category", "Utbildning")
    OTHER = "annat", _("Annat")


class Umbrella(models.TextChoices):
    MALMO_IDEELLA = "malmo_ideella", "Malmö Ideella"
    MISO = "miso", "MISO"
    HISO = "hiso", "HISO"


ORGANISATION_NUMBER_RE = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check Swedish organisation numbers carry in their last digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_organisation_number(value: str) -> str:
    """'802000-1234', '8020001234' or ' 802000 1234 ' → '802000-1234'; raises ValidationError if invalid."""
    compact = re.sub(r"[\s]", "", value or "")
    match = ORGANISATION_NUMBER_RE.match(compact)
    if not match:
        raise ValidationError(
            _("Organisationsnumret ska ha formen NNNNNN-NNNN (tio siffror)."), code="format"
        )
    digits = match[1] + match[2]
    if not luhn_valid(digits):
        raise ValidationError(
            _("Organisationsnumret %(number)s är inte giltigt: kontrollsiffran stämmer inte."),
            code="checksum",
            params={"number": f"{match[1]}-{match[2]}"},
        )
    return f"{match[1]}-{match[2]}"


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)


# The sectors the public directory lists: the two parties of the agreement.
DIRECTORY_SECTORS = (Sector.CIVIL_SOCIETY, Sector.CITY)


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def civil_society(self):
        return self.filter(sector=Sector.CIVIL_SOCIETY)

    def represented_by(self, user):
        """The organisations the user acts for through a membership: see `represented_by_q`."""
        return self.filter(represented_by_q(user))

    def acted_for_by(self, user):
        """The organisations the user may act for: coordinators any, others those they represent."""
        return self.filter(acted_for_by_q(user))

    def directory(self, *, query: str = "", category: str = "", sector: str = ""):
        """The public directory: active civil-society organisations and the city's committees and departments
        (so officials and politicians can be found as their department), no personal data; `sector` narrows
        it to one of the two."""
        rows = self.active().filter(sector__in=DIRECTORY_SECTORS)
        if sector:
            rows = rows.filter(sector=sector)
        if query:
            rows = rows.filter(name__icontains=query)
        if category:
            rows = rows.filter(category=category)
        return rows.only("id", "name", "kind", "sector", "category", "umbrella", "website").order_by("name")


class Organisation(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("organisationsform"), max_length=32, choices=OrganisationKind.choices)
    # Derived from kind; stored so that statistics can group and filter by it in SQL.
    sector = models.CharField(
        _("sektor"), max_length=32, choices=Sector.choices, editable=False, db_index=True
    )
    category = models.CharField(
        _("kategori"), max_length=32, choices=CivilSocietyCategory.choices, blank=True, db_index=True
    )
    organisation_number = models.CharField(
        _("organisationsnummer"),
        max_length=11,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_organisation_number],
        help_text=_("NNNNNN-NNNN"),
        error_messages={"unique": _("En organisation med detta organisationsnummer finns redan.")},
    )
    umbrella = models.CharField(_("paraplyorganisation"), max_length=32, choices=Umbrella.choices, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    address = models.CharField(_("adress"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.sector = KIND_SECTOR.get(self.kind, "")
        if self.organisation_number:
            # Stored normalised, so the unique constraint also catches '8020001234' vs '802000-1234'.
            try:
                self.organisation_number = normalise_organisation_number(self.organisation_number)
            except ValidationError as error:
                raise ValidationError({"organisation_number": error}) from error
        else:
            self.organisation_number = None
        if self.sector != Sector.CIVIL_SOCIETY:
            self.category = ""

    def is_represented_by(self, user) -> bool:
        """Whether the user acts for this organisation through a membership; the same Q as the QuerySet's."""
        return type(self).objects.filter(pk=self.pk).represented_by(user).exists()

    def is_acted_for_by(self, user) -> bool:
        """Whether the user may act for this organisation (coordinators: any)."""
        return type(self).objects.filter(pk=self.pk).acted_for_by(user).exists()


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Representant")
    CONTACT = "contact", _("Kontaktperson")


class CityRole(models.TextChoices):
    """Who a member of a city committee or department is: the 2021 evaluation asked for more of both, so the
    sector figures tell them apart."""

    POLITICIAN = "politician", _("Förtroendevald politiker")
    OFFICIAL = "official", _("Tjänsteperson")


class MembershipQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)


class Membership(models.Model):
    """A person in an organisation. It counts only once a coordinator or a representative has confirmed it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(
        _("roll"), max_length=32, choices=MembershipRole.choices, default=MembershipRole.REPRESENTATIVE
    )
    city_role = models.CharField(
        _("roll i staden"),
        max_length=16,
        choices=CityRole.choices,
        blank=True,
        help_text=_(
            "För medlemmar i en nämnd eller förvaltning: förtroendevald politiker eller tjänsteperson."
        ),
    )
    requested_at = models.DateTimeField(_("begärd"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bekräftad av"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="membership_unique_user_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"

    def clean(self) -> None:
        if self.city_role and self.organisation_id and self.organisation.sector != Sector.CITY:
            raise ValidationError(
                {"city_role": _("Roll i staden gäller bara medlemmar i en nämnd eller förvaltning.")}
            )

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


# "Acts for an organisation", the one rule (DESIGN.md: an association representative acts only for their own
# organisations): a confirmed *representative* membership of an *active* organisation. A confirmed contact
# (kontaktperson) is listed as the organisation's person to reach and may sign themselves up for events like
# anyone, but does not act for it: no bookings, cancellations, calendar files or links, sign-ups of others,
# confirming members or organisation votes. Services, views, templates and tests all ask through these two.
def represented_by_q(user) -> Q:
    """The Q on Organisation for the organisations the user represents (none for anonymous users)."""
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return Q(pk__in=[])
    return Q(
        is_active=True,
        pk__in=Membership.objects.confirmed()
        .filter(user=user, role=MembershipRole.REPRESENTATIVE)
        .values("organisation_id"),
    )


def acted_for_by_q(user) -> Q:
    """`represented_by_q`, widened to every organisation for coordinators, who act for anyone (lists of
    organisations to choose from add `.active()`)."""
    from ..shared.roles import is_coordinator

    if is_coordinator(user):
        return Q()
    return represented_by_q(user)
