"""All the year's activities together: participants per kind and per month (the report's charts)."""

from events.models import EventKind

from ._events import events_of_year, participants
from .base import LOCAL, NOT_RECORDED, RECORDS, level_spread


def gather(year: int) -> dict:
    labels = dict(EventKind.choices)
    per_kind = {kind: {"events": 0, "participants": 0} for kind in labels}
    per_month = [0] * 12
    events_per_month = [0] * 12
    recorded = 0
    levels: dict[str, int] = {}
    for event in events_of_year(year):
        count = participants(event)
        per_kind[event.kind]["events"] += 1
        levels[event.level] = levels.get(event.level, 0) + 1
        month = event.starts_at.astimezone(LOCAL).month - 1
        events_per_month[month] += 1
        if count is not None:
            recorded += 1
            per_kind[event.kind]["participants"] += count
            per_month[month] += count
    return {
        "per_kind": [
            {"kind": kind, "label": str(labels[kind]), **values}
            for kind, values in per_kind.items()
            if values["events"] or kind != "other"
        ],
        "participants_per_month": per_month,
        "events_per_month": events_per_month,
        "events": sum(row["events"] for row in per_kind.values()),
        "participants": sum(per_month) if recorded else None,
        # Events whose participants were recorded; the charts are drawn only when there are any.
        "recorded_events": recorded,
        "participants_source": RECORDS if recorded else NOT_RECORDED,
        # The participation matrix ("" where no level is recorded); the coordination section shows the spread.
        "levels": level_spread(levels),
    }
