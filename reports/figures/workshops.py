"""Idea workshops: each with its date, participants, organisations and sectors."""

from ._events import city_roles_by_event, event_row, events_of_year, sectors_by_event, summary


def gather(year: int) -> dict:
    events = list(events_of_year(year, ("ideverkstad",)))
    sectors = sectors_by_event(events)
    city_roles = city_roles_by_event(events)
    workshops = []
    for event in events:
        row = event_row(event)
        row["sectors"] = sectors[event.pk]
        row["city_roles"] = city_roles[event.pk]
        workshops.append(row)
    return {"workshops": workshops, "totals": summary(workshops)}
