"""Nobel 21 figures for the annual report, computed in SQL from the confirmed bookings of a year, and the
centre's usage recorded from outside the portal (`Nobel21MonthlyStatistic`) for the months the portal does
not hold.

A *meeting* is one confirmed occurrence in a room; a *booking* is what an organisation asked for once: a
single booking, or a weekly series counted once however many meetings it holds.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth, TruncWeek
from django.utils import timezone

from .models import Booking, Nobel21MonthlyStatistic

PORTAL = "portal"
RECORDED = "recorded"
PORTAL_SOURCE_NAME = "Malmöandans portal"


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def held_meetings(year: int) -> QuerySet[Booking]:
    """Confirmed bookings that start within the year (local time)."""
    return held_meetings_between(*_year_bounds(year))


def held_meetings_between(start: dt.datetime, end: dt.datetime) -> QuerySet[Booking]:
    """Confirmed bookings that start at or after `start` and before `end`."""
    return Booking.objects.confirmed().filter(starts_at__gte=start, starts_at__lt=end)


def nobel21_between(start: dt.datetime, end: dt.datetime) -> dict:
    """Meetings, bookings, expected attendees and distinct organisations between two moments (a steering
    meeting's report covers the time since the previous meeting). One query."""
    return held_meetings_between(start, end).aggregate(**_figures())


def _figures() -> dict[str, Any]:
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
    rows = (
        held_meetings(year)
        .values("room_id", room_name=F("room__name"))
        .annotate(**_figures())
        # As an expression: django-stubs checks a name against the fields it sees, not `**_figures()`.
        .order_by(F("meetings").desc(), "room_name")
    )
    return [dict(row) for row in rows]


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


def nobel21_months(year: int) -> list[dict]:
    """Nobel 21 usage for each month 1–12 of `year`, each month from ONE source, never both added:

    - the portal's confirmed bookings for months it holds any: `source` "portal";
    - otherwise the recorded statistics (`Nobel21MonthlyStatistic`): `source` "recorded", `source_name`
      the source the coordinator named (a month recorded while the portal holds bookings for it is ignored);
    - otherwise `source` None: not recorded, and `bookings`/`visitors` are None, never 0.

    Each row: month, bookings (meetings held), visitors (expected attendees, or the recorded visitors, which
    may be None when the source gave only meetings), source, source_name, note. Two queries.
    """
    portal = {row["month"]: row for row in nobel21_per_month(year) if row["meetings"]}
    recorded = {row.month: row for row in Nobel21MonthlyStatistic.objects.filter(year=year)}
    months = []
    for month in range(1, 13):
        if month in portal:
            row = portal[month]
            months.append(
                {
                    "month": month,
                    "bookings": row["meetings"],
                    "visitors": row["attendees"],
                    "source": PORTAL,
                    "source_name": PORTAL_SOURCE_NAME,
                    "note": "",
                }
            )
        elif month in recorded:
            statistic = recorded[month]
            months.append(
                {
                    "month": month,
                    "bookings": statistic.meetings,
                    "visitors": statistic.visitors,
                    "source": RECORDED,
                    "source_name": statistic.source,
                    "note": statistic.note,
                }
            )
        else:
            months.append(
                {
                    "month": month,
                    "bookings": None,
                    "visitors": None,
                    "source": None,
                    "source_name": "",
                    "note": "",
                }
            )
    return months


def nobel21_usage(year: int) -> dict:
    """The year's totals over `nobel21_months`: only recorded months count, and a year with none recorded
    gives None for every figure (not 0). `attendees_per_week` is over the weeks of the recorded months."""
    months = nobel21_months(year)
    known = [month for month in months if month["source"]]
    if not known:
        return {
            "months": months,
            "recorded_months": 0,
            "bookings": None,
            "visitors": None,
            "attendees_per_week": None,
            "sources": [],
        }
    with_visitors = [month for month in known if month["visitors"] is not None]
    visitors = sum(month["visitors"] for month in with_visitors) if with_visitors else None
    start, end = _year_bounds(year)
    weeks = (end - start).days / 7 * len(with_visitors) / 12
    return {
        "months": months,
        "recorded_months": len(known),
        "bookings": sum(month["bookings"] for month in known),
        "visitors": visitors,
        "attendees_per_week": round(visitors / weeks) if visitors is not None else None,
        "sources": sorted({month["source_name"] for month in known}),
    }
