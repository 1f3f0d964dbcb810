"""The home page's yearly cycle (årshjul): an inline SVG with the current month marked and each milestone's state,
and a text list that says the same."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation

from events.factories import EventFactory
from events.models import EventKind
from events.wheel import year_wheel
from events.yearplan import CycleItem, cycle_items
from steering.factories import FocusAreaFactory

YEAR = 2031


def _at(month: int, day: int = 10, hour: int = 13) -> dt.datetime:
    return timezone.make_aware(dt.datetime(YEAR, month, day, hour))


def _wheel_html(html: str) -> str:
    return html[html.index('<svg class="wheel"') : html.index("</svg>", html.index('<svg class="wheel"'))]


def test_months_run_clockwise_from_january_at_the_top_and_only_this_month_is_current():
    with translation.override("sv"):
        wheel = year_wheel(cycle_items(), dt.date(YEAR, 3, 15))
        assert wheel.current_month == "mars"
    assert [m.number for m in wheel.months] == list(range(1, 13))
    assert [m.number for m in wheel.months if m.current] == [3]
    january, april, july = wheel.months[0], wheel.months[3], wheel.months[6]
    assert january.label_y < 200 < july.label_y  # January above the centre, July below
    assert january.label_x > 200 and april.label_x > 200 and july.label_x < 200  # clockwise


def test_milestones_that_share_a_month_get_rings_of_their_own():
    items = [CycleItem("A", 4, 4), CycleItem("B", 4, 9), CycleItem("C", 10, 10), CycleItem("D", 1, 12)]
    arcs = year_wheel(items, dt.date(YEAR, 5, 1)).arcs
    by_title = {arc.item.title: arc for arc in arcs}
    assert by_title["A"].lane != by_title["B"].lane
    assert by_title["C"].lane == by_title["A"].lane  # October is free on the first ring
    assert by_title["D"].whole_year and by_title["D"].lane not in {
        a.lane for a in arcs if a is not by_title["D"]
    }
    assert [a.number for a in arcs] == [1, 2, 3, 4]
    assert [a.now for a in arcs] == [False, True, False, True]  # May: within B and the whole year


def test_another_year_marks_no_month():
    wheel = year_wheel(cycle_items(), dt.date(YEAR, 3, 15), year=YEAR + 1)
    assert not any(m.current for m in wheel.months) and not any(a.now for a in wheel.arcs)


@pytest.mark.django_db
def test_home_draws_the_cycle_with_this_month_and_done_due_late_states(client):
    EventFactory(kind=EventKind.DIALOGUE_FORUM, starts_at=_at(2), ends_at=_at(2, hour=16))
    EventFactory(kind=EventKind.IDEA_WORKSHOP, starts_at=_at(11, 20), ends_at=_at(11, 20, hour=16))
    with time_machine.travel(_at(9, 15), tick=False):
        september = client.get(reverse("home")).content.decode()
    svg = _wheel_html(september)
    assert 'role="img" aria-labelledby="wheel-title wheel-desc"' in svg
    assert '<title id="wheel-title">Årshjulet 2031</title>' in svg and '<desc id="wheel-desc">' in svg
    # Coordinates are SVG numbers, not Swedish decimals ("123,4" would be two x positions).
    coordinates = re.findall(r' (?:x|y|x1|y1|x2|y2|cx|cy|r)="([^"]*)"', svg)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in coordinates), coordinates
    current = re.findall(r'<text class="wheel-month-label is-current"[^>]*>([^<]+)</text>', svg)
    assert current == ["Sep"]
    assert svg.count('class="wheel-month is-current"') == 1
    states = re.findall(r'class="wheel-arc is-(\w+)"[^>]*data-state="(\w+)"', svg)
    assert len(states) == len(cycle_items())
    assert ("done", "done") in states  # February's forum has taken place
    assert ("due", "due") in states  # the focus area for 2032: September is the month to decide
    assert ("planned", "planned") in states  # November's workshop
    # April's workshop: nothing recorded, and nothing says it was not held (no approved report of the year).
    assert ("open", "unrecorded") in states and ("late", "missed") not in states
    # The list says it in words, the milestone now under way marked.
    assert "Beslut ska fattas senast i oktober" in september and "Genomfört" in september
    assert re.search(r'<li class="is-now" data-state="due">', september)
    legend = september[
        september.index('class="wheel-legend"') : september.index("</ul>", september.index("wheel-legend"))
    ]
    assert "Genomfört" in legend and "Ska göras nu" in legend and "Inget planerat eller registrerat" in legend

    # November: the decision is late, and the cached copy of September is not shown.
    with time_machine.travel(_at(11, 5), tick=False):
        november = client.get(reverse("home")).content.decode()
    assert re.findall(r'<text class="wheel-month-label is-current"[^>]*>([^<]+)</text>', november) == ["Nov"]
    assert 'data-state="late"' in _wheel_html(november)
    assert "Försenat: beslutet skulle ha fattats senast i oktober" in november

    # The steering group decides: the home page shows it at once (the steering data set is in the key).
    FocusAreaFactory(title="Trygghet i alla stadsdelar", start_year=YEAR + 1)
    with time_machine.travel(_at(11, 5), tick=False):
        decided = client.get(reverse("home")).content.decode()
    assert "Försenat: beslutet" not in decided and "Trygghet i alla stadsdelar" in decided


@pytest.mark.django_db
def test_the_cycle_is_in_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with time_machine.travel(_at(4, 2), tick=False):
        html = client.get(reverse("home")).content.decode()
    assert "Yearly cycle 2031" in html
    assert re.findall(r'<text class="wheel-month-label is-current"[^>]*>([^<]+)</text>', html) == ["Apr"]


def test_every_state_the_year_plan_gives_has_a_picture_and_words():
    import inspect

    from events import yearplan
    from events.wheel import STATES

    given = set(re.findall(r'state = "(\w+)"', inspect.getsource(yearplan)))
    assert {"done", "due", "late", "missing"} <= given
    assert given <= set(STATES), given - set(STATES)
