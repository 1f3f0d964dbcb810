"""Dialogue forums: date, theme, participants, organisations, sectors, open-space topics, evaluation."""

from events.models import Topic

from ._events import city_roles_by_event, evaluations, event_row, events_of_year, sectors_by_event, summary
from .base import NOT_RECORDED, RECORDS


def gather(year: int) -> dict:
    events = list(events_of_year(year, ("dialogforum",)))
    sectors = sectors_by_event(events)
    city_roles = city_roles_by_event(events)
    topics: dict[int, list[dict]] = {event.pk: [] for event in events}
    for topic in Topic.objects.filter(event__in=list(topics)).order_by("event_id", "created_at", "pk"):
        topics[topic.event_id].append({"title": topic.title, "result": topic.result})
    forums = []
    for event in events:
        row = event_row(event)
        row["theme"] = row["focus_area"] or event.title
        row["sectors"] = sectors[event.pk]
        row["city_roles"] = city_roles[event.pk]
        row["topics"] = topics[event.pk]
        row["documentation_url"] = event.documentation_url
        forums.append(row)
    answers = sum(row["rating_answers"] for row in forums)
    total = sum(ev["average"] * ev["n"] for ev in map(evaluations, events) if ev["n"])
    rating = {"average": total / answers if answers else None, "answers": answers}
    return {
        "forums": forums,
        "totals": summary(forums),
        "rating_average": round(rating["average"], 1) if rating["average"] is not None else None,
        "rating_answers": rating["answers"],
        "rating_source": RECORDS if rating["answers"] else NOT_RECORDED,
    }
