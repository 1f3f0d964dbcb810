"""Cached copies are keyed by validated form values only: a query string cannot churn or poison them."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

from events.factories import EventFactory
from events.models import EventKind

pytestmark = pytest.mark.django_db


def _entries() -> int:
    """The copies of the event list's page of items (its items and filters are cached apart as well)."""
    return sum('."event-list".' in key for key in caches["template_fragments"]._cache)


def test_unknown_parameters_and_refused_values_share_the_default_copy(client):
    EventFactory(title="Dialogforum om lokaler")
    url = reverse("events:event-list")
    client.get(url)
    client.get(url, {"focus_area": "1"})  # the focus areas' ids, kept once per version
    before = _entries()
    for n in range(20):
        page = client.get(
            url, {"junk": n, "kind": f"ingen-typ-{n}", "focus_area": str(10_000 + n), "sida": "x"}
        )
        assert page.status_code == 200
    assert _entries() == before  # no new copy: all of them are the default list
    # The language switch sends the visitor back to this very address (rendered per request, not cached).
    html = re.sub(r'name="next" value="[^"]*"', "", page.content.decode())
    assert "ingen-typ-19" not in html and "junk" not in html and "10019" not in html
    assert "En del av adressen kunde inte användas" in html  # told, outside the cached block
    assert "Dialogforum om lokaler" in html


def test_a_valid_filter_has_its_own_copy_and_the_pager_repeats_only_valid_filters(client):
    kind = EventKind.values[0]
    for n in range(25):
        EventFactory(title=f"Träff {n}", kind=kind)
    url = reverse("events:event-list")
    html = re.sub(
        r'name="next" value="[^"]*"', "", client.get(url, {"kind": kind, "junk": "<x>"}).content.decode()
    )
    assert f"?kind={kind}&amp;sida=2" in html and "junk" not in html
    before = _entries()
    assert f"?kind={kind}&amp;sida=2" in client.get(url, {"kind": kind}).content.decode()
    assert _entries() == before  # the same copy
    client.get(url, {"kind": kind, "sida": "2"})
    assert _entries() == before + 1
