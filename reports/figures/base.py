"""Helpers shared by the figure modules: the year's time range, month series, and where a figure comes from.

Every figure carries its source: RECORDS (counted from what the portal holds), HEAD_COUNT (a coordinator's
count of an event where no individual records exist), ENTERED (a coordinator's figure, such as Nobel 21's
statistics from the centre's own system), or NOT_RECORDED (None: nothing is known, and nothing is printed
as 0).
"""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

LOCAL = ZoneInfo(settings.TIME_ZONE)

RECORDS = "records"
HEAD_COUNT = "head_count"
ENTERED = "entered"
NOT_RECORDED = None


def year_range(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January, 1 January next year) in Malmö's time zone."""
    return (
        dt.datetime(year, 1, 1, tzinfo=LOCAL),
        dt.datetime(year + 1, 1, 1, tzinfo=LOCAL),
    )


def weeks_in_year(year: int) -> float:
    return (dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days / 7


def month_series(rows, key: str = "month", value: str = "n") -> list[int]:
    """Twelve values, January to December, from rows of {month: date/datetime, n: int}."""
    series = [0] * 12
    for row in rows:
        month = row[key]
        if month is None:
            continue
        if isinstance(month, dt.datetime):
            month = month.astimezone(LOCAL) if month.tzinfo else month
        series[month.month - 1] += row[value] or 0
    return series


def iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(LOCAL).isoformat()
    return value.isoformat()


def level_spread(counts: dict[str, int]) -> dict:
    """Counts per level of the participation matrix, in its order; "" in `counts` is those with none recorded."""
    from collaboration.models import ParticipationLevel

    levels: list[dict[str, Any]] = [
        {"level": level.value, "label": str(level.label), "n": counts.get(level.value, 0)}
        for level in ParticipationLevel
    ]
    recorded = sum(item["n"] for item in levels)
    return {
        "levels": levels,
        "recorded": recorded,
        "unrecorded": counts.get("", 0),
        "source": RECORDS if recorded else NOT_RECORDED,
    }
