"""The year's events with their participant counts: one query shared by the activity sections.

Participants of an event are those who attended when the coordinators took attendance, otherwise those
holding a place (confirmed). Cancelled and draft events are not counted.
"""

from django.db.models import Avg, Count, Q

from .base import LOCAL, iso, source_model, year_range

PLACE_HOLDING = ("confirmed", "attended", "no_show")


def events_of_year(year: int, kinds: tuple[str, ...] | None = None):
    Event = source_model("events.Event")
    start, end = year_range(year)
    events = Event.objects.filter(status="published", starts_at__gte=start, starts_at__lt=end)
    if kinds:
        events = events.filter(kind__in=kinds)
    holding = Q(registrations__status__in=PLACE_HOLDING)
    attended = Q(registrations__status="attended")
    # Only one multi-valued relation (registrations, and its one-to-one evaluation) is joined, so the
    # aggregates do not multiply each other.
    return (
        events.select_related("focus_area")
        .annotate(
            holding_count=Count("registrations", filter=holding),
            attended_count=Count("registrations", filter=attended),
            no_show_count=Count("registrations", filter=Q(registrations__status="no_show")),
            holding_orgs=Count("registrations__organisation", filter=holding, distinct=True),
            attended_orgs=Count("registrations__organisation", filter=attended, distinct=True),
            rating_avg=Avg("registrations__evaluation__rating"),
            rating_count=Count("registrations__evaluation"),
        )
        .order_by("starts_at", "pk")
    )


def attendance_taken(event) -> bool:
    return bool(event.attended_count or event.no_show_count)


def participants(event) -> int:
    return event.attended_count if attendance_taken(event) else event.holding_count


def organisations(event) -> int:
    return event.attended_orgs if attendance_taken(event) else event.holding_orgs


def event_row(event) -> dict:
    """The figures every activity shows, as plain JSON."""
    return {
        "id": event.pk,
        "kind": event.kind,
        "kind_label": str(event.get_kind_display()),
        "title": event.title,
        "date": iso(event.starts_at.astimezone(LOCAL).date()),
        "starts_at": iso(event.starts_at),
        "ends_at": iso(event.ends_at),
        "place": event.get_place_kind_display() if event.place_kind != "address" else event.address,
        "capacity": event.capacity,
        "participants": participants(event),
        "signed_up": event.holding_count,
        "attendance_taken": attendance_taken(event),
        "organisations": organisations(event),
        "focus_area": event.focus_area.title if event.focus_area_id else None,
        "rating_average": round(event.rating_avg, 1) if event.rating_avg is not None else None,
        "rating_answers": event.rating_count,
    }


def sectors_by_event(events: list) -> dict[int, dict[str, int]]:
    """Participants per sector for each event (one query), counted as `participants` counts them."""
    Registration = source_model("events.Registration")
    Organisation = source_model("collaboration.Organisation")
    labels = dict(Organisation._meta.get_field("sector").choices)
    taken = {event.pk: attendance_taken(event) for event in events}
    rows = (
        Registration.objects.filter(event__in=list(taken), status__in=PLACE_HOLDING)
        .values("event_id", "status", "organisation__sector")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[int, dict[str, int]] = {pk: {} for pk in taken}
    for row in rows:
        if taken[row["event_id"]] and row["status"] != "attended":
            continue
        label = str(labels.get(row["organisation__sector"], row["organisation__sector"]))
        result[row["event_id"]][label] = result[row["event_id"]].get(label, 0) + row["n"]
    return result


def presenters_by_event(events: list) -> dict[int, list[dict]]:
    Presenter = source_model("events.Presenter")
    labels = dict(Presenter._meta.get_field("sector").choices)
    result: dict[int, list[dict]] = {event.pk: [] for event in events}
    for presenter in Presenter.objects.filter(event__in=list(result)).order_by("event_id", "order", "pk"):
        result[presenter.event_id].append(
            {
                "name": presenter.name,
                "role": presenter.role_title,
                "organisation": presenter.organisation_name,
                "sector": str(labels.get(presenter.sector, "")) if presenter.sector else "",
            }
        )
    return result


def summary(rows: list[dict]) -> dict:
    """Totals and ranges over a list of event rows."""
    counts = [row["participants"] for row in rows]
    return {
        "count": len(rows),
        "participants": sum(counts),
        "min": min(counts, default=0),
        "max": max(counts, default=0),
        "average": round(sum(counts) / len(counts), 1) if counts else 0,
    }
