"""The benchmark, one command: `make bench` or `.venv/bin/python bench/run.py [--seconds 15]`.

1. (Re)creates the PostgreSQL database (BENCH_DATABASE_URL, default malmoandan_bench), migrates it and fills
   it with five years of data from the factories (bench/dataset.py), reproducible from --seed.
   Before that, for each other scale of --scales, it builds that data set and measures the cold requests
   (bench/cold.py) on it, so the run ends with the main data set in the database (--reuse-data keeps it).
2. Counts the SQL queries of one request of each key page in-process.
3. Times the first request after a change (cold) against a warm one, for every key page (bench/cold.py).
4. Serves the portal with gunicorn (2 workers, DEBUG off, persistent connections) on 127.0.0.1 and loads
   the reference page and each key page with wrk at concurrency 10, then the read/write mix (bench/mix.py),
   then the reference again; between a first and a last mix of 5 000 requests it reads the workers' memory.
5. Runs the scenarios: the sign-up burst, booking creation, the report render (bench/scenarios.py).
6. Prints the figures, with the load average at the start and the end, and writes them to docs/benchmarks.md.

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
    parser.add_argument("--no-mix", action="store_true", help="skip the read/write mix")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold requests (at every scale)")
    parser.add_argument(
        "--scales",
        nargs="+",
        type=float,
        default=[1.0, 3.0],
        help="data set scales to time cold requests at (default 1 3); --scale is the main one",
    )
    parser.add_argument(
        "--cold-repeats", type=int, default=20, help="cold and warm request pairs per page (20)"
    )
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
    parser.add_argument("--cold", action="store_true", help="with --profile: a write before each request")
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

    from bench import measure, mix, report, scenarios
    from bench.pages import PAGES

    database.migrate_and_collect()
    load_start = os.getloadavg()
    cold_runs = []
    other_scales = [] if args.no_cold else [scale for scale in args.scales if scale != args.scale]
    if other_scales and args.reuse_data:
        print(
            f"Cold requests at scales {other_scales}: skipped, they would replace the kept data (--reuse-data)"
        )
        other_scales = []
    for scale in other_scales:
        built, build_seconds = _fill(args.seed, scale)
        cold_runs.append(_cold_run(args, scale, build_seconds))
        database.recreate()
    if database.has_data():
        print("Data set: kept from the previous run (--reuse-data)")
        built, build_seconds = None, None
    else:
        built, build_seconds = _fill(args.seed, args.scale)
    counts = database.table_counts()
    _forget_cached()

    pages = [p for p in PAGES if not args.pages or p.key in args.pages]
    resolved = measure.resolve_pages(pages)

    if args.profile:
        from bench import writes

        writer = writes.for_page(args.profile) if args.cold else None
        return measure.profile(resolved, args.profile, write=writer.write if writer else None)

    queries = measure.query_counts(resolved, cpu_requests=args.cpu_requests)
    if not args.no_cold and args.scale in args.scales:
        cold_runs.append(_cold_run(args, args.scale, build_seconds, resolved))
        cold_runs.sort(key=lambda run: run.scale)

    def read_write_mix(server, measurable):
        print("Read/write mix …", flush=True)
        return mix.run(server, measurable, seconds=args.seconds, connections=args.connections)

    web = measure.load(
        resolved,
        seconds=args.seconds,
        connections=args.connections,
        mix_requests=args.mix_requests,
        between=None if args.no_mix else read_write_mix,
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
        mixes=web.between or [],
        cold_runs=cold_runs,
        load_start=load_start,
        load_end=os.getloadavg(),
    )
    text = report.render(result)
    print(text)
    if not args.no_write:
        path = ROOT / "docs" / "benchmarks.md"
        path.write_text(report.document(result))
        print(f"Written to {path.relative_to(ROOT)}")
    return 0


def _fill(seed: int, scale: float) -> tuple[object, float]:
    """Build the data set at `scale` into the empty database; returns it and the seconds it took."""
    from bench import database
    from bench.dataset import Scale, build

    t0 = time.monotonic()
    built = build(seed=seed, scale=Scale.of(scale))
    database.analyze()
    seconds = time.monotonic() - t0
    print(f"Data set at scale {scale:g} built in {seconds:.1f} s: {built.counts}", flush=True)
    for skipped in built.skipped:
        print(f"  not in the data set yet: {skipped}")
    return built, seconds


def _forget_cached() -> None:
    """Nothing cached of an earlier data set: no session, role or page fragment (here and in Redis)."""
    from django.core.cache import caches

    for name in ("default", "template_fragments"):
        caches[name].clear()


def _cold_run(args, scale: float, build_seconds: float | None, resolved=None):
    from bench import cold, database, measure
    from bench.pages import PAGES

    _forget_cached()
    if resolved is None:
        resolved = measure.resolve_pages([p for p in PAGES if not args.pages or p.key in args.pages])
    print(f"Cold requests at scale {scale:g} …", flush=True)
    counts, before = database.table_counts(), os.getloadavg()
    pages = cold.measure(resolved, repeats=args.cold_repeats)
    return cold.ColdRun(scale, counts, build_seconds, pages, before, os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
