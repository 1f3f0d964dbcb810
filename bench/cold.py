"""The first request after a change (cold) against a warm one, for every key page, one request at a time.

For each page: a real write that renews what it shows (bench/writes.py), then one timed request (cold: every
cached fragment of the page names the old version), then the same request again (warm), REPEATS times; the
medians are compared. Cold and warm pairs alternate, so a busy spell of the shared machine falls on both.

Requests go over HTTP to gunicorn with one worker, so the request after a write is that worker's first of
the new version and the next one is warm (with two workers the second might meet the other, still cold,
worker); after each pair, one request of the reference page. Each request is measured twice: its wall time at the client, and the server's CPU time for it, the
gunicorn worker's and its database backend's together (/proc/<pid>/schedstat, in nanoseconds). The targets
are judged on the CPU time: on a shared machine a request's wall time is mostly waiting for a core (the
reference page's rate moved by a factor 3.6 within one run here), while the CPU a request costs moves little,
and it includes the database's own work, where a query that grows with the data shows. The two data sizes are
measured minutes apart, and a busy neighbour on a shared core still slows CPU time too, so they are compared
in reference requests (cold CPU over the reference page's CPU in the same moments). The same pairs are
also made in-process, for the SQL queries a cold request runs.
"""

from __future__ import annotations

import statistics
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

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
    cold_cpu_ms: float = 0.0  # median CPU time of the gunicorn worker and its database backend
    warm_cpu_ms: float = 0.0
    reference_cpu_ms: float = 0.0  # the reference page's, one request after each pair
    cold_queries: int = 0  # median SQL queries in-process
    warm_queries: int = 0
    pairs: int = 0
    problem: str | None = None

    @property
    def ratio(self) -> float:
        return self.cold_cpu_ms / self.warm_cpu_ms if self.warm_cpu_ms else 0.0

    @property
    def in_references(self) -> float:
        """The cold request's CPU time in reference requests' of the same moments: what the scales compare, as
        a busy neighbour on the machine slows both alike."""
        return self.cold_cpu_ms / self.reference_cpu_ms if self.reference_cpu_ms else 0.0


@dataclass
class ColdRun:
    scale: float
    counts: dict[str, int]
    build_seconds: float | None
    pages: dict[str, ColdResult]
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]


def _cpu_ns(pids: list[int]) -> int:
    """Time the processes have spent on a CPU, in nanoseconds (the first field of schedstat)."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):  # a process gone: its time is not this request's
            continue
    return total


def _database_backends() -> list[int]:
    """The server's database backends: every client of the benchmark database but this process."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return [pid for (pid,) in cursor.fetchall()]


def _timed_get(url: str, cookie: str, server: list[int]) -> tuple[float, float]:
    """(wall ms, server CPU ms) of one request."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    cpu, started = _cpu_ns(server), time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return (time.perf_counter() - started) * 1000, (_cpu_ns(server) - cpu) / 1e6


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
    reference = next(item for item in resolved if item.page is REFERENCE)
    with Server(workers=1) as server:
        reference_url = server.base_url + reference.path
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
                _timed_get(url, item.cookie, [])
            server_pids = server.worker_pids() + _database_backends()
            cold, warm, references = [], [], []
            for _ in range(repeats):
                if not writer.write():
                    continue
                cold.append(_timed_get(url, item.cookie, server_pids))
                warm.append(_timed_get(url, item.cookie, server_pids))
                references.append(_timed_get(reference_url, reference.cookie, server_pids)[1])
            if not cold:
                result.problem = f"every write was refused ({writer.refused})"
                continue
            result.pairs = len(cold)
            result.cold_ms, result.cold_cpu_ms = (statistics.median(m) for m in zip(*cold, strict=True))
            result.warm_ms, result.warm_cpu_ms = (statistics.median(m) for m in zip(*warm, strict=True))
            result.reference_cpu_ms = statistics.median(references)
            result.cold_queries, result.warm_queries = _in_process_queries(item, writer, min(repeats, 5))
    return results
