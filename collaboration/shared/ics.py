"""Calendar files (iCalendar, RFC 5545) for bookings, events and anything else with a time range.

One VEVENT per item, with a UID that stays the same for the same thing (so calendar programs update an
entry instead of adding a copy), times in Europe/Stockholm with the VTIMEZONE included.

The VTIMEZONE covers only the years the items fall in (icalendar's `from_tzid` with first/last date) and is
built once per process per span of years: letting icalendar add it for 1970–2038 on every file searched
every transition and wrote ~140 RDATEs each time.

    from collaboration.shared.ics import CalendarItem, calendar_response
    return calendar_response([CalendarItem(uid=..., title=..., starts_at=..., ends_at=...)], "mote.ics")
"""

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

PRODID = "-//Malmöandan//Portal//SV"


@dataclass(frozen=True)
class CalendarItem:
    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    # When the item last changed; calendar programs use it (with SEQUENCE) to pick the newer copy.
    modified_at: dt.datetime | None = None
    sequence: int = 0


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))


@functools.lru_cache(maxsize=16)
def _timezone_component(tzid: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """The VTIMEZONE for tzid valid from 1 January of first_year to 1 January after last_year.

    Shared between calendars: it is only ever serialised, never changed."""
    return icalendar.Timezone.from_tzid(
        tzid, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )


METHODS = ("PUBLISH", "CANCEL")


def build_calendar(items: Iterable[CalendarItem], *, name: str = "", method: str = "PUBLISH") -> bytes:
    """The iCalendar text of a VCALENDAR holding one VEVENT per item.

    `method` "CANCEL" for the file that tells a participant their entry is called off (RFC 5546); a
    calendar program matches it to the imported copy by UID and takes it because its SEQUENCE is higher.
    """
    if method not in METHODS:
        raise ValueError(f"Unknown iCalendar method {method!r}; use one of {METHODS}")
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    years: set[int] = set()
    for item in items:
        years.update((_local(item.starts_at).year, _local(item.ends_at).year))
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("summary", item.title)
        event.add("dtstart", _local(item.starts_at))
        event.add("dtend", _local(item.ends_at))
        event.add("dtstamp", now)
        if item.modified_at:
            event.add("last-modified", item.modified_at)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        calendar.add_component(event)
    if years:
        # Before the events that refer to it, as icalendar's add_missing_timezones() would put it.
        calendar.subcomponents.insert(0, _timezone_component(settings.TIME_ZONE, min(years), max(years)))
    return calendar.to_ical()


def calendar_response(items: Iterable[CalendarItem], filename: str, *, name: str = "", inline: bool = False):
    """An HttpResponse with the calendar; `inline` for subscription feeds, otherwise a download."""
    response = HttpResponse(build_calendar(items, name=name), content_type="text/calendar; charset=utf-8")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
