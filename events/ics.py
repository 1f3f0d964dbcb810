"""Calendar files for events, made with the portal's shared iCalendar helper (collaboration.shared.ics)."""

from collections.abc import Iterable
from dataclasses import replace

from django.conf import settings

from collaboration.shared.ics import CalendarItem, build_calendar

from .models import Event, EventStatus


def _items(event: Event, *, with_online_link: bool = False, sessions=None) -> list[CalendarItem]:
    """One item per session for an event that meets several times (a training), else one for the event."""
    item = _item(event, with_online_link=with_online_link)
    sessions = list(event.sessions.all()) if sessions is None else sessions
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
        modified_at=event.changed_at,
        sequence=event.sequence,
    )


def event_ics(event: Event, *, with_online_link: bool = False) -> str:
    """One event as a calendar file; the online link only for someone confirmed. A cancelled event's file
    says METHOD:CANCEL; each change participants were told of raised its SEQUENCE.

    Building a calendar with its time zone costs most of a second, and every sign-up's confirmation carries
    the same file: it is memoised per process on everything that goes into it.
    """
    session_rows = list(event.sessions.all())
    sessions = tuple((s.pk, s.title, s.starts_at, s.ends_at, s.place) for s in session_rows)
    key = (
        event.pk,
        event.title,
        event.description,
        event.starts_at,
        event.ends_at,
        event.place_kind,
        event.room_id,
        event.address,
        event.online_link if with_online_link else "",
        event.status,
        event.sequence,
        event.changed_at,
        sessions,
    )
    return _event_ics_cached(key, event, with_online_link, session_rows)


_ICS_CACHE: dict[tuple, str] = {}  # per process; bounded below


def _event_ics_cached(key: tuple, event: Event, with_online_link: bool, sessions: list) -> str:
    text = _ICS_CACHE.get(key)
    if text is None:
        items = _items(event, with_online_link=with_online_link, sessions=sessions)
        method = "CANCEL" if event.status == EventStatus.CANCELLED else "PUBLISH"
        text = build_calendar(items, name=event.title, method=method).decode()
        if len(_ICS_CACHE) > 256:
            _ICS_CACHE.clear()
        _ICS_CACHE[key] = text
    return text


def calendar_items(event: Event, sessions=None) -> list[CalendarItem]:
    """The event's items for a feed (one per session of a training), never with the online link. Pass its
    `sessions` (or prefetch "sessions")."""
    return _items(event, sessions=sessions)


def events_ics(events: Iterable[Event], name: str = "Malmöandan") -> str:
    """The subscribable feed: many events in one calendar, never with online links. Prefetch "sessions"."""
    return build_calendar([item for event in events for item in _items(event)], name=name).decode()
