"""Every page has a title of its own (WCAG 2.4.2): two different pages a person can open never share one, so a
screen reader's list of tabs, the history and bookmarks tell them apart."""

import re
from collections import defaultdict

import pytest
from django.urls import reverse

from tests.test_url_access import DECLARED
from tests.url_access import PERSONAS

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@pytest.mark.django_db
def test_no_two_pages_share_a_title(client, request):
    users = {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}
    client.force_login(users["coordinator"])
    pages = defaultdict(set)
    for name, access in sorted(DECLARED.items()):
        if access.expected["coordinator"] != 200:
            continue
        url = reverse(name, kwargs=access.kwargs(users) if access.kwargs else {})
        response = client.get(url + (f"?{access.query}" if access.query else ""))
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        match = TITLE.search(response.content.decode())
        assert match, f"{name}: no <title>"
        title = " ".join(match.group(1).split())
        assert title != "– Malmöandan", f"{name}: an empty title"
        pages[title].add(name)
    shared = {title: sorted(names) for title, names in pages.items() if len(names) > 1}
    assert not shared, shared
