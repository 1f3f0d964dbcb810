"""Cached page fragments: the parts of a page that look the same to many visitors, kept until their data changes.

Each app names the data its pages show as data sets, in its AppConfig.ready():

    fragments.watch("events", Event, Registration, Topic, …)
    fragments.watch("steering", Mandate, (User, ["first_name", "last_name", "email"]))

A model alone means every column; a model with columns means only a change of those columns (or a row added
or removed) concerns the data set, so a login (`last_login`) renews nothing that only shows names.

Freshness is a mechanism of the database, not a convention of the code: after every migrate a trigger is put
on each watched table (statement-level on PostgreSQL, row-level on SQLite) that records the write as a row of
collaboration.DataChange; a statement that changed no row (an UPDATE whose WHERE matched nothing) records
nothing. Whatever issues the write (a model's save, bulk_create, QuerySet.update, raw SQL, a
data migration, psql), the data set's version changes with it. The trigger only inserts, so writers never
wait for each other, and its row is visible to other connections exactly when the change it records is.
A data set's version is a digest of (count, highest id) of the rows of its sources: with ids that are never
handed out twice, that pair changes at every commit, also when transactions commit out of order.

Templates cache with Django's own tag and vary on the versions of what they show, the language and whatever
else the fragment depends on (validated form values only, never the raw query string):

    {% load cache %}
    {% cache FRAGMENT_SECONDS "event-list" data_versions.events LANGUAGE_CODE filters.key %}
      …
    {% endcache %}

The versions are read with one query, once per request (the first time a page asks), and again after the
request's own ORM writes. The rendered copies live in the "template_fragments" cache, each process's own
memory (bounded, see settings): a key names the versions it was rendered from, so a local copy is never
stale, and reading one costs no round trip. Redis is not on this path at all: with Redis down, pages still
render from the database and the local copies.

`changed("name")` renews a data set by hand, for what no table records (it inserts a row for the set).
"""

import datetime as dt
import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Field, Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

# How long an unused copy stays; a change makes it unreachable long before that.
FRAGMENT_SECONDS = 3600
# A source with more recorded changes than this is compacted to one row (see prune()).
PRUNE_ABOVE = 500

T = TypeVar("T")


class Per:
    """A watched model whose changes concern only the pages of one value of `field`: `Per(Registration,
    "event")` in a data set makes its version per event (`version("event-page", key=event.pk)`), so a sign-up
    renews that event's page and not every other."""

    def __init__(self, model: type[Model], field: str) -> None:
        self.model, self.field = model, field


Watched = type[Model] | tuple[type[Model], Sequence[str]] | Per

_WATCHED: dict[str, list[type[Model]]] = {}
_SOURCES: dict[str, set[str]] = {}  # data set -> sources ("table" or "table(col,col)", and "set:name")
_TRIGGERS: dict[str, tuple[str, tuple[str, ...] | None]] = {}  # source -> (table, columns or None)
_KEYED: dict[str, dict[str, tuple[str, str]]] = {}  # data set -> {"table#column": (table, column)}
_SOURCE_RE = re.compile(r"^[A-Za-z0-9_]+(\([A-Za-z0-9_,]+\))?$")
_request = threading.local()


def _source(table: str, columns: tuple[str, ...] | None) -> str:
    source = f"{table}({','.join(columns)})" if columns else table
    if not _SOURCE_RE.match(source):
        raise ImproperlyConfigured(
            f"Cannot watch {source!r}: unexpected characters in a table or column name."
        )
    return source


def watch(name: str, *models: Watched) -> None:
    """Give the data set `name` a new version whenever a watched row (or a watched column of it) changes."""
    sources = _SOURCES.setdefault(name, {f"set:{name}"})
    for item in models:
        if isinstance(item, Per):
            _watch_per(name, item)
            continue
        model, fields = item if isinstance(item, tuple) else (item, None)
        _WATCHED.setdefault(name, []).append(model)
        opts = model._meta
        columns = tuple(sorted(_column(model, field) for field in fields)) if fields else None
        tables: list[tuple[str, tuple[str, ...] | None]] = [(opts.db_table, columns)]
        if columns is None:  # the model's many-to-many tables show with it
            tables += [(_through(m2m)._meta.db_table, None) for m2m in opts.local_many_to_many]
        for table, cols in tables:
            source = _source(table, cols)
            _TRIGGERS[source] = (table, cols)
            sources.add(source)
        # The request's own ORM writes are read back at once (the versions are read once per request).
        uid = f"fragments.{opts.label}"
        post_save.connect(_forget, sender=model, weak=False, dispatch_uid=f"{uid}.save")
        post_delete.connect(_forget, sender=model, weak=False, dispatch_uid=f"{uid}.delete")
        for m2m in opts.local_many_to_many:
            m2m_changed.connect(_forget, sender=_through(m2m), weak=False, dispatch_uid=f"{uid}.{m2m.name}")


