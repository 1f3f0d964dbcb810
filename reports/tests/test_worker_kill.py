"""A real Celery worker on Redis is killed in the middle of a render; a new worker finishes the job."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection, transaction

from malmoandan import celery_app
from reports.models import AnnualReport, ReportVersion
from reports.services import report_version_create
from reports.tasks import render_report_version

ROOT = Path(__file__).resolve().parents[2]
VISIBILITY_TIMEOUT = 12  # seconds; the killed worker's message comes back to the queue after this


def _database_url() -> str:
    db = connection.settings_dict
    port = db.get("PORT") or 5432
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{port}/{db['NAME']}"


def _start_worker(queue: str, log: Path, media_root: Path, pause: float) -> subprocess.Popen:
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media_root),
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "RENDER_PAUSE_SECONDS": str(pause),
    }
    # The first worker holds each render long enough to be killed in it; the second is the portal's own app.
    celery_app_module = "reports.tests.slow_worker" if pause else "malmoandan"
    with log.open("a") as out:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                celery_app_module,
                "worker",
                "--pool=solo",
                "-Q",
                queue,
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def _wait_for(predicate, timeout: float, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out; worker log:\n{log.read_text()}")


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_killed_worker_leaves_the_render_to_the_next_one(tmp_path, settings, coordinator, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    queue = f"test-reports-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    report = AnnualReport.objects.create(year=2022, introduction="Skapad av en riktig worker.")
    # The service queues with delay_on_commit; send that message to this test's own queue.
    monkeypatch.setattr(
        render_report_version,
        "delay_on_commit",
        lambda version_id: transaction.on_commit(
            lambda: render_report_version.apply_async(args=[version_id], queue=queue)
        ),
    )
    celery_app.conf.task_always_eager = False
    first = _start_worker(queue, log, settings.MEDIA_ROOT, pause=60)
    second = None
    try:
        version = report_version_create(report=report, user=coordinator)

        def rendering():
            version.refresh_from_db()
            return version.status == "rendering"

        _wait_for(rendering, 60, log)
        delivered = time.monotonic()
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        version.refresh_from_db()
        assert (version.status, version.attempts, version.pdf.name) == ("rendering", 1, "")

        # The message is unacknowledged; once the visibility timeout has passed, a new worker takes it up.
        # A worker restores such messages when it starts (and then only every 100 s), so start it after that.
        time.sleep(max(0.0, delivered + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
        second = _start_worker(queue, log, settings.MEDIA_ROOT, pause=0)

        def ready():
            version.refresh_from_db()
            return version.status in ("ready", "failed")

        _wait_for(ready, 90, log)
        assert version.status == "ready", version.failure_reason
        assert version.attempts == 2
        files = sorted(p.name for p in (settings.MEDIA_ROOT / "reports" / "2022").iterdir())
        assert files == ["arsrapport-malmoandan-2022-v1.pdf"]
        assert (settings.MEDIA_ROOT / version.pdf.name).read_bytes().startswith(b"%PDF-")
        assert ReportVersion.objects.filter(report=report).count() == 1
    finally:
        celery_app.conf.task_always_eager = True
        for worker in (first, second):
            if worker and worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
