import datetime as dt

import factory
from django.utils import timezone

from collaboration.factories import OrganisationFactory

from .models import Call, Fund, FundCategory, Match, Posting, PostingKind, PostingStatus


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Samordning {n}")
    cause = "Många behöver hjälp just nu."
    opens_on = factory.LazyFunction(timezone.localdate)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    kind = PostingKind.NEED
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Behov {n}")
    description = "Vi söker någon att samarbeta med."
    for_whom = "Unga i Malmö"
    category = "social_trygghet"
    status = PostingStatus.PUBLISHED


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    need = factory.SubFactory(PostingFactory, kind=PostingKind.NEED)
    offer = factory.SubFactory(PostingFactory, kind=PostingKind.OFFER)
    note = "De passar ihop."


class FundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Fund
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Fond {n}")
    funder = "Allmänna arvsfonden"
    for_whom = "Ideella föreningar"
    description = "Stöd till nya projekt för barn och unga."
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=20))

    @factory.post_generation
    def category_values(self, create, extracted, **kwargs):
        if create:
            for category in extracted or ["social_trygghet"]:
                FundCategory.objects.create(fund=self, category=category)
