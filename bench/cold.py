"""The first request after a change (cold) against a warm one, for every key page, one request at a time.

For each page: a real write that renews what it shows (bench/writes.py), then one timed request (cold: every
cached fragment of the page names the old version), then the same request again (warm), REPEATS times; the
medians are compared. Cold and warm pairs alternate, so a busy spell of the shared machine falls on both.

Timed as wall time over HTTP against gunicorn with one worker, so the request after a write is that worker's
first of the new version and the next one is warm (with two workers the second might meet the other,
still cold, worker). Wall time includes the database's own time, where a query that grows with the data
shows; in-process CPU time would not. The same pairs are also made in-process, for the SQL queries a cold
request runs.
"""

from __future__ import annotations

import statistics
import time
import urllib.request
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext

from . import writes
from .load import Server, status_of
from .measure import REFERENCE, ResolvedPage, client_for

REPEATS = 20
COLD_TARGET = 3.0  # cold ≤ 3 × warm
FLAT_TARGET = 0.20  # cold at the largest scale within ±20 % of the smallest


@dataclass
class ColdResult:
    item: ResolvedPage
    writer: str = ""
    cold_ms: float = 0.0  # median wall time over HTTP
    warm_ms: float = 0.0
    cold_queries: int = 0  # median SQL queries in-process
    warm_queries: int = 0
    pairs: int = 0
    problem: str | None = None

    @property
    def ratio(self) -> float:
        return self.cold_ms / self.warm_ms if self.warm_ms else 0.0


@dataclass
class ColdRun:
    scale: float
    counts: dict[str, int]
    build_seconds: float | None
    pages: dict[str, ColdResult]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]


def _timed_get(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000


def _in_process_queries(item: ResolvedPage, writer: writes.Writer, repeats: int) -> tuple[int, int]:
    client = client_for(item)
    client.get(item.path)
    cold, warm = [], []
    for _ in range(repeats):
        if not writer.write():
            continue
        for counts in (cold, warm):
            with CaptureQueriesContext(connection) as captured:
                client.get(item.path)
            counts.append(len(captured.captured_queries))
    return (round(statistics.median(cold)), round(statistics.median(warm))) if cold else (0, 0)


def measure(resolved: list[ResolvedPage], *, repeats: int = REPEATS) -> dict[str, ColdResult]:
    results = {}
    pages = [item for item in resolved if item.available and item.page is not REFERENCE]
    with Server(workers=1) as server:
        for item in pages:
            result = results[item.page.key] = ColdResult(item)
            writer = writes.for_page(item.page.key)
            url = server.base_url + item.path
            status = status_of(url, item.cookie)
            if writer is None or status != 200:
                result.problem = "no write renews it" if writer is None else f"answers {status}"
                continue
            result.writer = writer.label
            print(
                f"  {item.page.label}: {repeats} × ({writer.label}, cold request, warm request) …", flush=True
            )
            for _ in range(2):  # the worker's first requests of a page load its code and templates
                _timed_get(url, item.cookie)
            cold, warm = [], []
            for _ in range(repeats):
                if not writer.write():
                    continue
                cold.append(_timed_get(url, item.cookie))
                warm.append(_timed_get(url, item.cookie))
            if not cold:
                result.problem = f"every write was refused ({writer.refused})"
                continue
            result.pairs = len(cold)
            result.cold_ms, result.warm_ms = statistics.median(cold), statistics.median(warm)
            result.cold_queries, result.warm_queries = _in_process_queries(item, writer, min(repeats, 5))
    return results
