"""Security as the issue asks: production headers and cookies, staff idle timeout, CSRF on every POST, no state
change on any GET, login rate limits that lift by themselves, and where uploaded files live."""

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib import admin
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.test_settings import PRODUCTION_ENV, run_manage
from tests.test_url_access import DECLARED, THIRD_PARTY_MODULE_PREFIXES
from tests.url_access import PERSONAS

PASSWORD = "correct-horse-battery"  # the factories' password
# The settings that decide headers and cookies; read from the real settings module with DEBUG off.
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "STAFF_SESSION_IDLE_SECONDS",
    "MEDIA_ROOT",
    "MEDIA_URL",
    "STATIC_ROOT",
    "STATICFILES_DIRS",
    "MAX_UPLOAD_SIZE",
]


@pytest.fixture(scope="module")
def production_settings() -> dict:
    """The security settings as `manage.py` computes them from the production environment."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k) for k in {SECURITY_SETTINGS!r}}}, default=str))"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_settings):
    """Apply the production security settings to this test process; returns a fresh client that uses them."""
    for name, value in production_settings.items():
        if name in {"MEDIA_ROOT", "STATIC_ROOT", "STATICFILES_DIRS"}:
            continue
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    return Client()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Rate-limit counters live in the cache (Redis when REDIS_URL is set); each test starts from zero.
    cache.clear()
    yield
    cache.clear()


# --- Headers and cookies -----------------------------------------------------------------------------------


def test_production_redirects_plain_http_to_https(db, production):
    response = production.get(reverse("about"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_production_sends_hsts_nosniff_referrer_policy_and_frame_denial(db, production):
    response = production.get(reverse("home"), secure=True)
    assert response.status_code == 200
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_production_content_security_policy_forbids_inline_script_and_framing(db, production):
    policy = production.get(reverse("home"), secure=True)["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]


def test_production_cookies_are_secure_httponly_and_samesite(db, production, representative):
    page = production.get(reverse("account_login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = production.post(
        reverse("account_login"),
        {"login": representative.email, "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_staff_session_ends_after_thirty_idle_minutes_but_activity_keeps_it(client, coordinator, settings):
    # The database's expiry date follows the travelling clock; Redis's own expiry (below) runs on real time.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(coordinator)
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(dt.timedelta(minutes=25))
        assert client.get(reverse("admin:index")).status_code == 200  # activity restarts the 30 minutes
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("admin:index")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert response["Location"].startswith((reverse("admin:login"), reverse("account_login")))
        assert "_auth_user_id" not in client.session


@pytest.mark.redis
def test_a_staff_session_in_redis_expires_after_thirty_idle_minutes(client, coordinator, representative):
    """With REDIS_URL sessions are read from the cache: its entry must expire as the database row does."""
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import caches

    cache = caches[django_settings.SESSION_CACHE_ALIAS]
    redis = cache._cache.get_client()
    idle = django_settings.STAFF_SESSION_IDLE_SECONDS
    for user, longest in ((coordinator, idle), (representative, None)):
        client.force_login(user)
        client.get(reverse("account_email"))
        ttl = redis.ttl(cache.make_key(KEY_PREFIX + client.session.session_key))
        if longest:
            assert longest - 60 < ttl <= longest
        else:
            assert ttl > idle
        client.logout()


def test_non_staff_session_outlives_thirty_idle_minutes(client, representative):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        client.force_login(representative)
        clock.shift(dt.timedelta(hours=3))
        assert client.get(reverse("account_email")).status_code == 200


# --- Every URL: POST without a CSRF token refused; GET changes nothing ----------------------------------------


def third_party_urls() -> list[str]:
    """allauth's, the language switch's and the admin's URLs that take no arguments."""
    urls = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "")
                if not module.startswith((*THIRD_PARTY_MODULE_PREFIXES, "allauth")):
                    continue
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                try:
                    urls.append(reverse(name))
                except NoReverseMatch:
                    continue  # takes arguments (keys, object ids): covered by the package's own tests

    walk(get_resolver().url_patterns, None)
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        urls += [reverse("admin:{}_{}_changelist".format(*info)), reverse("admin:{}_{}_add".format(*info))]
    return sorted(set(urls))