def _watch_per(name: str, per: Per) -> None:
    _WATCHED.setdefault(name, []).append(per.model)
    table, column = per.model._meta.db_table, _column(per.model, per.field)
    prefix = _source(table, None) + "#" + _source(column, None)
    _KEYED.setdefault(name, {})[prefix] = (table, column)
    # Emptying the whole table (TRUNCATE, PostgreSQL) concerns every key: a source in every key's version.
    _SOURCES[name].add(prefix + "=*")
    uid = f"fragments.{per.model._meta.label}"
    post_save.connect(_forget, sender=per.model, weak=False, dispatch_uid=f"{uid}.save")
    post_delete.connect(_forget, sender=per.model, weak=False, dispatch_uid=f"{uid}.delete")


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or not field.column:
        raise ImproperlyConfigured(f"{model._meta.label}.{name} is no column to watch.")
    return field.column


def _through(m2m: Any) -> type[Model]:
    through = m2m.remote_field.through
    if through is None:
        raise ImproperlyConfigured(f"{m2m} has no table.")
    return through


def keyed(name: str) -> bool:
    """Whether the data set is versioned per key (has a `Per` model)."""
    return bool(_KEYED.get(name))


def watched() -> dict[str, list[type[Model]]]:
    """The data sets and their models, for the tests that check every shown model is watched."""
    return {name: list(models) for name, models in _WATCHED.items()}


def watched_tables() -> dict[str, set[str]]:
    """The data sets and the tables whose writes renew them (columns aside)."""
    return {
        name: {_TRIGGERS[source][0] for source in sources if source in _TRIGGERS}
        | {table for table, _ in _KEYED.get(name, {}).values()}
        for name, sources in _SOURCES.items()
    }


def changed(*names: str) -> None:
    """New versions for these data sets, for a change no watched table records. Visible in this transaction at
    once and to everyone when it commits, like any other write."""
    from collaboration.models import DataChange

    for name in names:
        _check(name)
    DataChange.objects.bulk_create([DataChange(source=f"set:{name}") for name in names])
    _forget()


def version(name: str, key: object = None) -> str:
    """The data set's current version; for a data set with a `Per` model, the version of one key's pages."""
    _check(name)
    keyed = sorted(f"{prefix}={key}" for prefix in _KEYED.get(name, {}))
    if keyed and key is None:
        raise ImproperlyConfigured(f"The data set {name!r} is versioned per key: version({name!r}, key=…).")
    tokens = _tokens(keyed)
    digest = hashlib.blake2b(digest_size=10)
    for source in sorted(_SOURCES[name]) + keyed:
        digest.update(f"{source}={tokens.get(source, '0')};".encode())
    value = digest.hexdigest()
    if len(_HANDED_OUT) > 10_000:
        _HANDED_OUT.clear()
    _HANDED_OUT[value] = name
    return value


# The data set of each version string handed out lately: the coverage test reads a block's data sets from its key.
_HANDED_OUT: dict[str, str] = {}


def data_set_of(value: str) -> str | None:
    return _HANDED_OUT.get(value)


def _tokens(keyed: Sequence[str] = ()) -> dict[str, str]:
    """Every unkeyed source's (count, highest id) of recorded changes, with those of the `keyed` sources asked
    for: one query, once per request (and one more for a key the request had not asked for before)."""
    tokens = getattr(_request, "tokens", None)
    missing = [source for source in keyed if tokens is None or source not in tokens]
    if tokens is not None and not missing:
        return tokens
    from collaboration.models import DataChange

    conditions, params = [], []
    if tokens is None:  # the keyed sources only as asked for (a row per event would grow the answer)
        conditions.append("source NOT LIKE %s OR source LIKE %s")
        params += ["%#%=%", "%=*"]
    if missing:
        conditions.append(f"source IN ({', '.join(['%s'] * len(missing))})")
        params += missing
    table = connections[DEFAULT_DB_ALIAS].ops.quote_name(DataChange._meta.db_table)
    sql = f"SELECT source, COUNT(*), MAX(id) FROM {table} WHERE {' OR '.join(conditions)} GROUP BY source"
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    tokens = {**(tokens or {}), **{source: f"{count}.{highest}" for source, count, highest in rows}}
    if getattr(_request, "active", False):
        _request.tokens = tokens
    crowded = [source for source, count, _ in rows if count > PRUNE_ABOVE]
    if crowded and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        prune(crowded)
    return tokens


