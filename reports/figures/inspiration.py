"""Inspiration: each Malmö hour and learning lunch with its date, topic, presenters and participants."""

from ._events import event_row, events_of_year, presenters_by_event, summary


def gather(year: int) -> dict:
    events = list(events_of_year(year, ("malmotimmen", "larandelunch")))
    presenters = presenters_by_event(events)
    rows: dict[str, list[dict]] = {"malmotimmen": [], "larandelunch": []}
    for event in events:
        row = event_row(event)
        row["presenters"] = presenters[event.pk]
        rows[event.kind].append(row)
    return {
        "malmo_hours": rows["malmotimmen"],
        "malmo_hours_totals": summary(rows["malmotimmen"]),
        "learning_lunches": rows["larandelunch"],
        "learning_lunches_totals": summary(rows["larandelunch"]),
    }
