"""Calendar files (iCalendar) for events: one VEVENT per event with a stable UID, in Europe/Stockholm."""

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from .models import Event, EventStatus


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Malmöandan//Evenemang//SV")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _vevent(event: Event, *, with_online_link: bool = False) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"event-{event.pk}@malmoandan.se")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(event.starts_at))
    vevent.add("dtend", timezone.localtime(event.ends_at))
    vevent.add("summary", event.title)
    description = event.description
    if with_online_link and event.online_link:
        description = f"{description}\n\n{event.online_link}".strip()
    vevent.add("description", description)
    vevent.add("location", event.online_link if with_online_link and event.is_online else event.place_label)
    vevent.add("url", settings.SITE_URL + event.get_absolute_url())
    vevent.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return vevent


def event_ics(event: Event, *, with_online_link: bool = False) -> str:
    """One event as a calendar file; the online link only for someone confirmed."""
    calendar = _calendar(event.title)
    calendar.add_component(_vevent(event, with_online_link=with_online_link))
    return calendar.to_ical().decode()


def events_ics(events: Iterable[Event], name: str = "Malmöandan") -> str:
    """The subscribable feed: many events in one calendar, never with online links."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical().decode()
