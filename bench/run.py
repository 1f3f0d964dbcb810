"""The benchmark, one command: `make bench` or `.venv/bin/python bench/run.py [--seconds 15]`.

1. (Re)creates the PostgreSQL database (BENCH_DATABASE_URL, default malmoandan_bench), migrates it and fills
   it with five years of data from the factories (bench/dataset.py), reproducible from --seed.
2. Counts the SQL queries of one request of each key page in-process.
3. Serves the portal with gunicorn (2 workers, DEBUG off, persistent connections) on 127.0.0.1 and loads
   the reference page and each key page with wrk at concurrency 10; between a first and a last mix of
   5 000 requests it reads the workers' memory from /proc.
4. Runs the scenarios: the sign-up burst, booking creation, the report render (bench/scenarios.py).
5. Prints the figures and writes them to docs/benchmarks.md.

Every subprocess has a timeout and gunicorn runs in its own process group, killed at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=15, help="wrk duration per page (default 15)")
    parser.add_argument("--connections", type=int, default=10, help="concurrent connections (default 10)")
    parser.add_argument(
        "--mix-requests", type=int, default=5_000, help="requests in the first and last memory mix (5 000)"
    )
    parser.add_argument("--seed", type=int, default=2021, help="data set seed (default 2021)")
    parser.add_argument("--scale", type=float, default=1.0, help="data set scale, 1 = five real years")
    parser.add_argument("--reuse-data", action="store_true", help="keep the database of the previous run")
    parser.add_argument("--pages", nargs="*", help="only these page keys (see bench/pages.py)")
    parser.add_argument("--no-scenarios", action="store_true", help="skip burst, booking and report")
    parser.add_argument("--burst-threads", type=int, default=40, help="threads for the 200 sign-ups (40)")
    parser.add_argument(
        "--cpu-requests", type=int, default=30, help="in-process requests per page for CPU ms (30)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md")
    parser.add_argument(
        "--time-limit", type=int, default=30, help="stop the whole run after this many minutes (30)"
    )
    parser.add_argument(
        "--profile", metavar="PAGE", help="profile PAGE in-process with pyinstrument and stop"
    )
    return parser.parse_args(argv)


def _stop(signum, _frame):
    # SystemExit unwinds through the `with Server()` block, so gunicorn is killed whatever ends the run.
    raise SystemExit(f"benchmark stopped by signal {signal.Signals(signum).name}")


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    if not shutil.which("wrk") and not args.profile:
        raise SystemExit("wrk is not installed: sudo apt-get install wrk")
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGALRM, _stop)
    signal.alarm(args.time_limit * 60)

    from bench import database

    database.ensure(fresh=not args.reuse_data)

    import django

    django.setup()
    from malmoandan import celery_app

    celery_app.conf.task_always_eager = True

    from bench import measure, report, scenarios
    from bench.dataset import Scale, build
    from bench.pages import PAGES

    database.migrate_and_collect()
    if database.has_data():
        print("Data set: kept from the previous run (--reuse-data)")
        built = None
    else:
        t0 = time.monotonic()
        built = build(seed=args.seed, scale=Scale.of(args.scale))
        print(f"Data set built in {time.monotonic() - t0:.1f} s: {built.counts}")
        for skipped in built.skipped:
            print(f"  not in the data set yet: {skipped}")
        database.analyze()
    counts = database.table_counts()
    # Every run starts with nothing cached: no session, role or page fragment of an earlier data set.
    from django.core.cache import cache

    cache.clear()

    pages = [p for p in PAGES if not args.pages or p.key in args.pages]
    resolved = measure.resolve_pages(pages)

    if args.profile:
        return measure.profile(resolved, args.profile)

    queries = measure.query_counts(resolved, cpu_requests=args.cpu_requests)
    web = measure.load(
        resolved, seconds=args.seconds, connections=args.connections, mix_requests=args.mix_requests
    )
    scenario_results = [] if args.no_scenarios else scenarios.run_all(burst_threads=args.burst_threads)

    result = report.Result(
        args=args,
        counts=counts,
        built=built,
        pages=resolved,
        queries=queries,
        web=web,
        scenarios=scenario_results,
        total_seconds=time.monotonic() - started,
    )
    text = report.render(result)
    print(text)
    if not args.no_write:
        path = ROOT / "docs" / "benchmarks.md"
        path.write_text(report.document(result))
        print(f"Written to {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
