"""Degrade, never fail: with Redis unreachable pages render uncached and writes succeed (malmoandan/cache.py)."""

import logging
import os

import pytest
from django.core.cache import caches
from django.urls import reverse

from collaboration.shared import fragments
from events.factories import EventFactory
from events.models import Registration
from malmoandan.cache import BoundedLocMemCache, ResilientRedisCache

CLOSED_PORT = "redis://127.0.0.1:9/0"  # the discard port: nothing listens, the connection is refused


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "malmoandan.cache.ResilientRedisCache",
            "LOCATION": CLOSED_PORT,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield caches["default"]


def test_pages_render_and_a_sign_up_succeeds_with_redis_unreachable(
    client, representative, organisation, redis_down, caplog, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=5)
    caplog.set_level(logging.ERROR, logger="malmoandan.cache")
    for url in (reverse("home"), reverse("events:event-list"), event.get_absolute_url()):
        assert client.get(url).status_code == 200, url
    client.force_login(representative)  # the session goes to the database
    assert client.get(reverse("home")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:registration-create", kwargs={"pk": event.pk}),
            {
                "organisation": organisation.pk,
                "include_myself": "on",
                "kollega-TOTAL_FORMS": "0",
                "kollega-INITIAL_FORMS": "0",
                "kollega-MIN_NUM_FORMS": "0",
                "kollega-MAX_NUM_FORMS": "10",
            },
        )
    assert response.status_code == 302
    assert Registration.objects.filter(event=event, email=representative.email).exists()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Du är anmäld" in page
    outage_logs = [r for r in caplog.records if "Redis unreachable" in r.getMessage()]
    assert len(outage_logs) == 1  # logged once per outage, not once per call


def test_an_unreachable_cache_answers_misses_and_drops_writes(redis_down):
    assert isinstance(redis_down, ResilientRedisCache)
    assert redis_down.get("x", "default") == "default"
    redis_down.set("x", 1)
    assert redis_down.add("x", 1) is False
    assert redis_down.get_many(["x", "y"]) == {}
    assert redis_down.set_many({"x": 1}) == ["x"]
    redis_down.delete_many(["x"])
    with pytest.raises(ValueError):
        redis_down.incr("x")
    assert redis_down._lost_writes


@pytest.mark.redis
def test_after_an_outage_the_cache_is_emptied_of_what_it_may_have_kept_stale():
    """A session signed out (or a role revoked) while Redis was away must not come back with it."""
    cache = ResilientRedisCache(os.environ["REDIS_URL"], {})
    cache.set("session", "signed in")
    cache._down_until = float("inf")  # an outage: the sign-out's delete is dropped
    cache.delete("session")
    cache._down_until = 0.0  # Redis answers again
    assert cache.get("session") is None
    cache.set("after", 1)
    assert cache.get("after") == 1


def test_the_fragment_versions_do_not_need_the_cache(db, redis_down):
    before = fragments.version("events")
    EventFactory()
    assert fragments.version("events") != before


def test_the_per_process_fragment_cache_is_bounded_in_bytes():
    local = BoundedLocMemCache("test-bounded", {"OPTIONS": {"MAX_ENTRIES": 1000, "MAX_BYTES": 10_000}})
    local.clear()
    for n in range(50):
        local.set(f"k{n}", "x" * 1000)
        assert local.bytes_used <= 10_000
    assert local.get("k49") is not None and local.get("k0") is None  # the oldest went first
    local.get("k45")  # recently read: kept over older ones
    for n in range(50, 56):
        local.set(f"k{n}", "x" * 1000)
    assert local.get("k45") is not None
    local.set("huge", "x" * 20_000)  # larger than the bound: not kept, nothing else lost
    assert local.get("huge") is None and local.get("k55") is not None
    local.delete("k55")
    assert local.bytes_used <= 10_000 - 1000
    local.clear()
    assert local.bytes_used == 0
