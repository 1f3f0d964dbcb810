"""Calendar files for events, made with the portal's shared iCalendar helper (collaboration.ics)."""

from collections.abc import Iterable

from django.conf import settings

from collaboration.ics import CalendarItem, build_calendar

from .models import Event, EventStatus


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
    return build_calendar([_item(event, with_online_link=with_online_link)], name=event.title).decode()


def events_ics(events: Iterable[Event], name: str = "Malmöandan") -> str:
    """The subscribable feed: many events in one calendar, never with online links."""
    return build_calendar((_item(event) for event in events), name=name).decode()