def prune(sources: Iterable[str]) -> None:
    """Compact the recorded changes of `sources` to one new row each. The new row's id is higher than any
    before, so the (count, highest id) pair it leaves was never seen: the versions change once more, harmlessly.
    On PostgreSQL the table is locked against writers first (NOWAIT: with a write under way it waits for the
    next reader), so no uncommitted row of a lower id can commit in between."""
    from collaboration.models import DataChange

    connection = connections[DEFAULT_DB_ALIAS]
    sources = list(sources)
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        if connection.vendor == "postgresql":
            from django.db import OperationalError

            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        f"LOCK TABLE {connection.ops.quote_name(DataChange._meta.db_table)} IN EXCLUSIVE MODE NOWAIT"
                    )
            except OperationalError:
                return
        DataChange.objects.filter(source__in=sources).delete()
        DataChange.objects.bulk_create([DataChange(source=source) for source in sources])
    _forget()


def _forget(*args: Any, **kwargs: Any) -> None:
    _request.tokens = None


def _request_started(**kwargs: Any) -> None:
    _request.active, _request.tokens = True, None


def _request_finished(**kwargs: Any) -> None:
    _request.active, _request.tokens = False, None


request_started.connect(_request_started, dispatch_uid="fragments.request_started")
request_finished.connect(_request_finished, dispatch_uid="fragments.request_finished")


# The triggers ------------------------------------------------------------------------------------------------

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION fragments_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {table} (source) VALUES (TG_ARGV[0]);
    RETURN NULL;
END $$
"""
# For a statement with its rows as a transition table ("changed"): a statement that changed no row (an UPDATE or
# DELETE whose WHERE matched nothing) records nothing, so it renews no page.
_PG_ROWS_FUNCTION = """
CREATE OR REPLACE FUNCTION fragments_rows_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        INSERT INTO {table} (source) VALUES (TG_ARGV[0]);
    END IF;
    RETURN NULL;
END $$
"""
# For a `Per` model: a row per changed row, naming the key (the column's value before and after).
_PG_ROW_FUNCTION = """
CREATE OR REPLACE FUNCTION fragments_row_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO {table} (source) VALUES (TG_ARGV[0] || '=' || coalesce(to_jsonb(NEW) ->> TG_ARGV[1], ''));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO {table} (source) VALUES (TG_ARGV[0] || '=' || coalesce(to_jsonb(OLD) ->> TG_ARGV[1], ''));
    END IF;
    RETURN NULL;
