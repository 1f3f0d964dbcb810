"""After a refused submit every portal form shows the error summary (templates/includes/error_summary.html):
the title starts with "Fel:" / "Error:", each error is listed once, as a link to a field on the page."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from tests.test_hostile_input import _forms_in
from tests.test_url_access import DECLARED
from tests.url_access import PERSONAS

SUBMITTERS = ["coordinator", "representative"]


class _Page(HTMLParser):
    """The title, the ids on the page and the error summary's entries (their link target and text)."""

    def __init__(self):
        super().__init__()
        self.title, self.ids, self.entries = "", set(), []
        self._in_title = self._in_summary = False
        self._depth = 0
        self._entry = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "title":
            self._in_title = True
        if attrs.get("id") == "error-summary":
            self._in_summary, self._depth = True, 0
        if self._in_summary:
            self._depth += tag == "div"
            if tag == "li":
                self._entry = {"href": "", "text": ""}
            if tag == "a" and self._entry is not None:
                self._entry["href"] = attrs.get("href", "")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if self._in_summary:
            if tag == "li" and self._entry is not None:
                self.entries.append(self._entry)
                self._entry = None
            if tag == "div":
                self._depth -= 1
                self._in_summary = self._depth > 0

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._entry is not None:
            self._entry["text"] += data


def _parse(response) -> _Page:
    page = _Page()
    page.feed(response.content.decode())
    return page


def _empty_submission(forms) -> dict:
    """Every field left empty; the formsets' management forms kept as they were rendered."""
    data = {}
    for form in forms:
        for name in form.fields:
            key = form.add_prefix(name)
            data[key] = form[name].value() if key.endswith("_FORMS") else ""
    return data


def _refused(client, url):
    """The page a POST of the empty form answers, or None if the page has no form or the POST was taken."""
    response = client.get(url)
    forms = [form for form in _forms_in(response.context) if response.status_code == 200]
    if not forms:
        return None
    response = client.post(url, _empty_submission(forms))
    if response.status_code != 200 or not any(f.is_bound and f.errors for f in _forms_in(response.context)):
        return None
    return response


def refused_pages(client, urls):
    """(persona, URL name, URL, refused response) for every portal form each submitter can post, posted empty."""
    users, found = urls
    for persona in SUBMITTERS:
        client.force_login(users[persona])
        for name, url in found.items():
            response = _refused(client, url)
            if response is not None:
                yield persona, name, url, response


@pytest.fixture
def urls(request, db):
    users = {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}
    found = {}
    for name, access in sorted(DECLARED.items()):
        if name.startswith("account_") or name.endswith(("-ics", "-csv", "-pdf", "-xlsx")):
            continue
        try:
            found[name] = reverse(name, kwargs=access.kwargs(users) if access.kwargs else {})
        except NoReverseMatch:
            continue
    return users, found


def _check(page: _Page, errors: list[str], title_start: str, where: str):
    assert page.title.strip().startswith(title_start), f"{where}: title {page.title.strip()!r}"
    assert page.entries, f"{where}: errors {errors} but no error summary"
    texts = [re.sub(r"\s+", " ", entry["text"]).strip() for entry in page.entries]
    assert len(texts) == len(set(texts)), f"{where}: an error listed twice: {texts}"
    for error in errors:
        assert any(text.endswith(error) for text in texts), f"{where}: {error!r} missing from {texts}"
    for entry in page.entries:
        if entry["href"]:
            assert entry["href"][1:] in page.ids, f"{where}: {entry['href']} points at nothing"


def test_every_refused_portal_form_leads_with_an_error_summary(client, urls):
    checked = []
    for persona, name, url, response in refused_pages(client, urls):
        errors = [
            str(message)
            for form in _forms_in(response.context)
            if form.is_bound
            for messages in form.errors.values()
            for message in messages
        ]
        _check(_parse(response), errors, "Fel:", f"POST {url} as {persona}")
        checked.append(name)
    assert len(set(checked)) >= 10, checked


def test_the_title_says_error_in_english(client, urls):
    users, _ = urls
    client.force_login(users["coordinator"])
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        response = _refused(client, reverse("organisation-register"))
    assert response is not None
    assert _parse(response).title.strip().startswith("Error:")


def test_an_unrefused_page_has_no_summary_and_no_error_title(client, urls):
    users, _ = urls
    client.force_login(users["representative"])
    page = _parse(client.get(reverse("organisation-register")))
    assert not page.entries and "error-summary" not in page.ids
    assert not page.title.strip().startswith("Fel:")


def test_a_form_wide_error_is_shown_once(client, representative, organisation):
    """Signing up nobody: "Ange minst en person att anmäla." in the summary only, not again above the form."""
    from events.factories import EventFactory

    client.force_login(representative)
    url = reverse("events:registration-create", kwargs={"pk": EventFactory().pk})
    management = {"kollega-TOTAL_FORMS": "1", "kollega-INITIAL_FORMS": "0"}
    response = client.post(url, {"organisation": organisation.pk, **management})
    assert response.status_code == 200
    assert response.content.decode().count("Ange minst en person att anmäla.") == 1
    assert _parse(response).title.strip().startswith("Fel:")


def test_an_invalid_email_address_gets_its_own_message_only(client, representative, organisation):
    from events.factories import EventFactory

    client.force_login(representative)
    url = reverse("events:registration-create", kwargs={"pk": EventFactory().pk})
    response = client.post(
        url,
        {
            "organisation": organisation.pk,
            "kollega-TOTAL_FORMS": "1",
            "kollega-INITIAL_FORMS": "0",
            "kollega-0-name": "Ann Andersson",
            "kollega-0-email": "ann.andersson-at-example.org",
        },
    )
    row = response.context["formset"].forms[0]
    assert row.errors == {"email": ["Fyll i en giltig e-postadress."]}
    entries = [entry["text"].strip() for entry in _parse(response).entries]
    assert entries == ["Kollegans e-post: Fyll i en giltig e-postadress."]


def test_no_page_opens_with_an_error_summary(client, urls):
    """A form bound to the query string but not yet submitted is no refused submit: no summary, no "Fel:"."""
    users, found = urls
    client.force_login(users["coordinator"])
    opened = 0
    for url in found.values():
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        opened += 1
        page = _parse(response)
        assert "error-summary" not in page.ids, f"GET {url} opens with an error summary: {page.entries}"
        assert not page.title.strip().startswith("Fel:"), url
    assert opened >= 40, opened
