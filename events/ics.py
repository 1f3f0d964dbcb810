"""Calendar files for events, made with the portal's shared iCalendar helper (collaboration.ics)."""

from collections.abc import Iterable
from dataclasses import replace

from django.conf import settings

from collaboration.ics import CalendarItem, build_calendar

from .models import Event, EventStatus


def _items(event: Event, *, with_online_link: bool = False) -> list[CalendarItem]:
    """One item per session for an event that meets several times (a training), else one for the event."""
    item = _item(event, with_online_link=with_online_link)
    sessions = list(event.sessions.all())
    if not sessions:
        return [item]
    return [
        replace(
            item,
            uid=f"event-{event.pk}-session-{session.pk}@malmoandan.se",
            title=f"{event.title}: {session.title}" if session.title else event.title,
            starts_at=session.starts_at,
            ends_at=session.ends_at,
            location=session.place or item.location,
        )
        for session in sessions
    ]


def _item(event: Event, *, with_online_link: bool = False) -> CalendarItem:
    description = event.description
    location = event.place_label
    if with_online_link and event.is_online and event.online_link:
        description = f"{description}\n\n{event.online_link}".strip()
        location = event.online_link
    return CalendarItem(
        uid=f"event-{event.pk}@malmoandan.se",
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        description=description,
        location=location,
        url=settings.SITE_URL + event.get_absolute_url(),
        cancelled=event.status == EventStatus.CANCELLED,
    )


def event_ics(event: Event, *, with_online_link: bool = False) -> str:
    """One event as a calendar file; the online link only for someone confirmed."""
    return build_calendar(_items(event, with_online_link=with_online_link), name=event.title).decode()


def events_ics(events: Iterable[Event], name: str = "Malmöandan") -> str:
    """The subscribable feed: many events in one calendar, never with online links. Prefetch "sessions"."""
    return build_calendar([item for event in events for item in _items(event)], name=name).decode()
