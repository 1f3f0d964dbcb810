"""Measuring the pages: SQL queries in-process, then requests per second and latency under gunicorn + wrk."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from .dataset import PERSONA_EMAILS
from .load import Server, WrkResult, status_of, wrk, wrk_mix
from .pages import Page, resolve

REFERENCE = Page("reference", "Referenssida (Django: 50 rader, en fråga)", ("bench-reference",))


@dataclass
class ResolvedPage:
    page: Page
    url_name: str | None = None
    path: str | None = None
    cookie: str = ""
    problem: str | None = None  # "not available yet", or why it cannot be measured

    @property
    def available(self) -> bool:
        return self.path is not None and self.problem is None


@dataclass
class QueryCount:
    count: int  # a warm request: what the page costs once its cached fragments are there
    cold: int  # the first request, with nothing of the page cached
    status: int
    bytes: int
    repeated: list[tuple[str, int]] = field(default_factory=list)
    cpu_ms: float = 0.0  # Python CPU time per request in-process: steady even on a busy machine


@dataclass
class WebResult:
    reference_before: WrkResult | None = None
    reference_after: WrkResult | None = None
    pages: dict[str, WrkResult] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    mix_first: WrkResult | None = None
    mix_last: WrkResult | None = None
    rss_first: dict[int, int] = field(default_factory=dict)
    rss_last: dict[int, int] = field(default_factory=dict)
    rss_start: dict[int, int] = field(default_factory=dict)
    between: object = None  # what load()'s `between` returned
    error: str | None = None

    @property
    def reference_rps(self) -> float:
        runs = [r.rps for r in (self.reference_before, self.reference_after) if r]
        return sum(runs) / len(runs) if runs else 0.0


def _session_cookie(persona: str | None) -> str:
    if persona is None:
        return ""
    from collaboration.models import User

    client = Client()
    client.force_login(User.objects.get(email=PERSONA_EMAILS[persona]))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def resolve_pages(pages: list[Page]) -> list[ResolvedPage]:
    resolved = []
    cookies: dict[str | None, str] = {}
    for page in [REFERENCE, *pages]:
        item = ResolvedPage(page)
        try:
            found = resolve(page)
        except NoReverseMatch as exc:
            item.problem = str(exc)
        else:
            if found is None:
                item.problem = "not available yet"
            else:
                item.url_name, item.path = found
                if page.persona not in cookies:
                    cookies[page.persona] = _session_cookie(page.persona)
                item.cookie = cookies[page.persona]
        resolved.append(item)
    return resolved


def client_for(item: ResolvedPage) -> Client:
    client = Client()
    if item.cookie:
        name, _, value = item.cookie.partition("=")
        client.cookies[name] = value
    return client


def query_counts(resolved: list[ResolvedPage], *, cpu_requests: int = 0) -> dict[str, QueryCount]:
    """Queries of one request of each page, after one warm-up request (as a warm worker serves it).

    With `cpu_requests`, also the median CPU time of this process per request over that many requests.
    """
    counts = {}
    for item in resolved:
        if not item.available:
            continue
        client = client_for(item)
        with CaptureQueriesContext(connection) as captured:
            client.get(item.path)
        cold = len(captured.captured_queries)  # nothing of the page cached yet
        with CaptureQueriesContext(connection) as captured:
            response = client.get(item.path)
        # Read now: the next request's request_started signal empties the connection's query log.
        queries = list(captured.captured_queries)
        shapes = Counter(q["sql"].split(" WHERE ")[0][:120] for q in queries)
        cpu = []
        for _ in range(cpu_requests):
            started = time.process_time()
            client.get(item.path)
            cpu.append(time.process_time() - started)
        cpu.sort()
        counts[item.page.key] = QueryCount(
            count=len(queries),
            cold=cold,
            status=response.status_code,
            bytes=len(response.content),
            repeated=[(sql, n) for sql, n in shapes.most_common(3) if n > 1],
            cpu_ms=cpu[len(cpu) // 2] * 1000 if cpu else 0.0,
        )
    return counts


def _rss_total(rss: dict[int, int]) -> int:
    return sum(rss.values())


def load(
    resolved: list[ResolvedPage],
    *,
    seconds: float,
    connections: int,
    mix_requests: int,
    between: Callable[[Server, list[ResolvedPage]], object] | None = None,
) -> WebResult:
    """The reference, each page, `between(server, pages answering 200)` (the read/write mix), the reference
    again: what `between` measures is bracketed by the two reference runs it is compared with."""
    result = WebResult()
    available = [item for item in resolved if item.available]
    reference = next(item for item in available if item.page is REFERENCE)
    with Server(workers=2) as server:
        result.rss_start = server.worker_rss_kib()
        for item in available:
            result.statuses[item.page.key] = status_of(server.base_url + item.path, item.cookie)
        measurable = [item for item in available if result.statuses[item.page.key] == 200]
        for item in available:
            if item not in measurable:
                item.problem = f"answers {result.statuses[item.page.key]} instead of 200; not loaded"
        mix = [(item.path, item.cookie) for item in measurable]
        mix_seconds = max(60.0, mix_requests / 20)  # bounded even on a slow machine

        print(f"Memory mix: first {mix_requests} requests over {len(mix)} pages …", flush=True)
        result.mix_first = wrk_mix(
            server.base_url, mix, requests=mix_requests, connections=connections, max_seconds=mix_seconds
        )
        result.rss_first = server.worker_rss_kib()

        def one(item: ResolvedPage) -> WrkResult:
            print(f"  {item.page.label} ({item.path}) for {seconds:g} s …", flush=True)
            return wrk(
                server.base_url + item.path, seconds=seconds, connections=connections, cookie=item.cookie
            )

        result.reference_before = one(reference)
        for item in measurable:
            if item is not reference:
                result.pages[item.page.key] = one(item)
        if between is not None:
            result.between = between(server, measurable)
        result.reference_after = one(reference)

        print(f"Memory mix: last {mix_requests} requests …", flush=True)
        result.mix_last = wrk_mix(
            server.base_url, mix, requests=mix_requests, connections=connections, max_seconds=mix_seconds
        )
        result.rss_last = server.worker_rss_kib()
    return result


def profile(
    resolved: list[ResolvedPage], key: str, requests: int = 50, *, write: Callable[[], object] | None = None
) -> int:
    """Where a page's time goes, in-process: pyinstrument over `requests` requests, plus its queries.

    With `write`, the write is made before each request (outside the profile): cold requests, each the first
    after a change to what the page shows."""
    from pyinstrument import Profiler

    item = next((i for i in resolved if i.page.key == key), None)
    if item is None or not item.available:
        print(f"{key}: {item.problem if item else 'unknown page key'}")
        return 1
    client = client_for(item)
    client.get(item.path)
    if write:
        write()
    with CaptureQueriesContext(connection) as captured:
        client.get(item.path)
    print(f"{item.page.label} {item.path}: {len(captured.captured_queries)} queries")
    for query in captured.captured_queries:
        print(f"  {query['time']}s  {query['sql'][:200]}")
    profiler = Profiler(interval=0.0005)
    elapsed = 0.0
    for _ in range(requests):
        if write:
            write()
        started = time.perf_counter()
        with profiler:
            client.get(item.path)
        elapsed += time.perf_counter() - started
    print(
        f"{requests} {'cold ' if write else ''}requests in-process: {elapsed / requests * 1000:.1f} ms each"
    )
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0
