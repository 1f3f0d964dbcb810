"""What happens beyond page views: the sign-up burst, booking creation, the report render.

Each scenario runs in-process against the benchmark database through the portal's own services and returns a
ScenarioResult; one whose service does not exist yet says "not available yet" instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
RENDER_TARGET = 1.25


@dataclass
class ScenarioResult:
    title: str
    ok: bool | None = None
    lines: list[tuple[str, str]] = field(default_factory=list)


def _unavailable(title: str, why: str) -> ScenarioResult:
    return ScenarioResult(title, None, [("status", f"not available yet ({why})")])


def run_all(*, burst_threads: int) -> list[ScenarioResult]:
    results = []

    def burst():
        return signup_burst(threads=burst_threads)

    for scenario in (burst, booking_creation, report_render):
        started = time.monotonic()
        try:
            result = scenario()
        except Exception as exc:  # one broken scenario must not lose the figures of the others
            result = ScenarioResult(getattr(scenario, "__name__", "scenario"), False, [("error", repr(exc))])
        print(f"{result.title}: {time.monotonic() - started:.1f} s", flush=True)
        results.append(result)
    return results


# --- sign-up burst -------------------------------------------------------------------------------------------


def signup_burst(*, threads: int, people: int = 200, places: int = 50) -> ScenarioResult:
    """200 people sign themselves up for a 50-place event at once, through events' service."""
    title = f"Sign-up burst: {people} concurrent sign-ups for {places} places"
    try:
        from events.factories import EventFactory
        from events.models import Registration, RegistrationStatus
        from events.services.registrations import Person, registrations_create
    except ImportError as exc:
        return _unavailable(title, exc.msg)
    from collaboration.models import Membership

    event = EventFactory(
        title="Benchmark: sign-up burst",
        capacity=places,
        starts_at=timezone.now() + dt.timedelta(days=30),
        ends_at=timezone.now() + dt.timedelta(days=30, hours=2),
    )
    members = list(
        Membership.objects.confirmed().select_related("user", "organisation").order_by("pk")[:people]
    )
    barrier = threading.Barrier(min(threads, len(members)))
    errors: list[str] = []
    timings: list[float] = []

    def sign_up(membership) -> None:
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=30)
            t0 = time.perf_counter()
            user = membership.user
            registrations_create(
                event=event,
                organisation=membership.organisation,
                registered_by=user,
                people=[Person(name=user.get_full_name() or user.email, email=user.email, user=user)],
            )
            timings.append(time.perf_counter() - t0)
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            connection.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(sign_up, members, timeout=300))
    settled = time.perf_counter() - started
    connections.close_all()

    rows = list(
        Registration.objects.filter(event=event).order_by("position").values_list("status", "position")
    )
    confirmed = sum(1 for status, _ in rows if status == RegistrationStatus.CONFIRMED)
    waiting = sum(1 for status, _ in rows if status == RegistrationStatus.WAITING)
    in_order = all(status == RegistrationStatus.CONFIRMED for status, _ in rows[:confirmed])
    ok = confirmed == places and waiting == len(members) - places and not errors and in_order
    timings.sort()
    lines = [
        ("sign-ups", f"{len(members)} from {threads} threads (each its own database connection)"),
        ("time to settle", f"{settled:.2f} s ({len(members) / settled:.0f} sign-ups/s)"),
        ("per sign-up", f"median {timings[len(timings) // 2] * 1000:.0f} ms, max {timings[-1] * 1000:.0f} ms")
        if timings
        else ("per sign-up", "–"),
        ("result", f"{confirmed} confirmed, {waiting} waiting, {len(errors)} errors"),
        ("first 50 by arrival are the confirmed ones", "yes" if in_order else "NO"),
    ]
    if errors:
        lines.append(("first error", errors[0][:200]))
    return ScenarioResult(title, ok, lines)


# --- booking creation ----------------------------------------------------------------------------------------


