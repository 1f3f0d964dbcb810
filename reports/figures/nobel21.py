"""Nobel 21: the year's confirmed bookings at the association centre, per month and per room."""

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from .base import LOCAL, month_series, source_model, weeks_in_year, year_range


def gather(year: int) -> dict:
    Booking = source_model("collaboration.Booking")
    start, end = year_range(year)
    bookings = Booking.objects.filter(status="confirmed", starts_at__gte=start, starts_at__lt=end)
    totals = bookings.aggregate(
        bookings=Count("pk"),
        attendees=Sum("expected_attendees"),
        organisations=Count("organisation", distinct=True),
        rooms=Count("room", distinct=True),
    )
    per_month = (
        bookings.annotate(month=TruncMonth("starts_at", tzinfo=LOCAL))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_room = bookings.values("room__name").annotate(n=Count("pk")).order_by("-n", "room__name")
    attendees = totals["attendees"] or 0
    return {
        "bookings": totals["bookings"],
        "attendees": attendees,
        "attendees_per_week": round(attendees / weeks_in_year(year)),
        "organisations": totals["organisations"],
        "rooms": totals["rooms"],
        "bookings_per_month": month_series(per_month),
        "per_room": [{"room": row["room__name"], "bookings": row["n"]} for row in per_room],
    }
