from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .organisations import Organisation


class RoomKind(models.TextChoices):
    CONFERENCE = "conference", _("Konferensrum")
    OFFICE = "office", _("Kontor")
    STUDIO = "studio", _("Studio för digitala möten")


class Room(models.Model):
    """A room at the association centre Nobel 21 (Nobelvägen 21)."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=32, choices=RoomKind.choices, default=RoomKind.CONFERENCE)
    capacity = models.PositiveIntegerField(_("antal platser"))
    equipment = models.TextField(_("utrustning"), blank=True)
    requires_approval = models.BooleanField(_("kräver godkännande av samordnare"), default=False)
    is_active = models.BooleanField(_("bokningsbar"), default=True)

    class Meta:
        verbose_name = _("lokal")
        verbose_name_plural = _("lokaler")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Väntar på godkännande")
    CONFIRMED = "confirmed", _("Bekräftad")
    CANCELLED = "cancelled", _("Avbokad")
    REJECTED = "rejected", _("Avslagen")


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
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("bokad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("bokning")
        verbose_name_plural = _("bokningar")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["room", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%Y-%m-%d %H:%M}: {self.title}"