END $$
"""


def _keyed_trigger_statements(vendor: str, prefix: str, table: str, column: str, ops) -> dict[str, list[str]]:
    from collaboration.models import DataChange

    log = ops.quote_name(DataChange._meta.db_table)
    target = ops.quote_name(table)
    statements: dict[str, list[str]] = {}
    if vendor == "postgresql":
        bodies = [
            f"AFTER INSERT OR UPDATE OR DELETE ON {target} FOR EACH ROW "
            f"EXECUTE FUNCTION fragments_row_changed('{prefix}', '{column}')",
            f"AFTER TRUNCATE ON {target} FOR EACH STATEMENT EXECUTE FUNCTION fragments_data_changed('{prefix}=*')",
        ]
        for body in bodies:
            statements[_trigger_name(body)] = [f"CREATE OR REPLACE TRIGGER {{name}} {body}"]
    else:
        value = {"NEW": f"'{prefix}=' || coalesce(NEW.{ops.quote_name(column)}, '')"}
        value["OLD"] = value["NEW"].replace("NEW.", "OLD.")
        for event, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["NEW", "OLD"])):
            inserts = " ".join(f"INSERT INTO {log} (source) VALUES ({value[row]});" for row in rows)
            body = f"AFTER {event} ON {target} FOR EACH ROW BEGIN {inserts} END"
            statements[_trigger_name(body)] = [f"CREATE TRIGGER {{name}} {body}"]
    return statements


def _trigger_statements(vendor: str, source: str, ops) -> dict[str, list[str]]:
    """The triggers recording writes to `source`, by name (the name digests the definition)."""
    from collaboration.models import DataChange

    table, columns = _TRIGGERS[source]
    log = ops.quote_name(DataChange._meta.db_table)
    target = ops.quote_name(table)
    update = "UPDATE OF " + ", ".join(ops.quote_name(c) for c in columns) if columns else "UPDATE"
    statements: dict[str, list[str]] = {}
    if vendor == "postgresql":
        # One trigger per event, each seeing the statement's rows (PostgreSQL allows a transition table only on
        # a single-event trigger, and not on UPDATE OF columns: a watch of some columns fires on any UPDATE
        # that sets one of them, even of no row).
        bodies = [
            f"AFTER INSERT ON {target} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT "
            f"EXECUTE FUNCTION fragments_rows_changed('{source}')",
            f"AFTER DELETE ON {target} REFERENCING OLD TABLE AS changed FOR EACH STATEMENT "
            f"EXECUTE FUNCTION fragments_rows_changed('{source}')",
            f"AFTER TRUNCATE ON {target} FOR EACH STATEMENT EXECUTE FUNCTION fragments_data_changed('{source}')",
        ]
        if columns:
            bodies.append(
                f"AFTER {update} ON {target} FOR EACH STATEMENT EXECUTE FUNCTION fragments_data_changed('{source}')"
            )
        else:
            bodies.append(
                f"AFTER UPDATE ON {target} REFERENCING NEW TABLE AS changed FOR EACH STATEMENT "
                f"EXECUTE FUNCTION fragments_rows_changed('{source}')"
            )
        for body in bodies:
            statements[_trigger_name(body)] = [f"CREATE OR REPLACE TRIGGER {{name}} {body}"]
    else:
        for event in ("INSERT", "DELETE", update):
            body = f"AFTER {event} ON {target} FOR EACH ROW BEGIN INSERT INTO {log} (source) VALUES ('{source}'); END"
            statements[_trigger_name(body)] = [f"CREATE TRIGGER {{name}} {body}"]
    return statements


def _trigger_name(body: str) -> str:
    return "fragments_" + hashlib.blake2b(body.encode(), digest_size=8).hexdigest()


def install_triggers(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Put a trigger on every watched table and take away those no data set needs any more. Runs after every
    migrate (post_migrate, once the last app has migrated) and does nothing when all are in place already."""
    app_configs = [config for config in apps.get_app_configs() if config.models_module is not None]
    sender = kwargs.get("sender")
    if sender is not None and app_configs and sender is not app_configs[-1]:
        return
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        raise ImproperlyConfigured(f"No data-change triggers for {vendor}.")
    wanted: dict[str, tuple[str, list[str]]] = {}
    for source in sorted(_TRIGGERS):
        for name, statements in _trigger_statements(vendor, source, connection.ops).items():
            wanted[name] = (_TRIGGERS[source][0], statements)
    keyed = {prefix: where for per_set in _KEYED.values() for prefix, where in per_set.items()}
    for prefix, (table, column) in sorted(keyed.items()):
        for name, statements in _keyed_trigger_statements(
            vendor, prefix, table, column, connection.ops
        ).items():
            wanted[name] = (table, statements)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if vendor == "postgresql":
            from collaboration.models import DataChange

            log = connection.ops.quote_name(DataChange._meta.db_table)
            cursor.execute(_PG_FUNCTION.format(table=log))
            cursor.execute(_PG_ROWS_FUNCTION.format(table=log))
            cursor.execute(_PG_ROW_FUNCTION.format(table=log))
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
                ["fragments\\_%"],
            )
            present = dict(cursor.fetchall())
            for name, table in present.items():
                if name not in wanted:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {connection.ops.quote_name(table)}")
        else:
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fragments_%'"
            )
            present = dict(cursor.fetchall())
            for name in present:
                if name not in wanted:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for name, (_table, statements) in wanted.items():
            if name not in present:
                for statement in statements:
                    cursor.execute(statement.format(name=name))
    _forget()


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
    """`data_versions.events` in templates: read from the database only when a template asks."""

    def __getitem__(self, name: str) -> str:
        return version(name)


def this_minute() -> dt.datetime:
    """Now, to the minute: time-dependent lists (what is still to come) use it for their query and their key,
    so a cached copy is exactly what the query would give in that minute."""
    return timezone.now().replace(second=0, microsecond=0)
