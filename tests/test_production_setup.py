"""Issue 14, the production setup: separate Redis databases, the demo data kept out of production, gunicorn's
trust in X-Forwarded-Proto, the container's health check, and the image's build context."""

import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command

from collaboration.models import User
from malmoandan import healthcheck
from malmoandan.env import redis_url_other_database
from tests.test_settings import PRODUCTION_ENV, run_manage

ROOT = Path(__file__).resolve().parent.parent


def test_the_broker_defaults_to_another_database_of_the_cache_s_redis():
    code = (
        "from django.conf import settings as s; print(s.CACHES['default']['LOCATION'], s.CELERY_BROKER_URL)"
    )
    result = run_manage("shell", "-c", code, env={**PRODUCTION_ENV, "REDIS_URL": "redis://redis:6379/0"})
    assert result.stdout.split()[-2:] == ["redis://redis:6379/0", "redis://redis:6379/1"], result.stderr
    assert redis_url_other_database("redis://:pw@h:6380/15") == "redis://:pw@h:6380/14"
    assert redis_url_other_database("redis://h:6379") == "redis://h:6379/1"


def test_a_broker_in_the_cache_s_own_database_is_refused():
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://redis:6379/0", "CELERY_BROKER_URL": "redis://redis:6379/0"}
    result = run_manage("check", env=env)
    assert result.returncode != 0 and "CELERY_BROKER_URL" in result.stderr


@pytest.mark.django_db
def test_demo_data_is_refused_in_production_unless_asked_for_explicitly(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="--allow-production"):
        call_command("load_demo_data")
    assert not User.objects.exists()
    call_command("load_demo_data", "--allow-production", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert User.objects.filter(email="samordnare@example.org").exists()


def _gunicorn_conf(monkeypatch, allowed: str):
    import importlib

    monkeypatch.setenv("FORWARDED_ALLOW_IPS", allowed)
    from malmoandan import gunicorn_conf

    return importlib.reload(gunicorn_conf)


@pytest.mark.parametrize(
    ("peer", "kept"),
    [(("172.28.0.10", 5000), True), (("127.0.0.1", 5000), True), (("203.0.113.9", 5000), False)],
)
def test_gunicorn_drops_x_forwarded_proto_from_anyone_but_the_proxy(monkeypatch, peer, kept):
    conf = _gunicorn_conf(monkeypatch, "127.0.0.1,::1,172.28.0.10")
    req = SimpleNamespace(peer_addr=peer, headers=[("HOST", "x"), ("X-FORWARDED-PROTO", "https")])
    conf.pre_request(None, req)
    assert (("X-FORWARDED-PROTO", "https") in req.headers) is kept
    assert ("HOST", "x") in req.headers
    assert conf.max_requests > 0 and conf.max_requests_jitter > 0


class _Recorder(BaseHTTPRequestHandler):
    seen: list = []

    def do_GET(self):
        type(self).seen.append((self.path, self.headers["Host"], self.headers["X-Forwarded-Proto"]))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def test_the_health_check_sends_the_site_host_and_https_as_the_proxy_does(monkeypatch):
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        monkeypatch.setenv("HEALTHCHECK_URL", f"http://127.0.0.1:{port}/health/")
        monkeypatch.setenv("ALLOWED_HOSTS", ".malmoandan.malmo.se,www.malmoandan.malmo.se")
        assert healthcheck.main() == 0
        assert _Recorder.seen[-1] == ("/health/", "malmoandan.malmo.se", "https")
    finally:
        server.shutdown()
        server.server_close()


def test_the_health_check_fails_when_nothing_answers(monkeypatch):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("HEALTHCHECK_URL", f"http://127.0.0.1:{port}/health/")
    assert healthcheck.main() == 1


def test_the_image_build_context_leaves_out_secrets_and_local_state():
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()}
    for entry in (".env", "db.sqlite3", ".git", ".venv", ".tools", "media"):
        assert entry in ignored
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.count("FROM ") >= 2 and "uv==" in dockerfile
    compose = (ROOT / "docker-compose.yml").read_text()
    web = compose[compose.index("\n  web:") : compose.index("\n  worker:")]
    assert "ports:" not in web and "expose:" in web and "malmoandan.healthcheck" in web
