"""The figures of a run, as printed and as written to docs/benchmarks.md."""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from .cold import COLD_TARGET, FLAT_TARGET, ColdRun
from .measure import QueryCount, ResolvedPage, WebResult
from .mix import MixResult
from .scenarios import ScenarioResult

PAGE_TARGET = 0.5
MEMORY_TARGET = 0.10
NOTES = Path(__file__).resolve().parent / "notes.md"


@dataclass
class Result:
    args: argparse.Namespace
    counts: dict[str, int]
    built: object
    pages: list[ResolvedPage]
    queries: dict[str, QueryCount]
    web: WebResult
    scenarios: list[ScenarioResult]
    total_seconds: float
    mixes: list[MixResult] = field(default_factory=list)
    cold_runs: list[ColdRun] = field(default_factory=list)
    load_start: tuple[float, ...] = ()
    load_end: tuple[float, ...] = ()


def machine() -> dict[str, str]:
    info = {"nproc": str(os.cpu_count())}
    try:
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        kib = int(next(line for line in meminfo if line.startswith("MemTotal:")).split()[1])
        info["memory"] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        info["memory"] = "?"
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        info["cpu"] = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        info["cpu"] = platform.processor() or "?"
    info["os"] = f"{platform.system()} {platform.release()}"
    info["python"] = platform.python_version()
    try:
        import django
        from django.db import connection

        info["django"] = django.get_version()
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            info["postgresql"] = cursor.fetchone()[0]
    except Exception:  # the record of the machine must not fail the run
        pass
    try:
        wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True, timeout=10)
        info["wrk"] = (wrk.stdout or wrk.stderr).split()[1]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        pass
    return info


def _ms(value: float) -> str:
    return f"{value:.1f}"


def _verdict(ok: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "–"}[ok]


def page_rows(result: Result) -> list[list[str]]:
    web, rows = result.web, []
    ref = web.reference_rps
    for item in result.pages:
        key = item.page.key
        queries = result.queries.get(key)
        # Warm (fragments cached) and, where it differs, the first request's count in brackets.
        q = "–"
        if queries:
            q = str(queries.count) if queries.cold == queries.count else f"{queries.count} ({queries.cold})"
        extra = [f"{queries.cpu_ms:.1f}", f"{queries.bytes / 1024:.0f}"] if queries else ["–", "–"]
        if item.page.key == "reference":
            runs = [r for r in (web.reference_before, web.reference_after) if r]
            if runs:
                p50 = sum(r.p50_ms for r in runs) / len(runs)
                p95 = sum(r.p95_ms for r in runs) / len(runs)
                rows.append(
                    [item.page.label, item.path, f"{ref:.0f}", _ms(p50), _ms(p95), "1.00", "–", q, *extra]
                )
            continue
        measured = web.pages.get(key)
        if measured is None:
            rows.append(
                [item.page.label, item.path or "–", item.problem or "not measured", "", "", "", "", q]
            )
            continue
        ratio = measured.rps / ref if ref else 0.0
        errors = "" if measured.ok else f" ({measured.errors} errors, {measured.bad_status} non-2xx)"
        rows.append(
            [
                item.page.label,
                item.path,
                f"{measured.rps:.0f}{errors}",
                _ms(measured.p50_ms),
                _ms(measured.p95_ms),
                f"{ratio:.2f}",
                _verdict(ratio >= PAGE_TARGET and measured.ok),
                q,
                *extra,
            ]
        )
    return rows


def _at_least(value: float, target: float) -> str:
    return "met" if value >= target else f"MISSED by {target - value:.2f}"


def _at_most(value: float, target: float) -> str:
    return "met" if value <= target else f"MISSED by {value - target:.2f}×"


def _load(values: tuple[float, ...]) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "?"


def load_line(result: Result) -> str:
    return (
        f"Load average (1 / 5 / 15 min) at the start of the run {_load(result.load_start)}, at the end "
        f"{_load(result.load_end)} (nproc {os.cpu_count()}; other work on the machine shows here)."
    )


MIX_HEADER = [
    "page",
    "path",
    "writes during the load",
    "req/s",
    "p50 ms",
    "p95 ms",
    "ratio to reference",
    "target ≥ 0.5",
]