def portal_urls(users: dict) -> list[str]:
    urls = []
    for name, access in sorted(DECLARED.items()):
        kwargs = access.kwargs(users) if access.kwargs else {}
        urls.append(reverse(name, kwargs=kwargs) + (f"?{access.query}" if access.query else ""))
    return urls


def database_snapshot() -> dict[str, list]:
    """Every row of every table (sessions aside: a GET may refresh the session's expiry)."""
    snapshot = {}
    for model in apps.get_models(include_auto_created=True):
        if model is Session:
            continue
        snapshot[model._meta.label] = list(model._base_manager.order_by("pk").values())
    return snapshot


@pytest.fixture
def personas(request) -> dict:
    return {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}


@pytest.mark.parametrize("persona", ["anonymous", "representative", "coordinator"])
def test_every_post_without_a_csrf_token_is_refused(personas, persona):
    client = Client(enforce_csrf_checks=True)
    if persona != "anonymous":
        client.force_login(personas[persona])
    urls = portal_urls(personas) + third_party_urls()
    before = database_snapshot()
    accepted = []
    for url in urls:
        response = client.post(url, {"email": "x@example.org", "name": "x", "password": "x"})
        if response.status_code != 403:
            accepted.append((url, response.status_code))
    assert not accepted, f"POST without a CSRF token was not refused: {accepted}"
    assert database_snapshot() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_get_changes_state(client, personas, persona):
    if persona != "anonymous":
        client.force_login(personas[persona])
    urls = portal_urls(personas) + third_party_urls()
    before = database_snapshot()
    for url in urls:
        client.get(url)
    after = database_snapshot()
    changed = sorted(label for label in before if before[label] != after[label])
    assert not changed, f"GETs as {persona} changed rows in: {changed}"


# --- Login rate limits (site and admin), lifting by themselves ------------------------------------------------


def login(client: Client, email: str, password: str, ip: str, next_url: str = ""):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password}, REMOTE_ADDR=ip)


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_failures_are_limited_per_account_at_an_address_and_the_limit_lifts(representative):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(5):  # the account's limit counts at the address the failures came from
            login(Client(), representative.email, "wrong-password", ip="10.0.2.1")
        blocked = Client()
        response = login(blocked, representative.email, PASSWORD, ip="10.0.2.1")
        assert not is_signed_in(blocked)
        assert (
            "För många misslyckade inloggningsförsök" in response.content.decode()
            or response.status_code == 429
        )
        # Someone else's account is not affected by the failures on this one.
        other = Client()
        from collaboration.factories import UserFactory

        colleague = UserFactory()
        login(other, colleague.email, PASSWORD, ip="10.0.2.1")
        assert is_signed_in(other)
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        lifted = Client()
        login(lifted, representative.email, PASSWORD, ip="10.0.2.1")
        assert is_signed_in(lifted)


def test_login_failures_are_limited_per_address_and_the_limit_lifts(representative):
    from collaboration.factories import UserFactory

    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for n in range(20):  # twenty different accounts tried from one address
            login(Client(), f"guess{n}@example.org", "wrong-password", ip="192.0.2.7")
        blocked = Client()
        login(blocked, representative.email, PASSWORD, ip="192.0.2.7")
        assert not is_signed_in(blocked)
        elsewhere = Client()
        login(elsewhere, representative.email, PASSWORD, ip="198.51.100.3")
        assert is_signed_in(elsewhere)
        clock.shift(dt.timedelta(minutes=1, seconds=1))
        lifted = Client()
        login(lifted, UserFactory().email, PASSWORD, ip="192.0.2.7")
        assert is_signed_in(lifted)


def test_admin_login_form_cannot_bypass_the_limits(coordinator):
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": coordinator.email, "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not is_signed_in(client)


