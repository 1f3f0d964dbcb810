"""Why the page caching is fragments kept fresh by database triggers: measured against django-cachalot.

    uv run --frozen --with django-cachalot python bench/compare_caching.py [--write]

Builds a data set (bench/dataset.py) in its own PostgreSQL database (BENCH_DATABASE_URL, default
malmoandan_bench_compare), then measures the key pages (bench/pages.py) in three modes, each in its own
process because the settings differ (bench/settings_compare.py): the portal's fragments, django-cachalot
(every ORM query cached in Redis, invalidated per table) and no caching at all. For each page and mode, in
process, after a warm-up:

- warm: median wall and CPU ms over the requests, and the SQL queries of one request;
- after a login elsewhere (the user row's `last_login` written) and after a sign-up or its cancellation for
  another event (bench/writes.py): the SQL queries and wall ms of the next request, i.e. what such a write
  throws away (median of 7 pairs);
- what a write costs the writer (an UPDATE of one organisation, a sign-up or its cancellation): the triggers'
  inserts, or cachalot's invalidation in Redis;
- an outside write: a `psql` UPDATE of an organisation's name (another program, a DBA, a restore) and
  whether the directory shows the new name on the next request.

With --write the table goes to docs/caching-choice.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/malmoandan_bench_compare")
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings_compare"
MODES = ("fragments", "cachalot", "none")
AFTER_WRITE_REPEATS = 7  # a write, then the request it renews: the median of these pairs
LABELS = {"fragments": "fragments + triggers", "cachalot": "django-cachalot", "none": "no caching"}


def _setup(mode: str) -> None:
    os.environ["COMPARE_MODE"] = mode
    import django

    django.setup()


def build(scale_years: int) -> None:
    from bench import database

    database.ensure(fresh=True)
    _setup("fragments")
    from bench.dataset import Scale
    from bench.dataset import build as build_data

    database.migrate_and_collect()
    build_data(seed=2021, scale=Scale(years=scale_years))
    database.analyze()


def _request(client, path: str) -> tuple[float, float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall * 1000, cpu * 1000, len(captured.captured_queries), response.status_code


def measure(mode: str, requests: int) -> dict:
    _setup(mode)
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
    if mode != "fragments":
        _drop_triggers()  # the other modes go without them: their writes cost what a plain write costs
    try:
        return _measure(mode, requests)
    finally:
        from collaboration.shared import fragments

        fragments.install_triggers()


def _drop_triggers() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE 'fragments%'"
        )
        for name, table in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER "{name}" ON "{table}"')


def _measure(mode: str, requests: int) -> dict:
    from django.utils import timezone

    from bench import writes
    from bench.measure import client_for, resolve_pages
    from bench.pages import PAGES
    from collaboration.models import Organisation, User
    from events.models import Event, EventStatus

    resolved = [item for item in resolve_pages(PAGES) if item.available and item.page.key != "reference"]
    pages: dict[str, dict] = {}
    for item in resolved:
        client = client_for(item)
        _request(client, item.path)
        runs = [_request(client, item.path) for _ in range(requests)]
        pages[item.page.key] = {
            "path": item.path,
            "warm_ms": statistics.median(r[0] for r in runs),
            "warm_cpu_ms": statistics.median(r[1] for r in runs),
            "warm_queries": runs[-1][2],
            "status": runs[-1][3],
        }
    bystander = User.objects.filter(is_active=True).exclude(email__startswith="bench-").first()
    another_event = Event.objects.filter(status=EventStatus.PUBLISHED).order_by("-pk").first()
    sign_up = writes.sign_ups(another_event).write  # a member's sign-up, then its cancellation, in turn

    for key, write in (
        ("after_login", lambda: User.objects.filter(pk=bystander.pk).update(last_login=timezone.now())),
        ("after_signup", sign_up),
    ):
        for item in resolved:
            client = client_for(item)
            after = []
            for _ in range(AFTER_WRITE_REPEATS):
                _request(client, item.path)
                write()
                after.append(_request(client, item.path))
            pages[item.page.key][key] = {
                "ms": statistics.median(r[0] for r in after),
                "queries": statistics.median(r[2] for r in after),
            }
    write_costs = {}
    organisation = Organisation.objects.filter(is_active=True).order_by("pk").first()
    for key, write in (
        ("update", lambda: Organisation.objects.filter(pk=organisation.pk).update(phone="040-123")),
        ("signup", sign_up),
    ):
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            write()
            timings.append((time.perf_counter() - started) * 1000)
        write_costs[key] = statistics.median(timings)
    organisation = (
        Organisation.objects.filter(is_active=True, sector="civil_society").order_by("name").first()
    )
    directory = next(item for item in resolved if item.page.key == "organisation_directory")
    client = client_for(directory)
    client.get(directory.path)
    new_name = f"{organisation.name} (nytt namn {mode})"
    _psql(f"UPDATE collaboration_organisation SET name = '{new_name}' WHERE id = {organisation.pk}")
    shown = new_name in client.get(directory.path).content.decode()
    return {"mode": mode, "pages": pages, "writes": write_costs, "outside_write_shown": shown}


def _psql(statement: str) -> None:
    from django.db import connection

    settings = connection.settings_dict
    subprocess.run(
        [
            "psql",
            "-h",
            settings["HOST"] or "127.0.0.1",
            "-U",
            settings["USER"] or "postgres",
            "-d",
            settings["NAME"],
            "-q",
            "-c",
            statement,
        ],
        check=True,
        timeout=30,
    )


def _table(title: str, rows: list[tuple[str, list[str]]], first: str = "page") -> list[str]:
    """A markdown section: one row per (label, a cell per mode)."""
    lines = ["", f"## {title}", "", f"| {first} | " + " | ".join(LABELS[m] for m in MODES) + " |"]
    lines.append("| --- |" + " --- |" * len(MODES))
    return lines + [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]


def report(results: dict[str, dict], scale_years: int, requests: int) -> str:
    keys = list(results["fragments"]["pages"])

    def page_cells(key: str, ms: str, queries: str, what: str | None = None) -> list[str]:
        figures = [
            results[m]["pages"][key] if what is None else results[m]["pages"][key][what] for m in MODES
        ]
        return [f"{f[ms]:.1f} ({f[queries]})" for f in figures]

    lines = [
        "# Page caching: fragments with triggers, measured against django-cachalot",
        "",
        "Written by `uv run --frozen --with django-cachalot python bench/compare_caching.py --write`"
        f" ({time.strftime('%Y-%m-%d %H:%M %Z')}, load average {os.getloadavg()[0]:.2f}); data set of"
        f" {scale_years} years (bench/dataset.py), PostgreSQL, Redis, DEBUG off, in-process requests, median of"
        f" {requests}.",
    ]
    lines += _table(
        "Warm pages: wall ms (SQL queries)",
        [(key, page_cells(key, "warm_ms", "warm_queries")) for key in keys],
    )
    for what, title in (
        ("after_login", "a login elsewhere"),
        ("after_signup", "a sign-up or its cancellation for another event"),
    ):
        lines += _table(
            f"The next request after {title}: wall ms (SQL queries), median of {AFTER_WRITE_REPEATS} pairs",
            [(key, page_cells(key, "ms", "queries", what)) for key in keys],
        )
    writes = [
        ("update", "one organisation's phone number (`QuerySet.update`)"),
        ("signup", "a sign-up or its cancellation (events' services, locks the event)"),
    ]
    lines += _table(
        "What a write costs the writer: median ms",
        [(label, [f"{results[m]['writes'][key]:.1f}" for m in MODES]) for key, label in writes],
        first="write",
    )
    lines += [
        "",
        "## A write from outside Django (psql) shows on the next request",
        "",
        *(f"- {LABELS[m]}: {'yes' if results[m]['outside_write_shown'] else 'no'}" for m in MODES),
        "",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--years", type=int, default=2, help="years of data (default 2)")
    parser.add_argument("--requests", type=int, default=30, help="warm requests per page and mode (30)")
    parser.add_argument("--write", action="store_true", help="write docs/caching-choice.md")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.requests)))
        return 0
    build(args.years)
    results = {}
    for mode in MODES:
        done = subprocess.run(
            [sys.executable, __file__, "--child", mode, "--requests", str(args.requests)],
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"{mode} failed:\n{done.stderr[-4000:]}")
        results[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    text = report(results, args.years, args.requests)
    print(text)
    if args.write:
        (ROOT / "docs" / "caching-choice.md").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
