import factory
from django.utils import timezone

from .models import FocusArea


class FocusAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocusArea

    title = factory.Sequence(lambda n: f"Fokusområde {n}")
    start_year = factory.LazyFunction(lambda: timezone.localdate().year)
