"""City staff sign themselves up for a dialogue forum as their committee or department (the plan opens the
forums to "förtroendevalda politiker från kommunens nämnder samt tjänstepersoner från alla förvaltningar")."""

import pytest
from django.urls import reverse

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import MembershipRole, OrganisationKind
from events.factories import EventFactory
from events.models import EventKind

from .test_signup import _signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return OrganisationFactory(name="Fritidsförvaltningen", kind=OrganisationKind.DEPARTMENT)


def test_official_without_an_association_signs_up_for_a_forum_as_a_department(
    client, city_official, department
):
    forum = EventFactory(kind=EventKind.DIALOGUE_FORUM)
    client.force_login(city_official)
    page = client.get(reverse("events:registration-create", kwargs={"pk": forum.pk})).content.decode()
    assert "Fritidsförvaltningen" in page
    response = _signup(client, forum, department)
    assert response.status_code == 302
    registration = forum.registrations.get()
    assert registration.user == city_official and registration.organisation == department


def test_politician_signs_up_as_their_committee_but_not_colleagues(client):
    committee = OrganisationFactory(name="Fritidsnämnden", kind=OrganisationKind.COMMITTEE)
    politician = UserFactory()
    MembershipFactory(
        user=politician, organisation=committee, role=MembershipRole.CONTACT, city_role="politician"
    )
    forum = EventFactory(kind=EventKind.DIALOGUE_FORUM)
    client.force_login(politician)
    response = _signup(client, forum, committee, colleagues=[("Ada", "ada@example.org")])
    assert response.status_code == 200
    assert "Du kan bara anmäla för organisationer som du företräder." in response.content.decode()
    assert not forum.registrations.exists()
    assert _signup(client, forum, committee).status_code == 302
    assert forum.registrations.get().organisation == committee


def test_the_opening_is_for_forums_and_city_organisations_only(
    client, city_official, department, organisation
):
    lunch = EventFactory(kind=EventKind.LEARNING_LUNCH)
    client.force_login(city_official)
    assert _signup(client, lunch, department).status_code == 200
    forum = EventFactory(kind=EventKind.DIALOGUE_FORUM)
    assert _signup(client, forum, organisation).status_code == 200  # an association is not the city's
    assert not lunch.registrations.exists() and not forum.registrations.exists()
