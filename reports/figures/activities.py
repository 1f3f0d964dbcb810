"""All the year's activities together: participants per kind and per month (the report's charts)."""

from ._events import events_of_year, participants
from .base import LOCAL, source_model


def gather(year: int) -> dict:
    Event = source_model("events.Event")
    labels = dict(Event._meta.get_field("kind").choices)
    per_kind = {kind: {"events": 0, "participants": 0} for kind in labels}
    per_month = [0] * 12
    events_per_month = [0] * 12
    for event in events_of_year(year):
        count = participants(event)
        per_kind[event.kind]["events"] += 1
        per_kind[event.kind]["participants"] += count
        month = event.starts_at.astimezone(LOCAL).month - 1
        per_month[month] += count
        events_per_month[month] += 1
    return {
        "per_kind": [
            {"kind": kind, "label": str(labels[kind]), **values}
            for kind, values in per_kind.items()
            if values["events"] or kind != "other"
        ],
        "participants_per_month": per_month,
        "events_per_month": events_per_month,
        "events": sum(row["events"] for row in per_kind.values()),
        "participants": sum(per_month),
    }