def mix_rows(result: Result) -> list[list[str]]:
    rows, ref = [], result.web.reference_rps
    for mixed in result.mixes:
        writes = f"{mixed.writes} ({mixed.writes_per_second:.1f}/s): {mixed.writer}"
        if mixed.refused or mixed.errors:
            writes += f"; {mixed.refused} refused, {len(mixed.errors)} errors"
            writes += f" ({mixed.errors[0]})" if mixed.errors else ""
        load = mixed.load
        if load is None:
            rows.append(
                [mixed.item.page.label, mixed.item.path or "–", writes, "not measured", "", "", "", ""]
            )
            continue
        ratio = load.rps / ref if ref else 0.0
        errors = "" if load.ok else f" ({load.errors} errors, {load.bad_status} non-2xx)"
        verdict = _at_least(ratio, PAGE_TARGET) if load.ok else "MISSED (errors)"
        rows.append(
            [
                mixed.item.page.label,
                mixed.item.path or "–",
                writes,
                f"{load.rps:.0f}{errors}",
                _ms(load.p50_ms),
                _ms(load.p95_ms),
                f"{ratio:.2f}",
                verdict,
            ]
        )
    return rows


COLD_HEADER = [
    "page",
    "write before each cold request",
    "cold CPU ms",
    "warm CPU ms",
    "cold / warm",
    f"target ≤ {COLD_TARGET:g}×",
    "wall ms cold / warm",
    "SQL cold (warm)",
]


def cold_rows(run: ColdRun) -> list[list[str]]:
    rows = []
    for result in run.pages.values():
        label = result.item.page.label
        if result.problem:
            rows.append([label, result.problem, "–", "–", "–", "–", "–", "–"])
            continue
        rows.append(
            [
                label,
                f"{result.writer} ({result.pairs} pairs)",
                _ms(result.cold_cpu_ms),
                _ms(result.warm_cpu_ms),
                f"{result.ratio:.2f}",
                _at_most(result.ratio, COLD_TARGET),
                f"{_ms(result.cold_ms)} / {_ms(result.warm_ms)}",
                f"{result.cold_queries} ({result.warm_queries})",
            ]
        )
    return rows


def flat_header(small: ColdRun, large: ColdRun) -> list[str]:
    scales = f"scale {small.scale:g} → {large.scale:g}"
    return [
        "page",
        f"cold CPU in reference requests, {scales}",
        "change",
        f"target ±{FLAT_TARGET:.0%}",
        f"cold CPU ms, {scales}",
        f"reference CPU ms, {scales}",
        "SQL cold, each scale",
    ]


def flat_rows(small: ColdRun, large: ColdRun) -> list[list[str]]:
    rows = []
    for key, first in small.pages.items():
        last = large.pages.get(key)
        if last is None or first.problem or last.problem or not first.in_references:
            continue
        change = last.in_references / first.in_references - 1
        verdict = "met" if abs(change) <= FLAT_TARGET else f"MISSED by {abs(change) - FLAT_TARGET:.0%} points"
        rows.append(
            [
                first.item.page.label,
                f"{first.in_references:.2f} → {last.in_references:.2f}",
                f"{change:+.0%}",
                verdict,
                f"{_ms(first.cold_cpu_ms)} → {_ms(last.cold_cpu_ms)} ({last.cold_cpu_ms / first.cold_cpu_ms - 1:+.0%})",
                f"{_ms(first.reference_cpu_ms)} → {_ms(last.reference_cpu_ms)}",
                f"{first.cold_queries} / {last.cold_queries}",
            ]
        )
    return rows


def _data_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{name.split('.')[1]} {n}" for name, n in counts.items() if n)


def cold_intro(run: ColdRun) -> str:
    built = f"built in {run.build_seconds:.0f} s" if run.build_seconds is not None else "kept from before"
    return (
        f"Scale {run.scale:g} ({built}; load average {_load(run.load_before)} before, "
        f"{_load(run.load_after)} after): {_data_line(run.counts)}."
    )


def _cold_text(result: Result, table: Callable[[list[str], list[list[str]]], list[str]]) -> list[str]:
    out: list[str] = []
    for run in result.cold_runs:
        out += ["", cold_intro(run), "", *table(COLD_HEADER, cold_rows(run))]
    if len(result.cold_runs) > 1:
        small, large = result.cold_runs[0], result.cold_runs[-1]
        out += ["", f"Cold cost from scale {small.scale:g} to {large.scale:g}:", ""]
        out += table(flat_header(small, large), flat_rows(small, large))
    return out


