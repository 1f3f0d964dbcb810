import datetime as dt
import secrets

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


class PostgresOnlyExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that exists on PostgreSQL and is silently absent elsewhere.

    The embedded default runs on SQLite, which has no exclusion constraints; there the booking service
    serialises check-then-insert with the write lock taken at BEGIN (transaction_mode=IMMEDIATE).
    Validation is left to the service, which explains conflicts with the nearest free times.
    """

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().constraint_sql(model, schema_editor)

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().create_sql(model, schema_editor)

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return None
        return super().remove_sql(model, schema_editor)

    def validate(self, model, instance, exclude=None, using=None):
        return


class RoomKind(models.TextChoices):
    CONFERENCE = "conference", _("Konferensrum")
    OFFICE = "office", _("Kontor")
    STUDIO = "studio", _("Studio för digitala möten")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("måndag")
    TUESDAY = 1, _("tisdag")
    WEDNESDAY = 2, _("onsdag")
    THURSDAY = 3, _("torsdag")
    FRIDAY = 4, _("fredag")
    SATURDAY = 5, _("lördag")
    SUNDAY = 6, _("söndag")


# Used for a room that has no opening hours recorded yet, so a new room is bookable at sensible times.
DEFAULT_OPENING_HOURS = {day: (dt.time(8), dt.time(22)) for day in range(7)}


class RoomQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_hours(self):
        return self.prefetch_related("opening_hours")


class Room(models.Model):
    """A room at the association centre Nobel 21 (Nobelvägen 21)."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=32, choices=RoomKind.choices, default=RoomKind.CONFERENCE)
    capacity = models.PositiveIntegerField(_("antal platser"))
    equipment = models.TextField(_("utrustning"), blank=True, help_text=_("En sak per rad."))
    description = models.TextField(_("beskrivning"), blank=True)
    requires_approval = models.BooleanField(_("kräver godkännande av samordnare"), default=False)
    is_active = models.BooleanField(_("bokningsbar"), default=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("lokal")
        verbose_name_plural = _("lokaler")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def equipment_list(self) -> list[str]:
        return [line.strip() for line in self.equipment.splitlines() if line.strip()]

    def hours_by_weekday(self) -> dict[int, tuple[dt.time, dt.time]]:
        """Opening hours per weekday (0 = Monday); a weekday missing from the dict is closed.

        Reads the prefetched `opening_hours` when present (RoomQuerySet.with_hours), so lists stay bounded.
        """
        cached = self.__dict__.get("_hours_by_weekday")
        if cached is None:
            rows = list(self.opening_hours.all())
            if rows:
                cached = {row.weekday: (row.opens, row.closes) for row in rows}
            else:
                cached = dict(DEFAULT_OPENING_HOURS)
            self.__dict__["_hours_by_weekday"] = cached
        return cached

    def opening_hours_display(self) -> list[tuple[str, str]]:
        hours = self.hours_by_weekday()
        return [
            (label, f"{hours[day][0]:%H:%M}–{hours[day][1]:%H:%M}" if day in hours else _("stängt"))
            for day, label in Weekday.choices
        ]

    def is_open_during(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        """True if [starts_at, ends_at) lies within one day's opening hours (local time)."""
        start = timezone.localtime(starts_at)
        end = timezone.localtime(ends_at)
        hours = self.hours_by_weekday().get(start.weekday())
        if hours is None:
            return False
        opens, closes = hours
        if end.date() != start.date():
            return False
        return opens <= start.time() and end.time() <= closes


class OpeningHours(models.Model):
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("lokal")
    )
    weekday = models.PositiveSmallIntegerField(_("veckodag"), choices=Weekday.choices)
    opens = models.TimeField(_("öppnar"))
    closes = models.TimeField(_("stänger"))

    class Meta:
        verbose_name = _("öppettid")
        verbose_name_plural = _("öppettider")
        ordering = ["room", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["room", "weekday"], name="openinghours_unique_room_weekday"),
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="openinghours_closes_after_opens"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class ClosureQuerySet(models.QuerySet):
    def overlapping(self, starts_at: dt.datetime, ends_at: dt.datetime):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def for_room(self, room):
        """Closures of the room and of the whole building (room left empty)."""
        return self.filter(models.Q(room=room) | models.Q(room__isnull=True))


class Closure(models.Model):
    """A time when a room, or all of Nobel 21 (no room), cannot be booked: holidays, maintenance."""

    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        related_name="closures",
        null=True,
        blank=True,
        verbose_name=_("lokal"),
        help_text=_("Lämna tomt för att stänga hela Nobel 21."),
    )
    starts_at = models.DateTimeField(_("från"))
    ends_at = models.DateTimeField(_("till"))
    reason = models.CharField(_("orsak"), max_length=200)

    objects = ClosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("stängning")
        verbose_name_plural = _("stängningar")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="closure_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        where = self.room.name if self.room_id else _("Hela Nobel 21")
        return f"{where}: {self.reason}"


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Väntar på godkännande")
    CONFIRMED = "confirmed", _("Bekräftad")
    CANCELLED = "cancelled", _("Avbokad")
    REJECTED = "rejected", _("Avslagen")


