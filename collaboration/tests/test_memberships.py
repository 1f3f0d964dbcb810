import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import Membership, MembershipRole, Organisation
from collaboration.services.organisations import (
    get_organisation_for_user,
    membership_confirm,
    membership_decline,
    membership_request,
)
from collaboration.shared.roles import Role, user_roles

pytestmark = pytest.mark.django_db


def test_request_then_confirm_by_representative_grants_the_role(
    representative, organisation, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_request(user=outsider, organisation=organisation)
    assert [m.to for m in mailoutbox] == [[representative.email]]
    assert not membership.is_confirmed
    assert organisation not in Organisation.objects.represented_by(outsider)

    with django_capture_on_commit_callbacks(execute=True):
        membership_confirm(membership=membership, confirmed_by=representative)
    membership.refresh_from_db()
    assert membership.confirmed_by == representative
    outsider.refresh_from_db()
    assert Role.REPRESENTATIVE in user_roles(outsider)
    assert list(Organisation.objects.represented_by(outsider)) == [organisation]
    assert mailoutbox[-1].to == [outsider.email]


def test_confirming_a_contact_does_not_grant_the_representative_role(organisation, coordinator, outsider):
    membership = membership_request(user=outsider, organisation=organisation, role=MembershipRole.CONTACT)
    membership_confirm(membership=membership, confirmed_by=coordinator)
    outsider.refresh_from_db()
    assert Role.REPRESENTATIVE not in user_roles(outsider)


def test_a_second_request_is_refused(organisation, outsider):
    membership_request(user=outsider, organisation=organisation)
    with pytest.raises(ValidationError):
        membership_request(user=outsider, organisation=organisation)
    assert Membership.objects.filter(user=outsider).count() == 1


def test_represented_by_ignores_inactive_and_unconfirmed(outsider):
    active = OrganisationFactory()
    inactive = OrganisationFactory(is_active=False)
    pending = OrganisationFactory()
    MembershipFactory(user=outsider, organisation=active)
    MembershipFactory(user=outsider, organisation=inactive)
    MembershipFactory(user=outsider, organisation=pending, confirmed_at=None)
    assert list(Organisation.objects.represented_by(outsider)) == [active]


def test_join_page_sends_a_request(client, outsider, organisation):
    client.force_login(outsider)
    response = client.post(reverse("organisation-join"), {"organisation": organisation.pk})
    assert response.status_code == 302
    assert Membership.objects.get(user=outsider).organisation == organisation


@pytest.mark.parametrize("value", ["999999", "abc", ""])
def test_join_page_unknown_organisation_gets_a_message(client, outsider, value):
    client.force_login(outsider)
    response = client.post(reverse("organisation-join"), {"organisation": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Organisationen finns inte" in html or "Välj vilken organisation" in html
    assert not Membership.objects.filter(user=outsider).exists()


def test_join_page_duplicate_request_gets_a_message(client, representative, organisation):
    client.force_login(representative)
    response = client.post(reverse("organisation-join"), {"organisation": organisation.pk})
    assert response.status_code == 200
    assert "redan" in response.content.decode()


def test_representative_confirms_a_pending_request_by_url(client, representative, organisation):
    pending = MembershipFactory(organisation=organisation, confirmed_at=None)
    client.force_login(representative)
    html = client.get(reverse("organisation-mine")).content.decode()
    assert str(pending.user) in html
    response = client.post(reverse("membership-confirm", args=[pending.pk]))
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.is_confirmed and pending.confirmed_by == representative


def test_representative_declines_a_pending_request(client, representative, organisation):
    pending = MembershipFactory(organisation=organisation, confirmed_at=None)
    client.force_login(representative)
    client.post(reverse("membership-decline", args=[pending.pk]))
    assert not Membership.objects.filter(pk=pending.pk).exists()


def test_representative_cannot_touch_another_organisations_members(client, representative):
    foreign = OrganisationFactory(name="Främmande föreningen")
    foreign_member = MembershipFactory(organisation=foreign, confirmed_at=None)
    foreign_rep = MembershipFactory(organisation=foreign)
    client.force_login(representative)
    assert client.get(reverse("organisation-members", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("membership-confirm", args=[foreign_member.pk])).status_code == 404
    assert client.post(reverse("membership-decline", args=[foreign_rep.pk])).status_code == 404
    foreign_member.refresh_from_db()
    assert not foreign_member.is_confirmed
    assert Membership.objects.filter(pk=foreign_rep.pk).exists()
    html = client.get(reverse("organisation-mine")).content.decode()
    assert "Främmande föreningen" not in html and foreign_rep.user.email not in html


def test_pending_or_contact_member_cannot_manage(client, organisation):
    pending = MembershipFactory(organisation=organisation, confirmed_at=None)
    contact = MembershipFactory(organisation=organisation, role=MembershipRole.CONTACT)
    other = MembershipFactory(organisation=organisation, confirmed_at=None)
    for membership in (pending, contact):
        client.force_login(membership.user)
        assert client.get(reverse("organisation-members", args=[organisation.pk])).status_code == 404
        assert client.post(reverse("membership-confirm", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert not other.is_confirmed


def test_the_last_representative_cannot_be_removed_by_a_representative(representative, organisation):
    own = Membership.objects.get(user=representative)
    with pytest.raises(ValidationError):
        membership_decline(membership=own, declined_by=representative)
    assert Membership.objects.filter(pk=own.pk).exists()


def test_removing_a_representative_revokes_the_role_when_none_left(coordinator, representative, organisation):
    second = MembershipFactory(organisation=organisation)
    membership_decline(membership=Membership.objects.get(user=representative), declined_by=second.user)
    representative.refresh_from_db()
    assert Role.REPRESENTATIVE not in user_roles(representative)


def test_get_organisation_for_user_is_404_for_strangers(outsider, organisation):
    from django.http import Http404

    with pytest.raises(Http404):
        get_organisation_for_user(outsider, organisation.pk)
    with pytest.raises(Http404):
        get_organisation_for_user(outsider, 999999)


@pytest.mark.parametrize("rows", [2, 20])
def test_my_organisations_query_count_is_constant(
    client, representative, organisation, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        MembershipFactory(organisation=organisation, user=UserFactory(), confirmed_at=None)
        other = OrganisationFactory()
        MembershipFactory(user=representative, organisation=other)
        MembershipFactory(organisation=other)
    client.force_login(representative)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organisation-mine"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_members_page_query_count_is_constant(
    client, representative, organisation, django_assert_max_num_queries, rows
):
    MembershipFactory.create_batch(rows, organisation=organisation)
    client.force_login(representative)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organisation-members", args=[organisation.pk]))
    assert response.status_code == 200


def test_admin_confirm_action_grants_the_role(client, coordinator, organisation):
    pending = MembershipFactory(organisation=organisation, confirmed_at=None)
    client.force_login(coordinator)
    client.post(
        reverse("admin:collaboration_membership_changelist"),
        {"action": "confirm", "_selected_action": [pending.pk]},
    )
    pending.refresh_from_db()
    assert pending.is_confirmed
    assert Role.REPRESENTATIVE in user_roles(pending.user)
