import pytest
from django.db.models import Avg, Sum

from events import demo
from events.models import Evaluation, Event, EventKind
from events.services import events_statistics
from steering.models import FocusArea

pytestmark = pytest.mark.django_db


def test_demo_holds_the_reported_events_of_2021_and_2022_and_upcoming_ones():
    FocusArea.objects.create(start_year=2021, title="Återstart")
    FocusArea.objects.create(start_year=2022, title="Ungas trygghet och delaktighet")
    demo.load()

    def figures(year, kind):
        events = Event.objects.in_year(year).filter(kind=kind)
        return events.count(), events_statistics(events)

    hours, stats = figures(2021, EventKind.MALMO_HOUR)
    assert hours == 5 and sum(s["attended"] for s in stats.values()) == 158
    lunches, stats = figures(2021, EventKind.LEARNING_LUNCH)
    assert lunches == 10 and all(10 <= s["attended"] <= 15 for s in stats.values())
    forum = Event.objects.get(kind=EventKind.DIALOGUE_FORUM, starts_at__year=2021)
    stats = events_statistics(Event.objects.filter(pk=forum.pk))[forum.pk]
    assert stats["attended"] > 60 and stats["organisations"] == 50
    assert Evaluation.objects.filter(registration__event=forum).aggregate(a=Avg("rating"))["a"] == 4
    assert forum.focus_area.title == "Återstart"
    assert Event.objects.in_year(2022).filter(kind=EventKind.LEARNING_LUNCH).count() == 9
    assert Event.objects.in_year(2022).filter(kind=EventKind.MALMO_HOUR).count() == 2
    assert Event.objects.upcoming().published().count() >= 4
    assert Event.objects.aggregate(c=Sum("capacity"))["c"] > 0