def memory_lines(web: WebResult) -> list[str]:
    if not web.rss_first or not web.rss_last:
        return ["Web workers' memory: not measured"]
    lines = []
    for pid in sorted(set(web.rss_first) | set(web.rss_last)):
        first, last = web.rss_first.get(pid), web.rss_last.get(pid)
        if first and last:
            lines.append(
                f"worker {pid}: {web.rss_start.get(pid, 0) / 1024:.1f} MiB at start, {first / 1024:.1f} MiB "
                f"after the first {web.mix_first.requests} requests, {last / 1024:.1f} MiB after the last "
                f"{web.mix_last.requests} ({(last - first) / first:+.1%})"
            )
        else:
            lines.append(f"worker {pid}: replaced during the run (first {first}, last {last} KiB)")
    first, last = sum(web.rss_first.values()), sum(web.rss_last.values())
    change = (last - first) / first if first else 0.0
    lines.append(
        f"all workers: {first / 1024:.1f} → {last / 1024:.1f} MiB ({change:+.1%}); target within "
        f"±{MEMORY_TARGET:.0%}: {_verdict(abs(change) <= MEMORY_TARGET)}"
    )
    return lines


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


HEADER = [
    "page",
    "path",
    "req/s",
    "p50 ms",
    "p95 ms",
    "ratio to reference",
    "target ≥ 0.5",
    "SQL queries (first request)",
    "CPU ms in-process",
    "KiB",
]


TERMINAL_HEADER = ["page", "path", "req/s", "p50 ms", "p95 ms", "ratio", "≥ 0.5", "SQL", "CPU ms", "KiB"]


