"""The public organisation directory is cached: changes show at once, each search has its own copy, and the
services that change rows in bulk (merging organisations, erasing a person) renew every cached page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaboration.factories import MembershipFactory, OrganisationFactory, RoomFactory, UserFactory
from collaboration.models import Organisation
from collaboration.services.organisations import organisation_merge, organisation_register
from collaboration.services.privacy import account_delete
from collaboration.shared import fragments
from steering.factories import MandateFactory

from .test_bookings import at, book


def _directory(client, **params) -> str:
    response = client.get(reverse("organisation-directory"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_an_organisation_registered_renamed_or_closed_shows_at_once(client, db):
    assert "Kulturföreningen Ljus" not in _directory(client)  # cached now
    organisation = organisation_register(
        user=UserFactory(), name="Kulturföreningen Ljus", kind="ideell_forening", category="kultur"
    )
    assert "Kulturföreningen Ljus" in _directory(client)
    organisation.name = "Ljusets förening"
    organisation.save()
    html = _directory(client)
    assert "Ljusets förening" in html and "Kulturföreningen Ljus" not in html
    organisation.is_active = False
    organisation.save()
    assert "Ljusets förening" not in _directory(client)


def test_each_search_filter_and_page_has_its_own_copy(client, db):
    OrganisationFactory(name="Idrottsklubben Boll", category="idrott")
    OrganisationFactory(name="Teatern", category="kultur")
    OrganisationFactory.create_batch(55, category="annat")
    for _ in range(2):  # the second round comes from the cache
        html = _directory(client, q="idrott")
        assert "Idrottsklubben Boll" in html and "Teatern" not in html
        html = _directory(client, category="kultur")
        assert "Teatern" in html and "Idrottsklubben Boll" not in html
        html = _directory(client, q="idrott", category="kultur")
        assert "Inga organisationer matchar sökningen." in html
        first, second = _directory(client), _directory(client, sida="2")
        assert "Idrottsklubben Boll" not in first and "Idrottsklubben Boll" in second  # by name
        assert "1 / 2" in first and "2 / 2" in second
        # A search shown again in its box, whatever was searched before it.
        assert 'value="idrott"' in _directory(client, q="idrott") and 'value=""' in first


def test_a_search_cannot_take_another_searchs_copy(client, db):
    """The key is the urlencoded search, so no two different searches can share a copy."""
    OrganisationFactory(name="Föreningen a:")
    OrganisationFactory(name="Bara a")
    html = _directory(client, q="a:")
    assert "Föreningen a:" in html and "Bara a" not in html
    assert "Bara a" in _directory(client, q="a", sida=":")  # ("a:", "", "") and ("a", "", ":") differ


def test_a_merge_shows_at_once_in_the_directory_and_the_room_grids(client, db):
    keep = OrganisationFactory(name="Föreningen Norr")
    duplicate = OrganisationFactory(name="Föreningen Nord")
    representative = MembershipFactory(organisation=duplicate).user
    room = RoomFactory()
    book(room, duplicate, at(0, 10), at(0, 11))
    week = reverse("room-week", args=[room.pk]) + f"?vecka={at(0, 0).date().isoformat()}"
    client.force_login(representative)
    assert "Styrelsemöte (Föreningen Nord)" in client.get(week).content.decode()
    assert "Föreningen Nord" in _directory(client)
    organisation_merge(keep=keep, duplicate=duplicate)
    assert "Styrelsemöte (Föreningen Norr)" in client.get(week).content.decode()  # still their own
    html = _directory(client)
    assert "Föreningen Norr" in html and "Föreningen Nord" not in html


def test_erasing_a_person_renews_what_shows_them_and_nothing_else(db):
    """The apps erase partly with update(): the triggers record it, so a page naming the person is renewed
    with no call to remember, and a page that never showed them keeps its copy."""
    user = MandateFactory().user

    def versions():
        return {name: fragments.version(name) for name in ("steering", "rooms", "reports")}

    before = versions()
    account_delete(user=user)
    after = versions()
    assert before["steering"] != after["steering"]  # the group page names its members
    assert before["rooms"] == after["rooms"] and before["reports"] == after["reports"]


@pytest.mark.parametrize("rows", [3, 60])
def test_directory_costs_three_queries_cold_and_one_warm(client, db, rows):
    OrganisationFactory.create_batch(rows)
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("organisation-directory")).status_code == 200
        counts.append(len(captured))
    assert counts == [3, 1]  # the data versions (one query per request); cold: the count and the page
    assert Organisation.objects.count() == rows
