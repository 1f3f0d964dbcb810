"""Walks every URL pattern with an anonymous user and each role; a URL nobody listed fails the walk."""

import importlib
import importlib.util
import time
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from collaboration.shared.portal_apps import PORTAL_APPS
from tests.url_access import PERSONAS, Access

# URLs that belong to installed packages and are covered by those packages' own tests and by the checks below.
THIRD_PARTY_MODULE_PREFIXES = ("allauth.", "django.views.i18n", "django.contrib.admin.")


def portal_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace and pattern.namespace
                    else (pattern.namespace or namespace)
                )
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "")
                if module.startswith(THIRD_PARTY_MODULE_PREFIXES):
                    continue
                assert pattern.name, f"URL {pattern.pattern} has no name"
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def declared_access() -> dict[str, Access]:
    declared: dict[str, Access] = {}
    for app in PORTAL_APPS:
        if importlib.util.find_spec(f"{app}.tests.url_access"):
            module = importlib.import_module(f"{app}.tests.url_access")
            declared.update(module.URL_ACCESS)
    return declared


DECLARED = declared_access()


def test_every_url_is_declared():
    names = portal_url_names()
    undeclared = sorted(names - DECLARED.keys())
    stale = sorted(DECLARED.keys() - names)
    assert not undeclared, (
        f"URLs without an expected access per role (add them to <app>/tests/url_access.py): {undeclared}"
    )
    assert not stale, f"url_access.py lists URLs that do not exist: {stale}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(DECLARED))
def test_url_answers_each_persona_as_declared(db, client, request, name, persona):
    access = DECLARED[name]
    users = {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}
    kwargs = access.kwargs(users) if access.kwargs else {}
    if persona != "anonymous":
        client.force_login(users[persona])
    url = reverse(name, kwargs=kwargs) + (f"?{access.query}" if access.query else "")
    response = client.get(url)
    assert response.status_code == access.expected[persona], (
        f"GET {url} as {persona}: {response.status_code}, expected {access.expected[persona]}"
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_changelists_open_only_to_coordinators(db, client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        status = client.get(url).status_code
        if persona == "coordinator":
            assert status == 200, f"{url}: {status}"
        else:
            assert status in (302, 403), f"{url} as {persona}: {status}"


# The pages that only coordinators open (everyone else gets 403, 404 or the login page).
COORDINATOR_PAGES = sorted(
    name
    for name, access in DECLARED.items()
    if access.expected["coordinator"] == 200 and access.expected["outsider"] != 200
)


def test_there_are_coordinator_pages_to_walk():
    assert {"booking-pending", "partnership-pipeline"} <= set(COORDINATOR_PAGES)


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
def test_coordinator_without_a_two_factor_session_reaches_no_coordinator_page(db, client, request, name):
    """Signed in with the password only (TOTP on, code not entered): sent to confirm with the code where the
    page needs the role, refused as anyone else is where it looks for objects the role would show."""
    access = DECLARED[name]
    users = {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}
    url = reverse(name, kwargs=access.kwargs(users) if access.kwargs else {})
    url += f"?{access.query}" if access.query else ""
    client.force_login_without_two_factor(users["coordinator"])
    response = client.get(url)
    if response.status_code == 302:
        assert response["Location"] == f"{reverse('mfa_reauthenticate')}?{urlencode({'next': url})}"
    else:
        assert response.status_code == access.expected["outsider"], f"GET {url}: {response.status_code}"


def test_coordinator_without_a_two_factor_session_reaches_no_admin_page(db, client, coordinator):
    client.force_login_without_two_factor(coordinator)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_reauthenticate")), url


def test_coordinator_without_an_authenticator_is_sent_to_set_one_up(db, client):
    from collaboration.factories import UserFactory
    from collaboration.services.users import user_role_grant
    from collaboration.shared.roles import Role

    user = UserFactory()
    user_role_grant(user=user, role=Role.COORDINATOR)
    client.force_login(user)
    response = client.get(reverse("booking-pending"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_coordinator_page_opens_once_the_code_is_entered(db, client, coordinator):
    from allauth.mfa.app_settings import TOTP_PERIOD
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from conftest import TOTP_SECRET

    client.force_login_without_two_factor(coordinator)
    page = reverse("booking-pending")
    confirm = client.get(page)["Location"]
    code = format_hotp_value(hotp_value(TOTP_SECRET, int(time.time()) // TOTP_PERIOD))
    response = client.post(confirm, {"code": code})
    assert response.status_code == 302 and response["Location"] == page
    assert client.get(page).status_code == 200
