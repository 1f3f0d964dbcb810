"""The year's focus area, how the year's activities served it, and next year's focus area."""

from events.models import EventKind
from steering.models import FocusArea

from ._events import events_of_year, participants


def _areas(year: int) -> list[dict]:
    return [
        {"id": area.pk, "title": area.title, "description": area.description, "years": area.years_label}
        for area in FocusArea.objects.for_year(year).order_by("start_year", "pk")
    ]


def _served(area_ids: set[int], year: int) -> dict:
    events = list(events_of_year(year))
    serving = [event for event in events if event.focus_area_id in area_ids]
    return {
        "events": len(events),
        "serving_events": len(serving),
        "serving_participants": sum(participants(event) or 0 for event in serving),
        "serving_kinds": sorted(
            {EventKind.label_in_sentence(event.kind) for event in serving}, key=str.lower
        ),
    }


def gather(year: int) -> dict:
    areas = _areas(year)
    return {
        "areas": areas,
        "served": _served({area["id"] for area in areas}, year),
        "next_year": year + 1,
        "next": _areas(year + 1),
    }
