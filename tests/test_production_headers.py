"""Issue 14, headers and limits: Permissions-Policy everywhere, nothing personal cached, the language cookie
in production, request ids, one log line per refused request, Sentry only with a DSN, oversized bodies refused
before they are read (in-process and over a real socket)."""

import io
import logging
import socket
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from collaboration.shared.middleware import PrivateCacheMiddleware
from tests.test_settings import PRODUCTION_ENV, run_manage

# --- Permissions-Policy and Cache-Control ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/om-malmoandan/", "/finns-inte/", "/health/"])
def test_every_response_carries_a_permissions_policy_denying_camera_microphone_and_geolocation(
    db, client, url
):
    policy = client.get(url)["Permissions-Policy"]
    features = dict(part.strip().split("=", 1) for part in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_a_public_page_to_an_anonymous_visitor_may_be_cached(db, client):
    response = client.get(reverse("about"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("persona", ["outsider", "representative", "coordinator"])
def test_every_page_to_a_signed_in_person_is_private_and_not_stored(db, login_as, client, persona):
    login_as(persona)
    for url in [reverse("home"), reverse("about"), reverse("personal-data"), reverse("account_email")]:
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, (url, cache_control)


def test_the_personal_data_download_is_private_and_not_stored(db, login_as, client):
    login_as("representative")
    response = client.get(reverse("personal-data-download"))
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_coordinator_export_is_private_and_not_stored(db, login_as, client):
    from events.factories import EventFactory

    login_as("coordinator")
    url = reverse("events:participant-export", kwargs={"pk": EventFactory().pk, "fmt": "csv"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"


def test_an_attachment_is_never_stored_even_for_an_anonymous_visitor_and_a_view_own_caching_stays():
    request = RequestFactory().get("/export/")
    request.user = AnonymousUser()

    def export(_request):
        response = HttpResponse("a;b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="lista.csv"'
        return response

    def public_pdf(_request):
        response = HttpResponse(b"%PDF", content_type="application/pdf")
        response["Cache-Control"] = "public, max-age=3600"
        return response

    def page(_request):
        return HttpResponse("hej")

    assert PrivateCacheMiddleware(export)(request)["Cache-Control"] == "private, no-store"
    assert PrivateCacheMiddleware(public_pdf)(request)["Cache-Control"] == "public, max-age=3600"
    assert not PrivateCacheMiddleware(page)(request).has_header("Cache-Control")


def test_production_language_cookie_is_secure_httponly_and_samesite(db, settings):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY, "
        "s.LANGUAGE_COOKIE_SAMESITE)",
        env=PRODUCTION_ENV,
    )
    assert result.stdout.split()[-3:] == ["True", "True", "Lax"], result.stderr
    settings.LANGUAGE_COOKIE_SECURE = True
    settings.LANGUAGE_COOKIE_HTTPONLY = True
    settings.LANGUAGE_COOKIE_SAMESITE = "Lax"
    response = Client().post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True)
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


# --- Request ids and log lines ---------------------------------------------------------------------------------


@pytest.fixture
def log_lines():
    """What the portal's console handler writes (settings.LOGGING), as lines."""
    handler = next(
        h for h in logging.getLogger().handlers if h.formatter and "request_id" in h.formatter._fmt
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [line for line in stream.getvalue().splitlines() if line.strip()]
    handler.setStream(previous)


def test_a_sane_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(db, client):
    incoming = uuid.uuid4().hex
    assert client.get("/", HTTP_X_REQUEST_ID=incoming)["X-Request-ID"] == incoming
    for forged in ["", "kort", "a" * 200, "abc def\nERROR forged", "<script>alert(1)</script>"]:
        answered = client.get("/", HTTP_X_REQUEST_ID=forged)["X-Request-ID"]
        assert answered != forged and len(answered) == 32 and answered.isalnum()


def test_a_403_writes_one_log_line_with_time_level_logger_and_request_id(db, login_as, client, log_lines):
    login_as("outsider")
    request_id = "req-" + uuid.uuid4().hex
    from events.factories import EventFactory

    url = reverse("events:participant-list", kwargs={"pk": EventFactory().pk})
    response = client.get(url, HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 403
    lines = [line for line in log_lines() if request_id in line]
    assert len(lines) == 1, log_lines()
    assert "Traceback" not in "\n".join(log_lines())
    date, time, level, logger, rid, *message = lines[0].split()
    assert len(date) == 10 and date[4] == "-" and ":" in time
    assert (level, logger, rid) == ("WARNING", "django.request", f"[{request_id}]")
    assert "Forbidden" in " ".join(message)


def test_a_server_error_keeps_its_traceback_in_the_log(log_lines):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", None, None)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    record.status_code = 500
    logging.getLogger("django.request").handle(record)
    assert any("Traceback" in line for line in log_lines())


@pytest.mark.parametrize("dsn", ["", "https://publickey@sentry.invalid/42"])
def test_sentry_is_on_exactly_when_a_dsn_is_set(dsn):
    code = (
        "import sentry_sdk; c = sentry_sdk.get_client(); "
        "print(c.is_active(), c.options.get('dsn'), c.options.get('send_default_pii'))"
    )
    result = run_manage("shell", "-c", code, env={**PRODUCTION_ENV, "SENTRY_DSN": dsn})
    assert result.returncode == 0, result.stderr
    active, seen_dsn, pii = result.stdout.split()[-3:]
    if dsn:
        assert (active, seen_dsn, pii) == ("True", dsn, "False")
    else:
        assert active == "False"


# --- Request body limit ----------------------------------------------------------------------------------------


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *_args):
        raise AssertionError("the body was read")

    readinto = read


def raw_post(path: str, headers: dict) -> dict:
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        "wsgi.input": UnreadableBody(),
        **headers,
    }
    return environ


@pytest.mark.parametrize(
    "headers",
    [
        {"CONTENT_LENGTH": str(200 * 1024 * 1024)},
        {"CONTENT_LENGTH": "", "HTTP_TRANSFER_ENCODING": "chunked"},
    ],
)
def test_an_oversized_or_unmeasured_body_is_refused_with_413_before_it_is_read(db, settings, headers):
    from django.core.handlers.wsgi import WSGIHandler

    captured = {}

    def start_response(status, response_headers):
        captured["status"] = status

    body = b"".join(WSGIHandler()(raw_post(reverse("account_signup"), headers), start_response))
    assert captured["status"].startswith("413")
    assert "för stor" in body.decode()


def test_a_body_within_the_limit_goes_on_to_the_csrf_check(db):
    response = Client(enforce_csrf_checks=True).post(reverse("account_signup"), {"email": "a@example.org"})
    assert response.status_code == 403  # the CSRF check, not the size limit


def test_an_anonymous_200_mb_post_over_a_socket_is_refused_before_anything_is_spooled(
    live_server, settings, tmp_path
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    host, port = live_server.thread.host, live_server.thread.port
    with socket.create_connection((host, port), timeout=10) as sock:
        sock.sendall(
            (
                f"POST {reverse('account_signup')} HTTP/1.1\r\nHost: {host}\r\n"
                "Content-Type: multipart/form-data; boundary=xyz\r\n"
                f"Content-Length: {200 * 1024 * 1024}\r\n\r\n"
            ).encode()
            + b"--xyz\r\n" * 1000
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert not any(tmp_path.iterdir())
