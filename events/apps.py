from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Evenemang")

    def ready(self) -> None:
        from collaboration.models import Booking, Organisation, Room
        from collaboration.shared import fragments
        from steering.models import FocusArea

        from .models import Event, Presenter, Registration, Session, Topic

        # Everything the home page, the event list and the event page show from their cached blocks: the
        # events with their organisers, places taken and waiting (registrations), sessions, presenters and
        # topics (with their participants), and the names they show of focus areas (with the home page's
        # descriptions), organisations and Nobel 21 rooms.
        fragments.watch(
            "events", Event, Registration, Session, Presenter, Topic, FocusArea, Organisation, Room
        )
        # One event as the lists and the yearly cycle show it, without its sign-ups: a list's item (whose places
        # left are in its key) and the cycle stay cached through a sign-up, which renews only the list around them.
        fragments.watch("event_items", Event, FocusArea)
        # What one event's page says of it apart from its sign-ups and topics (when, where, who, what): kept
        # through a sign-up, which renews the places left beside it (versioned per event, below).
        fragments.watch("event_details", Event, Booking, Session, Presenter, FocusArea, Organisation, Room)
        # One event's page: the same, with the registrations (places taken and waiting) of that event only, so
        # a sign-up renews its own event's page (and the lists above), not every other event's; and the room
        # bookings, whose approval the page tells ("Lokalen är inte bekräftad än").
        fragments.watch(
            "event-page",
            Event,
            Booking,
            Session,
            Presenter,
            Topic,
            FocusArea,
            Organisation,
            Room,
            fragments.Per(Registration, "event"),
        )
