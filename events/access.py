"""Object access for the event pages: one rule per model (collaboration.shared.access_rules), 404 for missing and
forbidden alike."""

from django.db.models import Q
from django.http import Http404

from collaboration.shared import fragments
from collaboration.shared.access_rules import VisibilityRule
from collaboration.shared.roles import is_coordinator

from .models import VISIBLE_TO_ALL, Event, Registration

# Drafts only for coordinators; everyone else sees what the public lists show.
event_visibility = VisibilityRule(Event, lambda user: Q() if is_coordinator(user) else VISIBLE_TO_ALL)


def get_event_for_user(user, pk: int, *, version: str | None = None) -> Event:
    """The event if the user may see it.

    With `version` (the events data set's, collaboration.shared.fragments) the row comes from this process's copy of
    that version when there is one: a page whose content is cached then runs no query at all. The copy is
    never stale (any change to an event gives a new version), and the same rule decides on it.
    """
    if version is not None:
        return event_visibility.check(user, _event_of_version(pk, version))
    events = Event.objects.select_related("focus_area", "room", "booking")
    return event_visibility.get(events, user, pk=pk)


def _event_of_version(pk: int, version: str) -> Event | None:
    return fragments.remembered(
        "events",
        f"event:{pk}",
        Event.objects.select_related("focus_area", "room", "booking").filter(pk=pk).first,
        data_version=version,
    )


def get_registration_for_coordinator(user, event: Event, pk: int) -> Registration:
    if not is_coordinator(user):
        raise Http404
    try:
        return event.registrations.select_related("event", "organisation").get(pk=pk)
    except Registration.DoesNotExist as error:
        raise Http404 from error
