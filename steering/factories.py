import datetime as dt

import factory
from django.utils import timezone

from collaboration.factories import UserFactory

from .models import Ballot, FocusArea, Mandate, MandateRole, Meeting, Proposal, ProposalStatus, Side


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    title = factory.Sequence(lambda n: f"Fokusområde {n}")
    start_year = factory.LazyFunction(lambda: timezone.localdate().year)


class MandateFactory(factory.django.DjangoModelFactory):
    """A seat without the role bookkeeping; use services.mandates.mandate_create when the role matters."""

    class Meta:
        model = Mandate

    user = factory.SubFactory(UserFactory)
    side = Side.CIVIL_SOCIETY
    category = "kultur"
    role = MandateRole.MEMBER
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=100))
    ends_on = factory.LazyAttribute(lambda m: m.starts_on + dt.timedelta(days=730))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    held_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))
    place = "Nobel 21, Nobelvägen 21"
    agenda = "1. Mötets öppnande\n2. Fokusområde\n3. Övrigt"


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    year = factory.LazyFunction(lambda: timezone.localdate().year + 1)
    title = factory.Sequence(lambda n: f"Förslag {n}")
    motivation = "Viktigt för Malmö."
    proposed_by = factory.SubFactory(UserFactory)
    status = ProposalStatus.SUBMITTED


class BallotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ballot

    title = factory.Sequence(lambda n: f"Fokusområde, omröstning {n}")
    year = factory.LazyFunction(lambda: timezone.localdate().year + 1)
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))


def open_focus_ballot(*, voters=(), proposals: int = 2, **kwargs) -> Ballot:
    """An open focus-area ballot over `proposals` shortlisted proposals; `voters` get voting seats first."""
    from .services.ballots import ballot_open

    for user in voters:
        MandateFactory(user=user)
    if not voters and not Mandate.objects.voting().exists():
        MandateFactory()
    ballot = BallotFactory(**kwargs)
    for _ in range(proposals):
        ProposalFactory(year=ballot.year, status=ProposalStatus.SHORTLISTED)
    return ballot_open(ballot=ballot)
