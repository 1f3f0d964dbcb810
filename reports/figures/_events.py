"""The year's events with their participant counts: one query shared by the activity sections.

Participants of an event are those who attended when the coordinators took attendance, otherwise those
holding a place (confirmed). Cancelled and draft events are not counted. An event with no participant
recorded has `participants` None and `participants_source` None: the report says so rather than print 0.
"""

from django.db.models import Avg, Count, OuterRef, Q, Subquery

from collaboration.models import Membership, Sector
from events.models import Event, Presenter, Registration

from .base import LOCAL, NOT_RECORDED, RECORDS, iso, year_range

PLACE_HOLDING = ("confirmed", "attended", "no_show")


def events_of_year(year: int, kinds: tuple[str, ...] | None = None):
    start, end = year_range(year)
    events = Event.objects.filter(status="published", starts_at__gte=start, starts_at__lt=end)
    if kinds:
        events = events.filter(kind__in=kinds)
    holding = Q(registrations__status__in=PLACE_HOLDING)
    attended = Q(registrations__status="attended")
    # Only one multi-valued relation (registrations, and its one-to-one evaluation) is joined, so the
    # aggregates do not multiply each other.
    events = (
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
    # The events app's participation (records, or the coordinator's head count) and evaluations (portal
    # answers plus paper counts), annotated for all the year's events at once, where it provides them.
    if hasattr(events, "with_participation"):
        events = events.with_participation()
    return events


def attendance_taken(event) -> bool:
    return bool(event.attended_count or event.no_show_count)


def participation(event) -> dict:
    """{"total", "sectors" {sector value: n}, "organisations", "source"}: from Event.participation() (records
    or a head count, never both) where the events app has it, else from the registrations counted here."""
    if hasattr(event, "participation"):
        return event.participation()
    if not event.holding_count:
        return {"total": None, "sectors": {}, "organisations": None, "source": NOT_RECORDED}
    taken = attendance_taken(event)
    return {
        "total": event.attended_count if taken else event.holding_count,
        "sectors": None,
        "organisations": event.attended_orgs if taken else event.holding_orgs,
        "source": RECORDS,
    }


def evaluations(event) -> dict:
    """{"average", "n"}: the portal's answers plus those entered as counts, where the events app has them."""
    if hasattr(event, "evaluation_summary"):
        summary = event.evaluation_summary()
        return {"average": summary["average"], "n": summary["n"], "paper_n": summary.get("paper_n", 0)}
    average = round(event.rating_avg, 1) if event.rating_avg is not None else None
    return {"average": average, "n": event.rating_count, "paper_n": 0}


def participants_source(event) -> str | None:
    return participation(event)["source"]


def participants(event) -> int | None:
    """Participants of the event, or None when none were recorded."""
    return participation(event)["total"]


def organisations(event) -> int | None:
    return participation(event)["organisations"]


def event_row(event) -> dict:
    """The figures every activity shows, as plain JSON."""
    taking_part = participation(event)
    rated = evaluations(event)
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
        "participants": taking_part["total"],
        "participants_source": taking_part["source"],
        "signed_up": event.holding_count,
        "attendance_taken": attendance_taken(event),
        "organisations": taking_part["organisations"],
        "focus_area": event.focus_area.title if event.focus_area_id else None,
        "rating_average": round(rated["average"], 1) if rated["average"] is not None else None,
        "rating_answers": rated["n"],
        "rating_paper_answers": rated["paper_n"],
        "rating_source": RECORDS if rated["n"] else NOT_RECORDED,
    }


def sectors_by_event(events: list) -> dict[int, dict[str, int]]:
    """Participants per sector for each event (one query), counted as `participants` counts them."""
    labels = dict(Sector.choices)
    if events and hasattr(events[0], "participation"):
        return {
            event.pk: {str(labels.get(k, k)): n for k, n in event.participation()["sectors"].items()}
            for event in events
        }
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


def city_roles_by_event(events: list) -> dict[int, dict[str, int]]:
    """The city's participants of each event told apart (one query): {"politicians", "officials", "unknown"},
    counted as `participants` counts them (those who attended once attendance was taken), each by the role on
    their confirmed membership of the committee or department they came as (the 2021 evaluation asked for more
    politicians and officials alike). Empty where no city participant was recorded one by one (a head count
    cannot tell them apart)."""
    taken = {event.pk: attendance_taken(event) for event in events}
    role = Membership.objects.filter(
        user=OuterRef("user"), organisation=OuterRef("organisation"), confirmed_at__isnull=False
    ).values("city_role")[:1]
    rows = (
        Registration.objects.filter(
            event__in=list(taken), status__in=PLACE_HOLDING, organisation__sector=Sector.CITY
        )
        .annotate(role=Subquery(role))
        .values("event_id", "status", "role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    keys = {"politician": "politicians", "official": "officials"}
    result: dict[int, dict[str, int]] = {pk: {} for pk in taken}
    for row in rows:
        if taken[row["event_id"]] and row["status"] != "attended":
            continue
        split = result[row["event_id"]] or {"politicians": 0, "officials": 0, "unknown": 0}
        key = keys.get(row["role"] or "", "unknown")
        split[key] += row["n"]
        result[row["event_id"]] = split
    return result


def presenters_by_event(events: list) -> dict[int, list[dict]]:
    labels = dict(Sector.choices)
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
    """Totals and ranges over a list of event rows; participants only over the events that recorded them.

    `participants`, `min`, `max` and `average` are None where no event recorded its participants;
    `unrecorded` counts the events without participant figures, so the text can say so.
    """
    counts = [row["participants"] for row in rows if row["participants"] is not None]
    return {
        "count": len(rows),
        "recorded": len(counts),
        "unrecorded": len(rows) - len(counts),
        "participants": sum(counts) if counts else None,
        "participants_source": RECORDS if counts else NOT_RECORDED,
        "min": min(counts, default=None),
        "max": max(counts, default=None),
        "average": round(sum(counts) / len(counts), 1) if counts else None,
    }
