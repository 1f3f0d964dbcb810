import datetime as dt

import factory
from django.utils import timezone

from collaboration.factories import OrganisationFactory

from .models import Event, EventKind, EventStatus, PlaceKind, Registration, RegistrationStatus, Topic


def _next_week():
    return timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=7)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = EventKind.DIALOGUE_FORUM
    title = factory.Sequence(lambda n: f"Evenemang {n}")
    starts_at = factory.LazyFunction(_next_week)
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + dt.timedelta(hours=2))
    place_kind = PlaceKind.ADDRESS
    address = "Stortorget 1, Malmö"
    capacity = 50
    status = EventStatus.PUBLISHED


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Deltagare {n}")
    email = factory.Sequence(lambda n: f"deltagare{n}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    status = RegistrationStatus.CONFIRMED
    position = factory.Sequence(lambda n: n + 1)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Ämne {n}")
