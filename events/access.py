from django.http import Http404

from collaboration.roles import is_coordinator

from .models import Event, Registration


def get_event_for_user(user, pk: int) -> Event:
    """The event if the user may see it: drafts only for coordinators. 404 for missing and forbidden alike."""
    events = Event.objects.all() if is_coordinator(user) else Event.objects.visible()
    try:
        return events.select_related("focus_area", "room").get(pk=pk)
    except Event.DoesNotExist as error:
        raise Http404 from error


def get_registration_for_coordinator(user, event: Event, pk: int) -> Registration:
    if not is_coordinator(user):
        raise Http404
    try:
        return event.registrations.select_related("event", "organisation").get(pk=pk)
    except Registration.DoesNotExist as error:
        raise Http404 from error
