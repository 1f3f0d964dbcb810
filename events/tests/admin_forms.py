"""What the event admin's change form posts, for tests that edit an event as a coordinator does."""

from django.utils import timezone

from events.models import Event


def event_change_data(event: Event, **changes) -> dict:
    """The event's current values as the admin form posts them (no inlines), with `changes` on top."""
    data = {
        "kind": event.kind,
        "title": event.title,
        "status": event.status,
        "starts_at_0": timezone.localtime(event.starts_at).date().isoformat(),
        "starts_at_1": timezone.localtime(event.starts_at).strftime("%H:%M"),
        "ends_at_0": timezone.localtime(event.ends_at).date().isoformat(),
        "ends_at_1": timezone.localtime(event.ends_at).strftime("%H:%M"),
        "place_kind": event.place_kind,
        "address": event.address,
        "capacity": event.capacity,
    }
    if event.reminder_enabled:
        data["reminder_enabled"] = "on"
    data["reminder_days_before"] = event.reminder_days_before
    for prefix in ("sessions", "presenters", "questions", "topics", "head_count", "paper_evaluations"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | changes
