"""Learning: the trainings of the year with their sessions, places offered and participants.

Places count only where Malmöandan handed them out (the coordinators chose who came,
`selection_by_coordinators`): "Sex personer har erbjudits en plats på utbildningen genom Malmöandan" (001_…).
A training Malmöandan took part in without places of its own shows no places rather than the room's size.
"""

from django.db.models import Count, Max, Min

from events.models import Session

from ._events import event_row, events_of_year, summary
from .base import iso


def gather(year: int) -> dict:
    events = list(events_of_year(year, ("utbildning",)))
    sessions = {
        row["event_id"]: row
        for row in Session.objects.filter(event__in=[e.pk for e in events])
        .values("event_id")
        .annotate(n=Count("pk"), first=Min("starts_at"), last=Max("ends_at"))
        .order_by()
    }
    trainings = []
    for event in events:
        row = event_row(event)
        meetings = sessions.get(event.pk)
        row["sessions"] = meetings["n"] if meetings else 1
        row["first"] = iso(meetings["first"]) if meetings else row["starts_at"]
        row["last"] = iso(meetings["last"]) if meetings else row["ends_at"]
        row["places"] = event.capacity if event.selection_by_coordinators else None
        trainings.append(row)
    totals = summary(trainings)
    totals["places"] = sum(row["places"] for row in trainings if row["places"])
    totals["sessions"] = sum(row["sessions"] for row in trainings)
    return {"trainings": trainings, "totals": totals}
