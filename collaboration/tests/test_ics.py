"""Calendar files: valid iCalendar with the Europe/Stockholm VTIMEZONE, built once per process."""

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest

from collaboration.shared import ics
from collaboration.shared.ics import CalendarItem, build_calendar

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def item(uid: str, starts_at: dt.datetime, hours: int = 2) -> CalendarItem:
    return CalendarItem(
        uid=uid, title="Styrelsemöte", starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=hours)
    )


@pytest.mark.parametrize(
    "starts_at",
    [dt.datetime(2026, 1, 15, 18, tzinfo=STOCKHOLM), dt.datetime(2026, 7, 15, 18, tzinfo=STOCKHOLM)],
    ids=["winter", "summer"],
)
def test_calendar_parses_back_with_uid_local_start_and_the_timezone(starts_at):
    calendar = icalendar.Calendar.from_ical(
        build_calendar([item("booking-1@malmoandan", starts_at.astimezone(dt.UTC))])
    )
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == "booking-1@malmoandan"
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Stockholm"
    assert event["DTSTART"].to_ical() == starts_at.strftime("%Y%m%dT%H%M%S").encode()
    assert event.decoded("DTSTART") == starts_at and event.decoded("DTEND") == starts_at + dt.timedelta(
        hours=2
    )
    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Stockholm"
    # The VTIMEZONE alone (not the tz database) gives the right offsets: CET in winter, CEST in summer.
    tz = vtimezone.to_tz()
    assert tz.utcoffset(dt.datetime(2026, 1, 15, 18)) == dt.timedelta(hours=1)
    assert tz.utcoffset(dt.datetime(2026, 7, 15, 18)) == dt.timedelta(hours=2)


def test_the_timezone_covers_every_year_of_a_feed_and_no_more():
    items = [
        item(f"{year}@malmoandan", dt.datetime(year, 6, 1, 10, tzinfo=STOCKHOLM)) for year in (2022, 2024)
    ]
    calendar = icalendar.Calendar.from_ical(build_calendar(items))
    [vtimezone] = calendar.walk("VTIMEZONE")
    tz = vtimezone.to_tz()
    for year in (2022, 2023, 2024):
        assert tz.utcoffset(dt.datetime(year, 7, 1, 12)) == dt.timedelta(hours=2)
        assert tz.utcoffset(dt.datetime(year, 12, 1, 12)) == dt.timedelta(hours=1)
    block = vtimezone.to_ical().decode().replace("\r\n ", "")  # unfolded
    transition_years = {int(year) for year in re.findall(r"(\d{4})\d{4}T\d{6}", block)}
    assert transition_years == {2022, 2023, 2024}
    assert [event.decoded("DTSTART").year for event in calendar.walk("VEVENT")] == [2022, 2024]


def test_the_timezone_is_built_once_per_span_of_years(monkeypatch):
    ics._timezone_component.cache_clear()
    calls = []
    original = icalendar.Timezone.from_tzid
    monkeypatch.setattr(
        icalendar.Timezone,
        "from_tzid",
        lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs),
    )
    start = dt.datetime(2027, 3, 1, 10, tzinfo=STOCKHOLM)
    first = build_calendar([item("a@malmoandan", start)])
    second = build_calendar([item("b@malmoandan", start + dt.timedelta(days=30))])
    assert len(calls) == 1
    timezone_block = first[first.index(b"BEGIN:VTIMEZONE") : first.index(b"END:VTIMEZONE")]
    assert timezone_block in second and b"RDATE" not in timezone_block  # one year: three observances


def test_an_empty_calendar_is_valid_without_a_timezone():
    calendar = icalendar.Calendar.from_ical(build_calendar([], name="Tom"))
    assert not calendar.walk("VEVENT") and not calendar.walk("VTIMEZONE")
    assert str(calendar["X-WR-CALNAME"]) == "Tom"
