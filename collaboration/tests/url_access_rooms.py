"""Nobel 21's URLs: who gets what on a GET."""

import datetime as dt

from django.utils import timezone

from collaboration.factories import BookingFactory, RoomFactory
from collaboration.models import Organisation
from tests.url_access import for_roles, post_only, public


def _booking_of_representative(users) -> dict:
    organisation = Organisation.objects.get(memberships__user=users["representative"])
    starts_at = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=2
    )
    booking = BookingFactory(
        organisation=organisation, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1)
    )
    return {"pk": booking.pk}


def _room(users) -> dict:
    return {"pk": RoomFactory().pk}


def _feed(users) -> dict:
    from collaboration.services.rooms import calendar_token_for

    organisation = Organisation.objects.get(memberships__user=users["representative"])
    return {"token": calendar_token_for(organisation=organisation).token}


def _organisation(users) -> dict:
    return {"pk": Organisation.objects.get(memberships__user=users["representative"]).pk}


ROOM_URL_ACCESS = {
    "room-list": public(),
    "room-week": public(kwargs=_room),
    "room-day": public(),
    "room-search": public(query="date=2030-01-07&start=10:00&length=60&attendees=4"),
    "booking-create": for_roles("representative"),
    "booking-list": for_roles("representative"),
    "booking-cancel": post_only(kwargs=_booking_of_representative),
    "booking-ics": for_roles("representative", kwargs=_booking_of_representative, forbidden=404),
    "booking-feed": public(kwargs=_feed),
    "booking-feed-renew": post_only(kwargs=_organisation),
    "booking-pending": for_roles(),
    "nobel21-statistics": for_roles(),
    "booking-approve": post_only(kwargs=_booking_of_representative),
    "booking-reject": post_only(kwargs=_booking_of_representative),
}
