"""What the cached blocks show is watched, and shows the same to everyone who gets the same copy.

Every key page the benchmark loads (bench/pages.py, pinned here so that a renamed URL fails instead of dropping
out) is rendered with every `{% cache %}` block rendered afresh, as each persona and anonymously. For each block
the test records its key (its fragment name and the values it varies on), its output and the SQL it ran:

- the tables the block read must be watched by a data set whose version is in its key (derived from the
  queries it runs, not from a list kept beside the templates): otherwise a change to them would not show;
- two renders with the same key must give the same output, whoever asked: otherwise one visitor's copy
  (a name, a CSRF token, a draft only a coordinator may see) would be served to another.
"""

import re
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.templatetags.cache import CacheNode
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.dataset import PERSONA_EMAILS, Scale, build
from bench.measure import resolve_pages
from bench.pages import PAGES
from collaboration.models import User
from collaboration.shared import fragments

PINNED_PAGES = {
    "home": "home",
    "event_list": "events:event-list",
    "event_detail": "events:event-detail",
    "room_week": "room-week",
    "steering_group": "steering:group",
    "ballot": "steering:ballot-detail",
    "annual_report": "reports:annualreport-detail",
    "organisation_directory": "organisation-directory",
    "my_pages": "my-pages",
    "my_calendar_feed": "my-calendar-feed",
}
# Key pages with no template to cache: the personal feed is an .ics made for one person.
UNCACHED_PAGES = {"my_calendar_feed"}
SCALE = Scale(
    years=1, bookings_per_year=60, events_per_year=10, signups_per_year=40, organisations=8, people=40
)
_TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)


@dataclass
class Block:
    page: str
    persona: str | None
    name: str
    key: tuple[str, ...]
    output: str
    tables: set[str]
    data_sets: set[str]


class _Done(Exception):
    pass


def _render_everything(monkeypatch) -> tuple[list, list[Block]]:
    blocks: list[Block] = []
    current: dict = {}

    def render(node, context):
        key = tuple(str(var.resolve(context)) for var in node.vary_on)
        with CaptureQueriesContext(connection) as captured:
            output = node.nodelist.render(context)  # afresh, never from the cache
        tables = {table for q in captured.captured_queries for table in _TABLE.findall(q["sql"])}
        data_sets = {name for name in map(fragments.data_set_of, key) if name}
        blocks.append(
            Block(
                current["page"],
                current["persona"],
                node.fragment_name.strip('"'),
                key,
                output,
                tables,
                data_sets,
            )
        )
        return output

    monkeypatch.setattr(CacheNode, "render", render)
    resolved = [item for item in resolve_pages(PAGES) if item.page.key != "reference"]
    for item in resolved:
        for persona in [None, *PERSONA_EMAILS]:
            client = Client()
            if persona:
                client.force_login(User.objects.get(email=PERSONA_EMAILS[persona]))
            current.update(page=item.page.key, persona=persona)
            if item.available:
                client.get(item.path)
    return resolved, blocks


@pytest.fixture
def rendered(db, monkeypatch, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    result = {}
    try:
        with transaction.atomic():
            build(seed=11, scale=SCALE)
            result["resolved"], result["blocks"] = _render_everything(monkeypatch)
            raise _Done
    except _Done:
        pass
    return result


def test_the_key_pages_are_pinned_and_all_resolve(rendered):
    resolved = {item.page.key: item for item in rendered["resolved"]}
    assert set(resolved) == set(PINNED_PAGES), "bench/pages.py and this list name the same pages"
    problems = {key: item.problem for key, item in resolved.items() if not item.available}
    assert not problems, problems
    assert {key: item.url_name for key, item in resolved.items()} == PINNED_PAGES


def _unwatched(blocks: list[Block], watched: dict[str, set[str]]) -> set[str]:
    problems = set()
    for block in blocks:
        allowed = set().union(*(watched[name] for name in block.data_sets))
        for table in sorted(block.tables - allowed):
            problems.add(
                f"{block.page}: block {block.name!r} (data sets {sorted(block.data_sets)}) reads {table}"
            )
    return problems


def test_every_table_a_cached_block_reads_is_watched_by_a_data_set_in_its_key(rendered):
    blocks = rendered["blocks"]
    cached_pages = set(PINNED_PAGES) - UNCACHED_PAGES
    assert {block.page for block in blocks} == cached_pages, "every key page has a cached block"
    problems = _unwatched(blocks, fragments.watched_tables())
    assert not problems, sorted(problems)


def test_the_check_sees_a_table_no_data_set_watches(rendered):
    """Take the registrations out of the events data set: the event pages' blocks read them."""
    watched = fragments.watched_tables()
    watched["events"] = watched["events"] - {"events_registration"}
    problems = _unwatched(rendered["blocks"], watched)
    assert any("reads events_registration" in problem for problem in problems), problems
    read = {table for block in rendered["blocks"] for table in block.tables}
    assert {"events_event", "collaboration_booking", "steering_mandate", "reports_annualreport"} <= read


def _leaks(blocks: list[Block]) -> list[str]:
    by_key: dict[tuple, dict[str, Block]] = {}
    for block in blocks:
        by_key.setdefault((block.name, block.key), {}).setdefault(block.output, block)
    return [
        f"{name} {key}: differs between {sorted({str(b.persona) for b in outputs.values()})} on "
        f"{sorted({b.page for b in outputs.values()})}"
        for (name, key), outputs in by_key.items()
        if len(outputs) > 1
    ]


def test_the_same_key_gives_the_same_copy_to_every_persona(rendered):
    assert {block.persona for block in rendered["blocks"]} == {None, *PERSONA_EMAILS}
    leaks = _leaks(rendered["blocks"])
    assert not leaks, leaks


def test_the_check_sees_a_copy_that_depends_on_the_visitor(rendered):
    """A block that showed the visitor's name under a key without the visitor would be caught."""
    block = next(b for b in rendered["blocks"] if b.name == "event-detail")
    other = Block(**{**block.__dict__, "persona": "city_official", "output": block.output + "Farid Ahmadi"})
    assert _leaks([block, other])
