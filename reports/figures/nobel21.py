"""Nobel 21: the year's meetings at the association centre, per month and per room, each month with its source.

The centre also keeps its own booking system: where the collaboration app records monthly statistics from it
(`collaboration.statistics.nobel21_months`), a month uses the portal's bookings or the recorded statistics,
never both. A month with neither is not recorded, and the year's totals count only recorded months.
"""

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from collaboration import statistics
from collaboration.models import Booking

from .base import ENTERED, LOCAL, NOT_RECORDED, RECORDS, weeks_in_year, year_range


def _portal_months(bookings) -> list[dict]:
    rows = (
        bookings.annotate(month=TruncMonth("starts_at", tzinfo=LOCAL))
        .values("month")
        .annotate(n=Count("pk"), visitors=Sum("expected_attendees"))
        .order_by()
    )
    by_month = {row["month"].month: row for row in rows}
    months = []
    for month in range(1, 13):
        row = by_month.get(month)
        months.append(
            {
                "month": month,
                "bookings": row["n"] if row else None,
                "visitors": (row["visitors"] or 0) if row else None,
                "source": RECORDS if row else NOT_RECORDED,
                "source_name": "Malmöandans portal" if row else "",
            }
        )
    return months


def _months(year: int, bookings) -> list[dict]:
    recorded = getattr(statistics, "nobel21_months", None)
    if recorded is None:
        return _portal_months(bookings)
    sources = {"portal": RECORDS, "recorded": ENTERED, None: NOT_RECORDED}
    return [
        {
            "month": row["month"],
            "bookings": row.get("bookings"),
            "visitors": row.get("visitors"),
            "source": sources.get(row.get("source"), row.get("source")),
            "source_name": row.get("source_name", ""),
        }
        for row in recorded(year)
    ]


def gather(year: int) -> dict:
    start, end = year_range(year)
    bookings = Booking.objects.filter(status="confirmed", starts_at__gte=start, starts_at__lt=end)
    months = _months(year, bookings)
    recorded = [month for month in months if month["source"] is not NOT_RECORDED]
    portal = bookings.aggregate(
        organisations=Count("organisation", distinct=True), rooms=Count("room", distinct=True)
    )
    per_room = bookings.values("room__name").annotate(n=Count("pk")).order_by("-n", "room__name")
    total_bookings = sum(month["bookings"] or 0 for month in recorded) if recorded else None
    visitors = sum(month["visitors"] or 0 for month in recorded) if recorded else None
    weeks = weeks_in_year(year) * len(recorded) / 12
    sources = {month["source"] for month in recorded}
    return {
        "source": (sources.pop() if len(sources) == 1 else "mixed") if recorded else NOT_RECORDED,
        "months": months,
        "recorded_months": len(recorded),
        "source_names": sorted({month["source_name"] for month in recorded if month["source_name"]}),
        "bookings": total_bookings,
        "attendees": visitors,
        "attendees_per_week": round(visitors / weeks) if visitors is not None else None,
        "organisations": portal["organisations"] if portal["organisations"] else None,
        "rooms": portal["rooms"],
        "bookings_per_month": [month["bookings"] or 0 for month in months],
        "per_room": [{"room": row["room__name"], "bookings": row["n"]} for row in per_room],
    }
