"""A real Celery worker on Redis retries a mail while the SMTP server is down and delivers it once it is up."""

import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.core.mail import EmailMessage

from collaboration.shared.mail import message_serialise
from collaboration.tasks import email_deliver
from malmoandan import celery_app

ROOT = Path(__file__).resolve().parent.parent


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib's sendmail; each message's data is kept on the server."""

    def handle(self):
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.strip().upper()
            if command == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                data = b""
                while (chunk := self.rfile.readline()) and chunk != b".\r\n":
                    data += chunk
                self.server.messages.append(data)
                self.wfile.write(b"250 queued\r\n")
            elif command == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return predicate()


@pytest.mark.redis
def test_a_real_worker_retries_while_smtp_is_down_and_delivers_once_it_answers(tmp_path):
    queue = f"test-{uuid.uuid4().hex}"
    port = _free_port()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "2",
    }
    with log.open("w") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "malmoandan", "worker", "--pool=solo", "-Q", queue,
             "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    server = None
    try:
        celery_app.conf.task_always_eager = False
        subject = f"Prov {uuid.uuid4().hex[:8]}"
        message = EmailMessage(subject=subject, body="Hej", to=["a@example.org"])
        email_deliver.apply_async(args=[message_serialise(message)], queue=queue)
        # SMTP is down: the worker schedules a retry instead of losing the mail.
        assert _wait_for(lambda: "Retry in" in log.read_text(), 60), log.read_text()
        server = socketserver.ThreadingTCPServer(("127.0.0.1", port), _SMTPHandler)
        server.messages = []
        threading.Thread(target=server.serve_forever, daemon=True).start()
        # Full jitter on a 30 s first backoff: the retry comes within half a minute.
        assert _wait_for(lambda: server.messages, 60), log.read_text()
        assert len(server.messages) == 1
        assert subject.encode() in server.messages[0]
        assert _wait_for(lambda: "succeeded" in log.read_text(), 10), log.read_text()
    finally:
        celery_app.conf.task_always_eager = True
        if server is not None:
            server.shutdown()
            server.server_close()
        worker.terminate()
        worker.wait(timeout=30)
