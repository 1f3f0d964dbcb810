"""WCAG 3.1.2 language of parts: on the English pages, content stored in Swedish (event titles and
descriptions, meeting titles and agendas, room equipment) sits inside an element with lang="sv"."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import NoReverseMatch, reverse

from collaboration.factories import RoomFactory
from collaboration.models import Partnership
from events.factories import EventFactory
from events.models import Event, Topic
from steering.factories import MeetingFactory
from steering.models import Ballot, Proposal
from tests.test_url_access import DECLARED
from tests.url_access import PERSONAS

SWEDISH = {
    "event title": "Dialogforum om föreningarnas lokaler",
    "event description": "Vi samtalar om hur föreningar hittar lokaler i Malmö.",
    "meeting title": "Styrgruppens höstmöte",
    "agenda item": "Val av nästa års fokusområde",
    "room equipment": "Projektor med ljudanläggning",
}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Languages(HTMLParser):
    """Each text node of the body with the language of its closest element that has lang."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not data.strip() or any(tag in ("title", "script", "style") for tag, _ in self.stack):
            return
        language = next((lang for _, lang in reversed(self.stack) if lang), "")
        self.texts.append((data.strip(), language))


@pytest.fixture
def swedish_content(db):
    event = EventFactory(title=SWEDISH["event title"], description=SWEDISH["event description"])
    meeting = MeetingFactory(
        title=SWEDISH["meeting title"], agenda=f"1. {SWEDISH['agenda item']}\n2. Övriga frågor"
    )
    room = RoomFactory(equipment=f"{SWEDISH['room equipment']}\nWhiteboard")
    return [
        reverse("events:event-detail", kwargs={"pk": event.pk}),
        reverse("steering:meeting-detail", kwargs={"pk": meeting.pk}),
        reverse("room-week", kwargs={"pk": room.pk}),
        reverse("reports:annualreport-figures", kwargs={"year": meeting.held_at.year}),
    ]


def test_swedish_content_on_english_pages_is_marked_swedish(client, request, swedish_content):
    users = {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}
    client.force_login(users["coordinator"])
    client.cookies["django_language"] = "en"
    unmarked, seen, english = [], set(), 0
    urls = list(swedish_content)
    for name, access in sorted(DECLARED.items()):
        try:
            url = reverse(name, kwargs=access.kwargs(users) if access.kwargs else {})
        except NoReverseMatch:
            continue
        urls.append(url + (f"?{access.query}" if access.query else ""))
    # Every event, ballot, proposal, partnership and topic the url_access entries made has a Swedish title too
    # ("Evenemang 3"): look for them all. (Organisations' names are proper names, which WCAG 3.1.2 leaves out.)
    stored = dict(SWEDISH)
    for model in (Event, Ballot, Proposal, Partnership, Topic):
        label = model._meta.model_name
        stored |= {f"{label} title {pk}": title for pk, title in model.objects.values_list("pk", "title")}
    for url in urls:
        response = client.get(url, headers={"accept-language": "en"})
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        if '<html lang="en"' not in html[:300]:
            continue  # a page in Swedish throughout (the annual report is written in Swedish)
        english += 1
        parser = _Languages()
        parser.feed(html)
        for text, language in parser.texts:
            for what, swedish in stored.items():
                if re.search(rf"(?<!\w){re.escape(swedish)}(?!\w)", text):
                    seen.add(what)
                    if language != "sv":
                        unmarked.append(f"{url}: {what} {text[:60]!r} is inside lang={language or 'en'!r}")
    assert not unmarked, "\n".join(unmarked)
    assert english >= 50, english
    assert seen >= set(SWEDISH), f"never shown: {set(SWEDISH) - seen}"
