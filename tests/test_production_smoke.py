"""Issue 14: the production setup really runs, without Docker. collectstatic into a fresh STATIC_ROOT, gunicorn
(with the image's malmoandan/gunicorn_conf.py), a Celery worker and, briefly, beat, all with the production
variables (DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS, PostgreSQL, Redis, SSL redirect behind the proxy).
Then the health check exactly as compose sends it, a page, a login through allauth's form, and one annual
report rendered by the worker with its stylesheet.

The processes use this test's own database (pytest-django's test_<name>, committed rows: transaction=True)
and are killed with their whole process group whatever happens.
"""

import http.client
import io
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.db import connection, transaction
from pypdf import PdfReader

from malmoandan import celery_app
from reports.models import AnnualReport, VersionStatus
from reports.services import report_version_create
from reports.tasks import render_report_version

ROOT = Path(__file__).resolve().parent.parent
HOST = "malmoandan.test"
PASSWORD = "en-riktig-lösenfras-för-röktestet"
LEAKING = {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "SENTRY_DSN", "PYTEST_CURRENT_TEST"}


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Http:
    """Requests to gunicorn as the proxy forwards them (Host, X-Forwarded-Proto), with a cookie jar that
    keeps Secure cookies although the last hop is plain HTTP, as the proxy's would."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str = "", headers: dict | None = None, https: bool = True
    ):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": HOST, **({"X-Forwarded-Proto": "https"} if https else {}), **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body.encode() or None, headers=sent)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response, content


def _start(stack: ExitStack, args: list[str], env: dict, log: Path) -> subprocess.Popen:
    out = stack.enter_context(log.open("a"))
    process = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )

    def stop():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    stack.callback(stop)
    return process


def _wait(predicate, timeout: float, what: str, logs: list[Path]):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(p.read_text()[-4000:] for p in logs))


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(300)
def test_production_processes_serve_pages_log_in_and_render_a_report(
    tmp_path, settings, representative, monkeypatch
):
    # The personas' fast test hash is unknown to production's hashers: give the account a real one.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    representative.set_password(PASSWORD)
    representative.save(update_fields=["password"])

    port = _free_port()
    queue = f"smoke-{uuid.uuid4().hex}"
    media = tmp_path / "media"
    env = {
        **{k: v for k, v in os.environ.items() if k not in LEAKING},
        "PYTHONUNBUFFERED": "1",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": HOST,
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        "SITE_URL": f"https://{HOST}",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(media),
        "SECURE_SSL_REDIRECT": "true",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "HEALTHCHECK_TIMEOUT": "10",
        "HEALTHCHECK_URL": f"http://127.0.0.1:{port}/health/",
    }
    python = sys.executable
    collect = subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    assert list((tmp_path / "static" / "reports").glob("report.*.css"))

    logs = {name: tmp_path / f"{name}.log" for name in ("gunicorn", "worker", "beat")}
    celery = [python, "-m", "celery", "-A", "malmoandan"]
    with ExitStack() as stack:
        gunicorn = [
            str(Path(python).parent / "gunicorn"),
            "-c",
            "malmoandan/gunicorn_conf.py",
            "malmoandan.wsgi",
        ]
        web = _start(stack, gunicorn, env, logs["gunicorn"])
        worker_args = ["worker", "--pool=solo", "-Q", queue, "--without-gossip", "--without-mingle"]
        worker = _start(stack, [*celery, *worker_args, "--loglevel=INFO"], env, logs["worker"])
        beat_schedule = str(tmp_path / "celerybeat-schedule")
        beat = _start(
            stack, [*celery, "beat", "--loglevel=INFO", f"--schedule={beat_schedule}"], env, logs["beat"]
        )

        # The health check, exactly the command docker-compose.yml runs in the web container.
        def healthy():
            assert web.poll() is None, logs["gunicorn"].read_text()
            check = [python, "-m", "malmoandan.healthcheck"]
            return subprocess.run(check, cwd=ROOT, env=env, capture_output=True).returncode == 0

        _wait(healthy, 120, "the health check", [logs["gunicorn"]])

        client = Http(port)
        response, body = client.request("GET", "/")
        assert response.status == 200, body[:500]
        assert response.getheader("Permissions-Policy") and response.getheader("X-Request-ID")
        assert "max-age=31536000" in response.getheader("Strict-Transport-Security")
        stylesheet = re.search(rb'href="(/static/[^"]+\.css)"', body).group(1).decode()
        assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet  # the manifest's hashed name
        assert client.request("GET", stylesheet)[0].status == 200  # served by WhiteNoise
        plain, _ = client.request("GET", "/", https=False)
        assert plain.status == 301 and plain.getheader("Location") == f"https://{HOST}/"
        wrong_host, _ = Http(port).request("GET", "/", headers={"Host": "localhost"})
        assert wrong_host.status == 400

        # Log in through allauth's form, with its CSRF token.
        response, body = client.request("GET", "/konto/login/")
        assert response.status == 200
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        from urllib.parse import urlencode

        form = urlencode({"csrfmiddlewaretoken": token, "login": representative.email, "password": PASSWORD})
        origin = {"Origin": f"https://{HOST}", "Referer": f"https://{HOST}/konto/login/"}
        response, body = client.request("POST", "/konto/login/", body=form, headers=origin)
        assert response.status == 302, body[:2000]
        response, body = client.request("GET", "/konto/mina-uppgifter/")
        assert response.status == 200 and b'action="/konto/logout/"' in body  # signed in: the sign-out form
        assert response.getheader("Cache-Control") == "private, no-store"

        # One annual report, rendered by the worker (on this test's own queue).
        monkeypatch.setattr(
            render_report_version,
            "delay_on_commit",
            lambda version_id: transaction.on_commit(
                lambda: render_report_version.apply_async(args=[version_id], queue=queue)
            ),
        )
        celery_app.conf.task_always_eager = False
        stack.callback(lambda: setattr(celery_app.conf, "task_always_eager", True))
        report = AnnualReport.objects.create(year=2022, introduction="Renderad av röktestets worker.")
        version = report_version_create(report=report, user=representative)

        def finished():
            assert worker.poll() is None, logs["worker"].read_text()
            version.refresh_from_db()
            return version.status in (VersionStatus.READY, VersionStatus.FAILED)

        _wait(finished, 120, "the worker's render", [logs["worker"]])
        assert version.status == VersionStatus.READY, version.failure_reason
        reader = PdfReader(io.BytesIO((media / version.pdf.name).read_bytes()))
        text = " ".join(page.extract_text() for page in reader.pages).replace("\u00a0", " ")
        pages = len(reader.pages)
        assert f"Sida {pages} av {pages}" in " ".join(text.split())  # the stylesheet's @page margin box

        assert beat.poll() is None, logs["beat"].read_text()
        _wait(lambda: "beat: Starting" in logs["beat"].read_text(), 20, "beat", [logs["beat"]])

    # Every process is gone, and the log lines carry time, level, logger and request id.
    for process in (web, worker, beat):
        assert process.poll() is not None
    worker_log = logs["worker"].read_text()
    assert re.search(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO celery\.\S+ \[-\] ", worker_log, re.M), (
        worker_log
    )