def _booking_service():
    from collaboration import services

    for module in ("collaboration.services.bookings", "collaboration.services.rooms"):
        try:
            mod = __import__(module, fromlist=["booking_create"])
        except ImportError:
            continue
        if hasattr(mod, "booking_create"):
            return mod.booking_create
    return getattr(services, "booking_create", None)


def _booking_calls(count: int) -> list[dict]:
    """`count` one-hour bookings by the representative persona, in the busiest room, after the data set ends."""
    from django.db.models import Count

    from bench.dataset import PERSONA_EMAILS, at
    from collaboration.models import Room, User

    user = User.objects.get(email=PERSONA_EMAILS["representative"])
    organisation = user.memberships.confirmed().first().organisation
    room = Room.objects.annotate(n=Count("bookings")).order_by("-n", "pk").first()
    day = timezone.localdate() + dt.timedelta(days=200)
    calls = []
    while len(calls) < count:
        if day.weekday() < 5:
            for hour in range(9, 21):
                calls.append(
                    {
                        "room": room,
                        "organisation": organisation,
                        "title": f"Benchmark {len(calls)}",
                        "starts_at": at(day, hour),
                        "ends_at": at(day, hour + 1),
                        "expected_attendees": min(5, room.capacity),
                        "booked_by": user,
                    }
                )
        day += dt.timedelta(days=1)
    return calls[:count]


def booking_creation(count: int = 200) -> ScenarioResult:
    title = "Booking creation through the rooms service"
    service = _booking_service()
    if service is None:
        return _unavailable(title, "no booking_create service")
    timings, queries = [], []
    for kwargs in _booking_calls(count):
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            service(**kwargs)
            timings.append(time.perf_counter() - t0)
        queries.append(len(captured.captured_queries))
    timings.sort()
    lines = [
        ("bookings", f"{len(timings)} one after the other, in free hours of the busiest room"),
        (
            "per booking",
            f"median {timings[len(timings) // 2] * 1000:.1f} ms, p95 "
            f"{timings[int(len(timings) * 0.95)] * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms",
        ),
        ("SQL queries per booking", f"{min(queries)}–{max(queries)}"),
    ]
    lines.append(("target", "none set in the issues; reported for comparison between runs"))
    return ScenarioResult(title, None, lines)


# --- report render -------------------------------------------------------------------------------------------


def report_render() -> ScenarioResult:
    """Whole task against WeasyPrint alone on the same HTML, in a child process so its peak memory is its own."""
    title = f"Annual report render (target: whole task ≤ {RENDER_TARGET} × WeasyPrint alone)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [sys.executable, "-m", "bench.render_child"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("RENDER ")]
    if not lines:
        return ScenarioResult(title, False, [("error", (completed.stderr or completed.stdout)[-500:])])
    data = json.loads(lines[-1][7:])
    if "unavailable" in data:
        return _unavailable(title, data["unavailable"])
    if "error" in data:
        return ScenarioResult(title, False, [("error", data["error"])])
    ratio = data["task_s"] / data["weasyprint_s"]
    return ScenarioResult(
        title,
        ratio <= RENDER_TARGET,
        [
            ("year", str(data["year"])),
            ("whole task", f"{data['task_s']:.2f} s (best of {data['runs']})"),
            ("WeasyPrint alone, same HTML", f"{data['weasyprint_s']:.2f} s (best of {data['runs']})"),
            ("ratio", f"{ratio:.2f}"),
            ("of which the HTML (template and SVG charts)", f"{data['html_s'] * 1000:.0f} ms"),
            ("gathering the figures", f"{data['queries']} queries, {data['gather_s']:.2f} s"),
            ("PDF", f"{data.get('pages', '?')} pages, {data.get('pdf_bytes', 0) / 1024:.0f} KiB"),
            (
                "peak memory of the render process",
                f"{data['peak_rss_kib'] / 1024:.0f} MiB "
                f"({data['peak_rss_kib'] / 1024 - data['baseline_rss_kib'] / 1024:+.0f} MiB over the process before it)",
            ),
        ],
    )
