"""Property-based: hostile values in every query parameter and every form field, as every persona.

- Every portal URL pattern is resolved with the sample objects its url_access entry builds; its query
  parameter names come from the forms the view declares with `collaboration.shared.query.reads_query`.
- Every portal form is found on its page (the forms in the page's context) and posted with hostile
  values, to the page and to every portal URL a form on the page posts to (a posting's review, match and
  topic forms post elsewhere); pages in a state no url_access sample has (an app's `HOSTILE_PAGES`, e.g. a
  posting under review) are walked too; every admin add and change form of every registered model likewise, and every admin list with
  its filters, search, ordering, paging and date filter.
- No response is a server error, and a write that is refused (4xx, or a form with errors) leaves the
  database as it was: row counts and the latest change time of every table.

Deterministic and bounded (derandomize, few examples, each example walks every URL and form).
"""

import importlib
import re
from html import unescape
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.sessions.models import Session
from django.db.models import Count, Max
from django.forms import BaseForm, BaseFormSet
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collaboration.shared.portal_apps import PORTAL_APPS
from collaboration.shared.query import QueryForm, query_parameter_names
from tests.test_url_access import DECLARED

HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "Ämne\r\nBcc: alla@example.org",
    "\n",
    "9999-12-31",
    "0001-01-01",
    "9999-12",
    "0001-01",
    "99999-01-01",
    "23:59",
    "25:61",
    "-1",
    "0",
    "-9223372036854775808",
    "9223372036854775807",
    "1e309",
    "NaN",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "../../etc/passwd",
    "on",
    "1",
    "2027-03-15",
    "10:00",
    "https://example.org/",
    "STK-2023-267",
    "åäö@example.org",
    # Beyond 64 bits: SQLite's driver raised OverflowError on `__in` (collaboration/shared/lookups.py).
    "99999999999999999999999999",
]
hostile = st.sampled_from(HOSTILE)

PERSONAS = ["anonymous", "representative", "steering_member", "city_official", "coordinator"]
HYPOTHESIS = settings(
    derandomize=True,
    max_examples=2,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# What a refused write may still touch: the session (messages, the login) is not the portal's data.
UNWATCHED = {Session}


def fingerprint() -> dict:
    """Row count and the latest change of every table: cheap, and any write shows in one of them."""
    result = {}
    for model in apps.get_models():
        if model in UNWATCHED or not model._meta.managed:
            continue
        aggregates = {"rows": Count("pk")}
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or field.name in ("updated", "updated_at", "modified"):
                aggregates[field.name] = Max(field.name)
        result[model._meta.label] = model._base_manager.aggregate(**aggregates)
    return result


@pytest.fixture
def dataset(request, db):
    """The personas and, for each portal URL, the sample objects its url_access entry builds."""
    users = {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}
    users["outsider"] = request.getfixturevalue("outsider")
    urls = {}
    for name, access in sorted(DECLARED.items()):
        kwargs = access.kwargs(users) if access.kwargs else {}
        try:
            urls[name] = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    for app in PORTAL_APPS:
        if importlib.util.find_spec(f"{app}.tests.url_access"):
            module = importlib.import_module(f"{app}.tests.url_access")
            for label, (name, build) in getattr(module, "HOSTILE_PAGES", {}).items():
                urls[label] = reverse(name, kwargs=build(users))
    return users, urls


POST_ACTION = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*\baction=\"([^\"]+)\"", re.IGNORECASE)


def _post_targets(response, url: str) -> set[str]:
    """The page itself and each portal URL one of its forms posts to (not the language switch, nor allauth's)."""
    targets = {url}
    for action in POST_ACTION.findall(response.content.decode(errors="replace")):
        path = urlsplit(unescape(action)).path
        try:
            name = resolve(path).view_name
        except Resolver404:
            continue
        if name in DECLARED and name != "set_language":
            targets.add(path)
    return targets


def _login(client, users, persona):
    client.logout()
    if persona != "anonymous":
        client.force_login(users[persona])


def _forms_in(context) -> list[BaseForm]:
    """The forms a page shows: plain forms, formsets (with their management form), the admin's wrappers."""
    if context is None:
        return []
    found = []
    values = {}
    for layer in context if isinstance(context, list) else [context]:
        values |= {key: value for key, value in layer.flatten().items() if key not in values}
    for value in values.values():
        if isinstance(value, BaseForm):
            found.append(value)
        elif isinstance(value, BaseFormSet):
            found += [value.management_form, *value.forms]
        elif hasattr(value, "form") and isinstance(value.form, BaseForm):  # AdminForm
            found.append(value.form)
        elif isinstance(value, list) and value and hasattr(value[0], "formset"):  # inline admin formsets
            for inline in value:
                found += [inline.formset.management_form, *inline.formset.forms]
    return found


def _has_errors(context) -> bool:
    return any(form.is_bound and form.errors for form in _forms_in(context))


def _assert_no_server_error(response, what: str):
    assert response.status_code < 500, f"{what}: {response.status_code}"


def _post_and_check(client, url: str, data: dict, what: str):
    before = fingerprint()
    response = client.post(url, data)
    _assert_no_server_error(response, what)
    if response.status_code >= 400 or _has_errors(response.context):
        assert fingerprint() == before, f"{what}: refused ({response.status_code}) but the database changed"


