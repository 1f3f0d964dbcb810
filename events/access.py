from django.http import Http404

from collaboration import fragments
from collaboration.roles import is_coordinator

from .models import Event, EventStatus, Registration


def get_event_for_user(user, pk: int, *, version: str | None = None) -> Event:
    """The event if the user may see it: drafts only for coordinators. 404 for missing and forbidden alike.

    With `version` (the events data set's, collaboration.fragments) the row comes from this process's copy of
    that version when there is one: a page whose content is cached then runs no query at all. The copy is
    never stale (any change to an event gives a new version) and the draft check is the same.
    """
    if version is not None:
        event = _event_of_version(pk, version)
        if event is None or (event.status == EventStatus.DRAFT and not is_coordinator(user)):
            raise Http404
        return event
    events = Event.objects.all() if is_coordinator(user) else Event.objects.visible()
    try:
        return events.select_related("focus_area", "room", "booking").get(pk=pk)
    except Event.DoesNotExist as error:
        raise Http404 from error


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
