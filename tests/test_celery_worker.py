"""A real Celery worker process on Redis picks up a task and runs it to completion."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.mail import EmailMessage

from collaboration.shared.mail import message_serialise
from collaboration.tasks import email_deliver
from malmoandan import celery_app

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.redis
def test_a_real_worker_on_redis_delivers_a_queued_e_mail(tmp_path):
    queue = f"test-{uuid.uuid4().hex}"
    log = tmp_path / "worker.log"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with log.open("w") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "malmoandan",
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
    try:
        celery_app.conf.task_always_eager = False
        subject = f"Prov {uuid.uuid4().hex[:8]}"
        message = EmailMessage(subject=subject, body="Hej", to=["a@example.org"])
        email_deliver.apply_async(args=[message_serialise(message)], queue=queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = log.read_text()
            if "succeeded" in text and subject in text:
                break
            time.sleep(0.5)
        text = log.read_text()
        assert subject in text, text  # the console e-mail backend printed the message in the worker
        assert "succeeded" in text, text
    finally:
        celery_app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)
