import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from collaboration.models import User
from events.models import Event
from events.wheel import year_wheel
from events.yearplan import year_cycle, year_gaps
from steering.models import Ballot, BallotKind, FocusArea

pytestmark = pytest.mark.django_db

# The wheel's states that say a milestone was not held, or not in full, or late.
NOT_HELD = {"missed", "short", "late"}


def test_demo_data_loads_once_and_a_second_run_keeps_it(capsys):
    call_command("load_demo_data")
    users = User.objects.count()
    call_command("load_demo_data")
    out = capsys.readouterr().out
    assert User.objects.count() == users
    assert "samordnare@example.org" in out and "malmoandan-demo" in out
    assert "finns redan" in out


@pytest.mark.parametrize("month, day", [(1, 10), (3, 15), (12, 2)])
def test_the_demo_year_has_happened_up_to_any_day(client, month, day):
    """Loaded on any day of the year, the home page's årshjul shows the current year's past milestones as held
    and the year's focus area as the previous autumn's ballot decided it; no year since the documents says a
    milestone was not held."""
    year = timezone.localdate().year
    with time_machine.travel(
        dt.datetime(year, month, day, 10, tzinfo=ZoneInfo("Europe/Stockholm")), tick=False
    ):
        call_command("load_demo_data", stdout=io.StringIO())
        today = timezone.localdate()
        html = client.get(reverse("home")).content.decode()
        wheel = year_wheel(year_cycle(year, today), today)
        earlier_years = {y: year_cycle(y, today) for y in range(2023, year)}
        gaps = year_gaps(year)

    focus = FocusArea.objects.for_year(year).get()
    assert Ballot.objects.get(kind=BallotKind.FOCUS_AREA, year=year).focus_area == focus
    assert focus.title in html and "ännu inte beslutat om årets fokusområde" not in html
    states = [arc.item.state for arc in wheel.arcs]
    # The list beside the picture says what the page worked out, milestone by milestone.
    wheel_list = html.split('<ol class="wheel-list">')[1].split("</ol>")[0]
    assert re.findall(r'data-state="(\w+)"', wheel_list) == states
    over = [arc for arc in wheel.arcs if arc.item.last_month < today.month]
    assert all(arc.item.state in ("done", "elsewhere") for arc in over), [
        (a.item.title, a.label) for a in over
    ]
    assert all(f"{arc.label}</span>" in wheel_list for arc in over)
    assert not NOT_HELD & set(states)
    # What was held has its attendance, evaluations, topics and presenters: nothing is missing for the year.
    assert gaps == []
    for earlier, items in earlier_years.items():
        assert not NOT_HELD & {item.state for item in items}, earlier
    # Each event serves the focus area of the year it falls in, coming ones included.
    focus_by_year = {area.start_year: area for area in FocusArea.objects.filter(end_year=None)}
    for event in Event.objects.all():
        own = focus_by_year.get(timezone.localtime(event.starts_at).year)
        assert own is None or event.focus_area_id == own.pk, event
