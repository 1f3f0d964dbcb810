"""Changes that reach those they concern: a new time, place or online link, told to everyone signed up.

A form that edits an event (the admin's, and any portal page) saves it through `events.services.events`
(`event_save`, then `event_form_saved`), which calls `event_change_announce` with the names of the fields the
form changed; the rule of what counts, who is told and how the calendar file's SEQUENCE grows lives only here. Cancelling goes through `events.services.events.event_cancel`, which raises the
SEQUENCE the same way (`event_sequence_bump`).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import ACTIVE, Event, EventStatus, Session
from . import mail

# Form field (or model attribute) → what participants are told changed.
CHANGE_KINDS = {
    "starts_at": "time",
    "ends_at": "time",
    "place_kind": "place",
    "room": "place",
    "room_id": "place",
    "address": "place",
    "online_link": "link",
}


def event_changes(changed_fields: Iterable[str]) -> set[str]:
    """What of `changed_fields` participants must hear of: a subset of {"time", "place", "link"}."""
    return {CHANGE_KINDS[field] for field in changed_fields if field in CHANGE_KINDS}


def event_sequence_bump(event: Event) -> Event:
    """One more change calendar programs must pick up; the instance gets the stored values."""
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1, changed_at=now)
    event.sequence = Event.objects.values_list("sequence", flat=True).get(pk=event.pk)
    event.changed_at = now
    return event


def event_change_announce(*, event: Event, changed_fields: Iterable[str], formsets: Iterable = ()) -> int:
    """After an event was saved with `changed_fields`: when its time, place or link changed, raise the
    calendar SEQUENCE and e-mail everyone confirmed or waiting the news with the updated calendar file.
    `formsets`: the admin's inline formsets; a changed session (a training's meeting) is a change of time.

    Drafts (nobody could sign up), cancelled and past events tell no one. Returns how many were told; the
    e-mails leave after the transaction commits.
    """
    changes = event_changes(changed_fields)
    if any(formset.model is Session and formset.has_changed() for formset in formsets):
        changes.add("time")
    if not changes or event.status != EventStatus.PUBLISHED or event.is_past:
        return 0
    with transaction.atomic():
        event_sequence_bump(event)
        registrations = list(
            event.registrations.filter(status__in=ACTIVE).exclude(email="").select_related("event__room")
        )
        for registration in registrations:
            registration.event = event
            mail.event_changed_send(event=event, registration=registration, changed=changes)
    return len(registrations)