def _form_data(forms, draw) -> dict:
    data = {}
    for form in forms:
        for name in form.fields:
            data[form.add_prefix(name)] = draw(hostile)
    # Keep formsets' management forms well-formed now and then, so the forms behind them are reached too.
    for key in list(data):
        if key.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")) and draw(
            st.booleans()
        ):
            data[key] = "0"
    return data


@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_query_parameters_never_give_a_server_error(client, dataset, persona):
    users, urls = dataset
    targets = []
    for url in urls.values():
        names = sorted(query_parameter_names(resolve(url).func))
        if names:
            targets.append((url, names))
    assert targets, "no view declares its query parameters"

    @HYPOTHESIS
    @given(data=st.data())
    def walk(data):
        _login(client, users, persona)
        for url, names in targets:
            query = {name: data.draw(hostile) for name in names}
            _assert_no_server_error(client.get(url, query), f"GET {url} {query!r:.200} as {persona}")

    walk()


@pytest.mark.parametrize("persona", PERSONAS)
def test_hostile_values_in_every_portal_form_change_nothing_when_refused(client, dataset, persona):
    users, urls = dataset
    _login(client, users, persona)
    pages = {}
    for url in urls.values():
        if url.endswith((".ics", ".csv", ".json", ".xlsx", "/pdf/")):
            continue
        response = client.get(url)
        forms = _forms_in(response.context) if response.status_code == 200 else []
        if forms:
            for target in _post_targets(response, url):
                pages.setdefault(target, []).extend(forms)
        elif response.status_code == 405:
            pages.setdefault(url, [])
    assert pages

    @HYPOTHESIS
    @given(data=st.data())
    def walk(data):
        _login(client, users, persona)
        for url, forms in pages.items():
            fields = _form_data(forms, data.draw) if forms else {"reason": data.draw(hostile)}
            _post_and_check(client, url, fields, f"POST {url} as {persona}")

    walk()


# Coordination's forms each persona meets on the pages walked above (its url_access samples and HOSTILE_PAGES).
COORDINATION_FORMS = {
    "anonymous": set(),
    "representative": {"PostingForm", "FundingHelpForm", "FundingSubscriptionForm"},
    "steering_member": {"PostingForm", "FundingSubscriptionForm"},
    "city_official": {"PostingForm", "FundingSubscriptionForm"},
    "coordinator": {
        "PostingForm",
        "ReviewForm",
        "MatchForm",
        "PostingTopicForm",
        "MatchPartnershipForm",
        "FundingHelpForm",
        "FundingSubscriptionForm",
        "MailingForm",
    },
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_walk_reaches_coordinations_forms_for_every_persona(client, dataset, persona):
    """The walk above posts hostile values to these: each persona's coordination forms are on its pages (the
    search forms, read from the query string, are the query-parameter walk's)."""
    users, urls = dataset
    _login(client, users, persona)
    reached = set()
    for url in urls.values():
        if not resolve(url).func.__module__.startswith("coordination."):
            continue
        response = client.get(url)
        if response.status_code == 200:
            reached |= {
                type(form).__name__
                for form in _forms_in(response.context)
                if type(form).__module__.startswith("coordination.") and not isinstance(form, QueryForm)
            }
    assert reached == COORDINATION_FORMS[persona]


def _admin_targets() -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The add and change form of every registered model, and every admin list with its parameters."""
    forms, lists = [], []
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        forms.append(reverse("admin:{}_{}_add".format(*info)))
        sample = model._default_manager.order_by("pk").first()
        if sample is not None:
            forms.append(reverse("admin:{}_{}_change".format(*info), args=[sample.pk]))
        names = ["q", "o", "p", "e", "_to_field", "_popup", "all"]
        for entry in model_admin.list_filter:
            field = entry[0] if isinstance(entry, tuple) else entry
            if isinstance(field, str):
                names += [f"{field}__exact", f"{field}__id__exact", f"{field}__isempty", field]
        if model_admin.date_hierarchy:
            names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
        lists.append((reverse("admin:{}_{}_changelist".format(*info)), names))
        for field in model_admin.autocomplete_fields:
            lists.append(
                (
                    reverse("admin:autocomplete")
                    + f"?app_label={info[0]}&model_name={info[1]}&field_name={field}",
                    ["term", "page"],
                )
            )
    return forms, lists


def test_hostile_values_in_every_admin_form_and_list(client, dataset):
    users, _urls = dataset
    forms_urls, lists = _admin_targets()
    client.force_login(users["coordinator"])
    pages = {}
    for url in forms_urls:
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200:
            pages[url] = _forms_in(response.context)

    @HYPOTHESIS
    @given(data=st.data())
    def walk(data):
        client.force_login(users["coordinator"])
        for url, names in lists:
            query = {name: data.draw(hostile) for name in names if data.draw(st.booleans())}
            response = client.get(url + ("&" if "?" in url else "?") + urlencode(query))
            _assert_no_server_error(response, f"GET {url} {query!r:.300}")
        for url, forms in pages.items():
            _post_and_check(client, url, _form_data(forms, data.draw), f"POST {url}")

    walk()
