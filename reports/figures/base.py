"""Helpers shared by the figure modules: the year's time range, source models, month series."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings

LOCAL = ZoneInfo(settings.TIME_ZONE)


class SourceMissing(Exception):
    """The app or model a section is computed from is not installed (yet)."""


def source_model(label: str):
    """`apps.get_model("events.Event")`, or SourceMissing if that model does not exist."""
    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as exc:
        raise SourceMissing(label) from exc


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
