"""The read/write mix: a key page under wrk while real writes renew what it shows, two a second.

A thread of this process writes through the portal's services (bench/writes.py) at a steady rate for as
long as wrk loads the page; every write gives the page's data set a new version, so each gunicorn worker
renders the page afresh after it, as it would for visitors while sign-ups or bookings come in.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from django.db import connection

from . import writes
from .load import Server, WrkResult, wrk
from .measure import ResolvedPage

WRITES_PER_SECOND = 2.0
# The pages the issue names, each with the writes that reach it (bench/writes.py for_page).
MIX_PAGES = ("event_list", "event_detail", "room_week")


@dataclass
class MixResult:
    item: ResolvedPage
    writer: str
    load: WrkResult | None = None
    writes: int = 0
    refused: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def writes_per_second(self) -> float:
        return self.writes / self.seconds if self.seconds else 0.0


def run(server: Server, pages: list[ResolvedPage], *, seconds: float, connections: int) -> list[MixResult]:
    by_key = {item.page.key: item for item in pages}
    results = []
    for key in MIX_PAGES:
        item = by_key.get(key)
        writer = writes.for_page(key) if item else None
        if item is None or writer is None:
            continue
        print(f"  {item.page.label} ({item.path}) for {seconds:g} s, {writer.label} …", flush=True)
        results.append(_under_writes(server, item, writer, seconds=seconds, connections=connections))
    return results


def _under_writes(
    server: Server, item: ResolvedPage, writer: writes.Writer, *, seconds: float, connections: int
) -> MixResult:
    result = MixResult(item, writer.label)
    stop = threading.Event()

    def write_steadily() -> None:
        interval, next_at = 1 / WRITES_PER_SECOND, time.monotonic()
        try:
            while not stop.is_set() and len(result.errors) < 3:
                try:
                    writer.write()
                except Exception as exc:  # reported with the figures; the load goes on
                    result.errors.append(repr(exc)[:200])
                next_at += interval
                stop.wait(max(0.0, next_at - time.monotonic()))
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=write_steadily, name="bench-writer", daemon=True)
    started = time.monotonic()
    thread.start()
    try:
        result.load = wrk(
            server.base_url + item.path, seconds=seconds, connections=connections, cookie=item.cookie
        )
    finally:
        stop.set()
        thread.join(timeout=60)
    result.seconds = time.monotonic() - started
    result.writes, result.refused = writer.writes, writer.refused
    return result