def render(result: Result) -> str:
    """Plain text for the terminal."""
    info = machine()
    widths = [26, 30, 12, 8, 8, 7, 8, 8, 7, 5]
    out = [
        "",
        f"Malmöandan benchmark {timezone.localtime():%Y-%m-%d %H:%M} on {info['cpu']}, nproc {info['nproc']}, "
        f"{info['memory']}",
        f"wrk: {result.args.connections} connections, {result.args.seconds:g} s per page; "
        f"gunicorn: 2 sync workers",
        "",
        "".join(h.ljust(w) for h, w in zip(TERMINAL_HEADER, widths, strict=True)),
    ]
    for row in page_rows(result):
        out.append(
            "".join(
                str(c)[: w - 1].ljust(w) if i < 2 else str(c).ljust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    web = result.web
    if web.reference_before and web.reference_after:
        out.append(
            f"reference before/after the pages: {web.reference_before.rps:.0f} / {web.reference_after.rps:.0f} req/s"
        )
    if result.mixes:
        out += [
            "",
            "Read/write mix (ratio to the reference of this run):",
            *_plain(MIX_HEADER, mix_rows(result)),
        ]
    if result.cold_runs:
        out += ["", "Cold requests (medians; server CPU: the gunicorn worker and its database backend):"]
        out += _cold_text(result, _plain)
    out.append("")
    out += memory_lines(web)
    for scenario in result.scenarios:
        out.append("")
        out.append(f"{scenario.title}: {_verdict(scenario.ok)}")
        out += [f"  {label}: {value}" for label, value in scenario.lines]
    out.append("")
    out.append(f"Whole run: {result.total_seconds:.0f} s")
    out.append(load_line(result))
    return "\n".join(out)


def _plain(header: list[str], rows: list[list[str]]) -> list[str]:
    return [" | ".join(header), *(" | ".join(row) for row in rows)]


def _markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_table(header, rows)]


def document(result: Result) -> str:
    """docs/benchmarks.md: how to run it, the machine, the figures, and the notes on what costs."""
    info = machine()
    args = result.args
    web = result.web
    parts = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`.venv/bin/python bench/run.py`); do not edit by hand — the notes at the end "
        "come from `bench/notes.md`.",
        "",
        "## How to run",
        "",
        "```sh",
        "make bench                                   # full run, all sections, ~8 minutes on 2 busy cores",
        'make bench BENCH_ARGS="--seconds 3 --mix-requests 1000 --cold-repeats 5"   # a trial, ~2½ minutes',
        'make bench BENCH_ARGS="--no-mix --no-cold --no-scenarios"                 # warm pages and memory only',
        'make bench BENCH_ARGS="--scales 1"                                         # cold requests at scale 1 only',
        ".venv/bin/python bench/run.py --seconds 3 --no-write                      # print only",
        ".venv/bin/python bench/run.py --reuse-data --profile event_detail          # where a page's time goes",
        ".venv/bin/python bench/run.py --reuse-data --profile event_detail --cold   # … after a write each time",
        "```",
        "",
        "It needs PostgreSQL (`BENCH_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/malmoandan_bench`, "
        "created if missing and rebuilt for each run unless `--reuse-data`) and `wrk` (Debian package). "
        "The cache is in Redis as in production (`BENCH_REDIS_URL`, default `redis://127.0.0.1:6379/13`, "
        "emptied at the start of each run). "
        "`--help` lists the options (`--pages`, `--no-scenarios`, `--no-mix`, `--no-cold`, `--scales`, "
        "`--cold-repeats`, `--burst-threads`, `--time-limit`, …). "
        "The harness first builds the data set of each other scale of `--scales` (default 1 and 3) in turn and "
        "times the cold requests on it, then builds the main one (`--scale`, default 1: five years of data with the "
        f"project's factories, seed {args.seed}), which stays in the database for `--reuse-data`. On it, it counts "
        "each page's SQL queries in-process, times the cold requests, serves the portal with gunicorn (2 sync "
        "workers, DEBUG off, persistent database connections, bench/settings.py) on 127.0.0.1, and loads each page "
        f"with wrk at {args.connections} connections, then the read/write mix. The reference page "
        "(`/bench/reference/`, only in bench/urls.py) is a plain Django view that renders 50 rows from one query "
        "through a minimal template, through the portal's own middleware: what Django itself does on this "
        "machine. It is loaded before the pages and after the read/write mix, and their mean is the reference. "
        "The machine may be shared: the load average at the start and the end of the run is in the report, and "
        "the ratios to the reference measured in the same run are the figures to compare.",
        "",
        "## Run of " + f"{timezone.localtime():%Y-%m-%d %H:%M}",
        "",
        f"Machine: {info['cpu']}, nproc {info['nproc']}, memory {info['memory']}, {info['os']}; "
        f"Python {info.get('python')}, Django {info.get('django', '?')}, PostgreSQL {info.get('postgresql', '?')}, "
        f"wrk {info.get('wrk', '?')}.",
        "",
        f"Settings: {args.seconds:g} s per page, {args.connections} connections, memory mixes of "
        f"{args.mix_requests} requests, seed {args.seed}, scale {args.scale:g}; whole run "
        f"{result.total_seconds:.0f} s.",
        "",
        load_line(result),
        "",
        "Data: " + ", ".join(f"{name.split('.')[1]} {n}" for name, n in result.counts.items() if n) + ".",
        "",
        "### Key pages",
        "",
        _table(HEADER, page_rows(result)),
        "",
    ]
    if web.reference_before and web.reference_after:
        parts += [
            f"Reference before and after the pages: {web.reference_before.rps:.0f} and "
            f"{web.reference_after.rps:.0f} req/s.",
            "",
        ]
    if result.mixes:
        parts += [
            "### Read/write mix",
            "",
            f"Each page under wrk ({args.seconds:g} s, {args.connections} connections) while a thread of the harness "
            "writes through the portal's services at 2 a second (bench/mix.py, bench/writes.py); between the "
            "key pages and the second reference run, so the ratio is to the same reference as above.",
            "",
            _table(MIX_HEADER, mix_rows(result)),
            "",
        ]
    if result.cold_runs:
        parts += [
            "### The first request after a change (cold)",
            "",
            f"For every key page, {args.cold_repeats} times: a real write that renews what the page shows, one "
            "request (cold), the same request again (warm), over HTTP against gunicorn with one worker "
            "(bench/cold.py). Medians of the server's CPU time per request (the worker and its database backend, "
            "from /proc: the figure the targets are judged on) and of the wall time at the client. SQL: median "
            "queries of the same pairs in-process.",
            *_cold_text(result, _markdown),
            "",
        ]
    parts += ["### Web workers' memory", ""] + [f"- {line}" for line in memory_lines(web)] + [""]
    for scenario in result.scenarios:
        verdict = _verdict(scenario.ok) if scenario.ok is not None else "no target, figures only"
        parts += [f"### {scenario.title}", "", f"Target: {verdict}", ""]
        parts += [f"- {label}: {value}" for label, value in scenario.lines]
        parts.append("")
    repeated = {k: q.repeated for k, q in result.queries.items() if q.repeated}
    if repeated:
        parts += ["### Repeated query shapes (first 120 characters, count per request)", ""]
        for key, shapes in repeated.items():
            parts += [f"- {key}: " + "; ".join(f"{n}× `{sql}`" for sql, n in shapes)]
        parts.append("")
    if NOTES.exists():
        parts += ["## Notes", "", NOTES.read_text().strip(), ""]
    return "\n".join(parts)
