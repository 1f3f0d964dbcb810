"""Nobel 21 figures for the annual report, computed in SQL from the confirmed bookings of a year.

A *meeting* is one confirmed occurrence in a room; a *booking* is what an organisation asked for once: a
single booking, or a weekly series counted once however many meetings it holds.
"""

import datetime as dt

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils import timezone

from .models import Booking


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def held_meetings(year: int) -> QuerySet[Booking]:
    """Confirmed bookings that start within the year (local time)."""
    start, end = _year_bounds(year)
    return Booking.objects.confirmed().filter(starts_at__gte=start, starts_at__lt=end)


def _figures() -> dict:
    return {
        "meetings": Count("pk"),
        "bookings": Count("pk", filter=Q(series__isnull=True)) + Count("series", distinct=True),
        "attendees": Coalesce(Sum("expected_attendees"), 0),
        "organisations": Count("organisation", distinct=True),
    }


def nobel21_year(year: int) -> dict:
    """Meetings, bookings, expected attendees, distinct organisations and rooms used, and attendees per
    week on average over the weeks of the year. One query."""
    figures = held_meetings(year).aggregate(**_figures(), rooms=Count("room", distinct=True))
    start, end = _year_bounds(year)
    weeks = (end - start).days / 7
    figures["attendees_per_week"] = round(figures["attendees"] / weeks) if figures["attendees"] else 0
    return figures


def nobel21_per_month(year: int) -> list[dict]:
    """Twelve rows (month 1–12, months without meetings included) with meetings, bookings, attendees,
    organisations."""
    rows = (
        held_meetings(year)
        .annotate(month=TruncMonth("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(**_figures())
        .order_by("month")
    )
    by_month = {row["month"].month: row for row in rows}
    empty = {"meetings": 0, "bookings": 0, "attendees": 0, "organisations": 0}
    return [{**empty, **by_month.get(month, {}), "month": month} for month in range(1, 13)]


def nobel21_per_room(year: int) -> list[dict]:
    """One row per room used in the year: room id and name, meetings, bookings, attendees, organisations."""
    return list(
        held_meetings(year)
        .values("room_id", room_name=F("room__name"))
        .annotate(**_figures())
        .order_by("-meetings", "room_name")
    )


def nobel21_attendees_per_week(year: int) -> list[dict]:
    """One row per ISO week with meetings: the Monday it starts, meetings and expected attendees."""
    rows = (
        held_meetings(year)
        .annotate(week=TruncWeek("starts_at", tzinfo=timezone.get_current_timezone()))
        .values("week")
        .annotate(meetings=Count("pk"), attendees=Coalesce(Sum("expected_attendees"), 0))
        .order_by("week")
    )
    return [{**row, "week": row["week"].date()} for row in rows]


def nobel21_organisations(year: int) -> int:
    """How many distinct organisations held at least one meeting at Nobel 21 in the year."""
    return held_meetings(year).values("organisation").distinct().count()
