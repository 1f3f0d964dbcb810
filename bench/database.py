"""The benchmark's own PostgreSQL database: created if missing, recreated for each fresh run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dj_database_url

MEDIA_DIR = Path(__file__).resolve().parent / "results" / "media"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/malmoandan_bench"


def _config() -> dict:
    return dj_database_url.parse(os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))


def ensure(*, fresh: bool) -> None:
    """Create the database; with `fresh`, drop it first. Only ever a database whose name says "bench"."""
    import psycopg
    from psycopg import sql

    config = _config()
    name = config["NAME"]
    if "bench" not in name:
        raise SystemExit(f"Refusing to use {name!r}: the benchmark database's name must contain 'bench'.")
    conninfo = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or "postgres",
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "connect_timeout": 10,
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v is not None}, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            # Files of the previous data set (report PDFs are named per version number) go with it.
            shutil.rmtree(MEDIA_DIR, ignore_errors=True)


def migrate_and_collect() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    # DEBUG is off, so static files come from WhiteNoise's manifest, as in production.
    call_command("collectstatic", interactive=False, verbosity=0)


def has_data() -> bool:
    from collaboration.models import Booking

    return Booking.objects.exists()


def analyze() -> None:
    """Refresh the planner's statistics: right after a bulk load they describe empty tables."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def table_counts() -> dict[str, int]:
    """Rows per table of the portal's apps, for the record of what the run measured."""
    from django.apps import apps

    counts = {}
    for label in ("collaboration", "steering", "events", "reports"):
        for model in apps.get_app_config(label).get_models():
            counts[f"{label}.{model.__name__}"] = model.objects.count()
    return counts


def recreate() -> None:
    """An empty, migrated database again, from inside a run (for the next data set size)."""
    from django.db import connections

    connections.close_all()
    ensure(fresh=True)
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
