"""Walks every URL pattern with an anonymous user and each role; a URL nobody listed fails the walk."""

import importlib
import importlib.util

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from collaboration.management.commands.load_demo_data import PORTAL_APPS
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
