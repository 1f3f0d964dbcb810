""" "Mina sidor": what a signed-in person has in the portal, and their personal calendar feed.

The feed holds the person's own sign-ups (confirmed or waiting, without online links, as every feed) and the
bookings of the organisations they represent (`Organisation.objects.represented_by`, the one rule), from 90
days back. Its URL carries a secret that the person can renew, which kills the old URL at once.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from collaboration.models import Booking, BookingStatus, Organisation, User
from collaboration.shared.ics import CalendarItem

from ..ics import calendar_items
from ..models import ACTIVE, PersonalCalendarToken, Registration, RegistrationStatus, Session

FEED_DAYS_BACK = 90


def my_registrations(user: User) -> QuerySet[Registration]:
    """The person's own sign-ups (by account, or by their address when a colleague signed them up), each
    with `waiting_place`: their place on the waiting list (1 = next in line), None unless waiting."""
    ahead = (
        Registration.objects.filter(
            event=OuterRef("event"), status=RegistrationStatus.WAITING, position__lte=OuterRef("position")
        )
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))
        .annotate(waiting_place=Subquery(ahead, output_field=IntegerField()))
        .select_related("event", "organisation")
    )


def my_upcoming_registrations(user: User, now: dt.datetime | None = None) -> QuerySet[Registration]:
    now = now or timezone.now()
    return (
        my_registrations(user)
        .filter(status__in=ACTIVE, event__ends_at__gte=now)
        .exclude(event__status="draft")
        .order_by("event__starts_at", "pk")
    )


def my_bookings(user: User, now: dt.datetime | None = None) -> QuerySet[Booking]:
    """Coming bookings of the organisations the person represents."""
    now = now or timezone.now()
    return (
        Booking.objects.for_organisations(Organisation.objects.represented_by(user))
        .filter(ends_at__gte=now)
        .exclude(status__in=[BookingStatus.CANCELLED, BookingStatus.REJECTED])
        .select_related("room", "organisation")
        .order_by("starts_at", "pk")
    )


def personal_calendar_token_for(*, user: User) -> PersonalCalendarToken:
    token, _created = PersonalCalendarToken.objects.get_or_create(
        user=user, defaults={"token": PersonalCalendarToken.new_token()}
    )
    return token


@transaction.atomic
def personal_calendar_token_renew(*, user: User) -> PersonalCalendarToken:
    """A new secret for the person's feed; the old URL stops working at once."""
    token = personal_calendar_token_for(user=user)
    token.token = PersonalCalendarToken.new_token()
    token.save(update_fields=["token", "renewed_at"])
    return token


def personal_calendar_items(user: User, now: dt.datetime | None = None) -> list[CalendarItem]:
    """The person's feed: their sign-ups and their organisations' bookings (a cancelled one as cancelled,
    so a subscribed calendar removes it)."""
    from collaboration.services.rooms import booking_calendar_items

    since = (now or timezone.now()) - dt.timedelta(days=FEED_DAYS_BACK)
    signed_up = (
        my_registrations(user)
        .filter(status__in=ACTIVE, event__ends_at__gte=since)
        .exclude(event__status="draft")
    )
    registrations = signed_up.select_related("event__room").order_by("event__starts_at")[:1000]
    # The trainings' sessions in one query, whether or not there are any (a prefetch would skip it).
    sessions: dict[int, list[Session]] = {}
    for session in Session.objects.filter(event__registrations__in=signed_up.values("pk")).distinct():
        sessions.setdefault(session.event_id, []).append(session)
    items = [
        item
        for registration in registrations
        for item in calendar_items(registration.event, sessions.get(registration.event_id, []))
    ]
    bookings = (
        Booking.objects.for_organisations(Organisation.objects.represented_by(user))
        .filter(ends_at__gte=since, status__in=[BookingStatus.CONFIRMED, BookingStatus.CANCELLED])
        .select_related("room", "organisation")
        .order_by("starts_at")[:2000]
    )
    return items + booking_calendar_items(bookings)
