"""Cached page fragments: the parts of a page that look the same to many visitors, kept until their data changes.

Each app names the data its pages show as data sets, in its AppConfig.ready():

    fragments.watch("events", Event, Registration, Topic, …)

A data set has a version in the shared cache. Saving or deleting a row of a watched model (or changing one
of its many-to-many fields) gives the data set a new version; a service that changes rows in bulk, which
sends no signals, says so itself with `fragments.changed("events")`. Templates cache with Django's own tag
and vary on the versions of what they show, the language and whatever else the fragment depends on:

    {% load cache %}
    {% cache FRAGMENT_SECONDS "event-list" data_versions.events LANGUAGE_CODE request.GET.urlencode %}
      …
    {% endcache %}

A new version makes every older copy unreachable; old copies expire after FRAGMENT_SECONDS or are culled.
Nothing inside such a block may depend on the visitor (a CSRF token, the user's name) unless the key varies on
it too.

The versions live in the default cache, which must be one for all web processes (Redis, as in production):
otherwise a change made through one process would not reach the others. The rendered copies live in the
"template_fragments" cache, each process's own memory: a key names the versions it was rendered from, so a
local copy is never stale, and reading it costs no round trip. Without REDIS_URL the portal is one runserver
process, for which local memory serves for both.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

# How long an unused copy stays; a change makes it unreachable long before that.
FRAGMENT_SECONDS = 3600

_WATCHED: dict[str, list] = {}
T = TypeVar("T")


def _key(name: str) -> str:
    return f"data-version:{name}"


def watch(name: str, *models) -> None:
    """Give the data set `name` a new version whenever a row of one of `models` is saved or deleted."""
    _WATCHED.setdefault(name, []).extend(models)

    def on_change(sender, **kwargs) -> None:
        changed(name)

    def on_m2m_change(sender, action, **kwargs) -> None:
        if action.startswith("post_"):
            changed(name)

    for model in models:
        uid = f"fragments.{name}.{model._meta.label}"
        post_save.connect(on_change, sender=model, weak=False, dispatch_uid=f"{uid}.save")
        post_delete.connect(on_change, sender=model, weak=False, dispatch_uid=f"{uid}.delete")
        for m2m in model._meta.local_many_to_many:
            m2m_changed.connect(
                on_m2m_change, sender=m2m.remote_field.through, weak=False, dispatch_uid=f"{uid}.{m2m.name}"
            )


def watched() -> dict[str, list]:
    """The data sets and their models, for the tests that check every shown model is watched."""
    return {name: list(models) for name, models in _WATCHED.items()}


def changed(*names: str) -> None:
    """New versions for these data sets: now, so this transaction's own next page sees its change, and again
    when the transaction commits, so no copy rendered from the data before the commit stays current."""
    for name in names:
        _check(name)

    def renew() -> None:
        cache.set_many({_key(name): uuid.uuid4().hex for name in names}, timeout=None)

    renew()
    transaction.on_commit(renew)


def changed_all() -> None:
    """After a change that may touch any data set (merging organisations, erasing a person)."""
    changed(*_WATCHED)


def version(name: str) -> str:
    _check(name)
    key = _key(name)
    value = cache.get(key)
    if value is None:  # first use, or the cache was emptied
        cache.add(key, uuid.uuid4().hex, timeout=None)
        value = cache.get(key)
    return value


def remembered(name: str, key: str, load: Callable[[], T], *, data_version: str | None = None) -> T:
    """What `load()` returns, kept in this process's memory under the current version of the data set `name`
    (or `data_version`, when the caller has read it already): a page that asks on every request loads it once
    per version. Like the fragments, a local copy is never stale. A None result is not kept."""
    data_version = data_version or version(name)
    local = caches["template_fragments"]
    full_key = f"{name}:{key}:{data_version}"
    value = local.get(full_key)
    if value is None:
        value = load()
        if value is not None:
            local.set(full_key, value, FRAGMENT_SECONDS)
    return value


def _check(name: str) -> None:
    if name not in _WATCHED:
        raise ImproperlyConfigured(f"No data set {name!r}: watch() it in its app's ready().")


class DataVersions:
    """`data_versions.events` in templates: read from the cache only when a template asks."""

    def __getitem__(self, name: str) -> str:
        return version(name)


def this_minute() -> dt.datetime:
    """Now, to the minute: time-dependent lists (what is still to come) use it for their query and their key,
    so a cached copy is exactly what the query would give in that minute."""
    return timezone.now().replace(second=0, microsecond=0)