class BookingSeries(models.Model):
    """A weekly recurring booking: its occurrences are ordinary bookings that point here."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="series", verbose_name=_("lokal"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="booking_series", verbose_name=_("organisation")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    first_starts_at = models.DateTimeField(_("första tillfället börjar"))
    first_ends_at = models.DateTimeField(_("första tillfället slutar"))
    until = models.DateField(_("till och med"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(_("antal gånger"), null=True, blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bokad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("återkommande bokning")
        verbose_name_plural = _("återkommande bokningar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.room}: {self.title} ({_('varje vecka')})"


class BookingQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=BookingStatus.CONFIRMED)

    def active(self):
        """Bookings that still hold or request their time: confirmed and pending."""
        return self.filter(status__in=[BookingStatus.CONFIRMED, BookingStatus.PENDING])

    def overlapping(self, starts_at: dt.datetime, ends_at: dt.datetime):
        """Half-open ranges: [10, 11) and [11, 12) do not overlap."""
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)

    def upcoming(self):
        return self.filter(ends_at__gt=Now())

    def for_organisations(self, organisations):
        return self.filter(organisation__in=organisations)


class Booking(models.Model):
    """A room booked by an organisation for a half-open time range [starts_at, ends_at)."""

    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("lokal"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("organisation")
    )
    title = models.CharField(_("rubrik"), max_length=200)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"))
    expected_attendees = models.PositiveIntegerField(_("förväntat antal deltagare"))
    status = models.CharField(
        _("status"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    series = models.ForeignKey(
        BookingSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("återkommande bokning"),
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("bokad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    # The calendar files' SEQUENCE: one more with each change the calendar must pick up (time, cancelled).
    sequence = models.PositiveIntegerField(_("ändringar i kalenderfilen"), default=0, editable=False)
    # A coordinator's record of a booking that already took place (history), not a request for a time.
    recorded_afterwards = models.BooleanField(_("registrerad i efterhand"), default=False)
    decided_at = models.DateTimeField(_("beslutad"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beslutad av"),
    )
    rejection_reason = models.CharField(_("skäl till avslag"), max_length=300, blank=True)
    cancelled_at = models.DateTimeField(_("avbokad"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avbokad av"),
    )

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("bokning")
        verbose_name_plural = _("bokningar")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["room", "starts_at"]),
            models.Index(fields=["organisation", "starts_at"], name="booking_org_starts_idx"),
            models.Index(fields=["status", "starts_at"], name="booking_status_starts_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
            PostgresOnlyExclusionConstraint(
                name="booking_confirmed_no_overlap",
                expressions=[
                    (TsTzRange("starts_at", "ends_at", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("room", RangeOperators.EQUAL),
                ],
                condition=models.Q(status="confirmed"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.room} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}: {self.title}"

    @property
    def ics_uid(self) -> str:
        return f"nobel21-booking-{self.pk}@malmoandan"

    @property
    def is_cancellable(self) -> bool:
        return (
            self.status in (BookingStatus.CONFIRMED, BookingStatus.PENDING)
            and self.starts_at > timezone.now()
        )


class OrganisationCalendarToken(models.Model):
    """The secret in the URL of an organisation's booking calendar feed; renewing it kills the old URL."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("organisation")
    )
    token = models.CharField(_("hemlig nyckel"), max_length=64, unique=True)
    renewed_at = models.DateTimeField(_("förnyad"), auto_now=True)

    class Meta:
        verbose_name = _("kalendernyckel")
        verbose_name_plural = _("kalendernycklar")

    def __str__(self) -> str:
        return str(self.organisation)

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)