def test_admin_login_failures_are_limited_and_the_limit_lifts(coordinator):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(5):
            login(Client(), coordinator.email, "wrong-password", ip="10.0.4.1", next_url="/admin/")
        blocked = Client()
        response = login(blocked, coordinator.email, PASSWORD, ip="10.0.4.1", next_url="/admin/")
        assert response.status_code != 302 or response["Location"] != reverse("mfa_authenticate")
        assert not is_signed_in(blocked)
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        lifted = Client()
        response = login(lifted, coordinator.email, PASSWORD, ip="10.0.4.1", next_url="/admin/")
        # The password is accepted; the coordinator continues to the two-factor step.
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_authenticate")


# --- Uploaded files -------------------------------------------------------------------------------------------


def test_uploads_are_stored_outside_every_static_directory(production_settings):
    media = Path(production_settings["MEDIA_ROOT"]).resolve()
    for static in [production_settings["STATIC_ROOT"], *production_settings["STATICFILES_DIRS"]]:
        static = Path(static).resolve()
        assert not media.is_relative_to(static) and not static.is_relative_to(media)
    assert production_settings["MAX_UPLOAD_SIZE"] <= 20 * 1024 * 1024


def test_media_files_are_not_served_directly(db, production, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "protokoll.pdf").write_bytes(b"%PDF-1.4 secret minutes")
    response = production.get(django_settings.MEDIA_URL + "protokoll.pdf", secure=True)
    assert response.status_code == 404


# --- Uploads through the portal's upload views (partnership documents) ---------------------------------------


@pytest.fixture
def partnership_with_party(organisation):
    from collaboration.factories import PartnershipPartyFactory

    # Running: its documents are its parties' (a partnership in preparation shows them to coordinators only).
    return PartnershipPartyFactory(organisation=organisation, partnership__stage="running").partnership


def upload(client: Client, partnership, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("partnership-document-upload", kwargs={"pk": partnership.pk}),
        {"title": "Avtal", "file": SimpleUploadedFile(name, content, content_type="application/pdf")},
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("avtal.html", b"<script>alert(1)</script>"),  # a type that is not allowed
        ("avtal.pdf", b"<html><script>alert(1)</script></html>"),  # the right name, the wrong content
        ("avtal.exe", b"MZ\x90\x00"),
        ("avtal.docx", b"PK\x03\x04not-an-office-file"),
    ],
)
def test_uploads_of_the_wrong_type_are_refused(
    client, coordinator, partnership_with_party, settings, tmp_path, name, content
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(coordinator)
    response = upload(client, partnership_with_party, name, content)
    assert response.status_code in (200, 400)
    assert partnership_with_party.documents.count() == 0
    assert not any(tmp_path.rglob("*.*"))


def test_uploads_over_the_size_limit_are_refused(
    client, coordinator, partnership_with_party, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.MAX_UPLOAD_SIZE = 1024
    client.force_login(coordinator)
    response = upload(client, partnership_with_party, "stor.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    assert "för stor" in response.content.decode()
    assert partnership_with_party.documents.count() == 0


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "steering_member", "city_official"])
def test_uploaded_files_are_stored_outside_static_and_served_only_to_those_allowed_as_attachments(
    client, request, coordinator, representative, partnership_with_party, settings, tmp_path, persona
):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(coordinator)
    assert upload(client, partnership_with_party, "avtal.pdf", b"%PDF-1.7\n%%EOF\n").status_code == 302
    document = partnership_with_party.documents.get()
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(settings.MEDIA_ROOT.resolve())
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert "avtal" not in stored.name  # the uploader's file name never becomes a path
    url = reverse("partnership-document-download", kwargs={"pk": document.pk})

    for allowed in (coordinator, representative):  # a representative of a party to the partnership
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"
        assert response["X-Content-Type-Options"] == "nosniff"

    client.logout()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code in (302, 404)
    assert client.get(settings.MEDIA_URL + str(document.file.name)).status_code == 404
