"""Dialogue forums: date, theme, participants, organisations, sectors, open-space topics, evaluation."""

from django.db.models import Avg, Count

from ._events import event_row, events_of_year, sectors_by_event, summary
from .base import source_model


def gather(year: int) -> dict:
    Topic = source_model("events.Topic")
    Evaluation = source_model("events.Evaluation")
    events = list(events_of_year(year, ("dialogforum",)))
    sectors = sectors_by_event(events)
    topics: dict[int, list[dict]] = {event.pk: [] for event in events}
    for topic in Topic.objects.filter(event__in=list(topics)).order_by("event_id", "created_at", "pk"):
        topics[topic.event_id].append({"title": topic.title, "result": topic.result})
    forums = []
    for event in events:
        row = event_row(event)
        row["theme"] = row["focus_area"] or event.title
        row["sectors"] = sectors[event.pk]
        row["topics"] = topics[event.pk]
        row["documentation_url"] = event.documentation_url
        forums.append(row)
    rating = Evaluation.objects.filter(registration__event__in=[e.pk for e in events]).aggregate(
        average=Avg("rating"), answers=Count("pk")
    )
    return {
        "forums": forums,
        "totals": summary(forums),
        "rating_average": round(rating["average"], 1) if rating["average"] is not None else None,
        "rating_answers": rating["answers"],
    }
