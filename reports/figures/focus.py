"""The year's focus area, how the year's activities served it, and next year's focus area."""

from ._events import events_of_year, participants
from .base import SourceMissing, source_model


def _areas(FocusArea, year: int) -> list[dict]:
    return [
        {"id": area.pk, "title": area.title, "description": area.description, "years": area.years_label}
        for area in FocusArea.objects.for_year(year).order_by("start_year", "pk")
    ]


def _served(area_ids: set[int], year: int) -> dict | None:
    try:
        events = list(events_of_year(year))
    except SourceMissing:
        return None
    serving = [event for event in events if event.focus_area_id in area_ids]
    return {
        "events": len(events),
        "serving_events": len(serving),
        "serving_participants": sum(participants(event) for event in serving),
        "serving_kinds": sorted({str(event.get_kind_display()) for event in serving}),
    }


def gather(year: int) -> dict:
    FocusArea = source_model("steering.FocusArea")
    areas = _areas(FocusArea, year)
    return {
        "areas": areas,
        "served": _served({area["id"] for area in areas}, year),
        "next_year": year + 1,
        "next": _areas(FocusArea, year + 1),
    }
