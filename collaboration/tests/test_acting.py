"""Who acts for an organisation: one rule, asked the same way in SQL and in Python, and what a contact may not do.

The rule (collaboration.models.organisations.represented_by_q): a confirmed representative membership of an
active organisation; coordinators act for any organisation. A confirmed contact does not act for it.
"""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from collaboration.factories import (
    MembershipFactory,
    OrganisationFactory,
    PartnershipPartyFactory,
    RoomFactory,
    UserFactory,
)
from collaboration.models import (
    Booking,
    BookingStatus,
    MembershipRole,
    Organisation,
    OrganisationCalendarToken,
    PartnershipDocument,
    PartnershipStage,
)
from collaboration.services.partnerships import get_document_for_user
from collaboration.services.rooms import booking_cancel, calendar_token_for

from .test_bookings import at, book


@pytest.fixture
def room(db):
    return RoomFactory(name="Konferensrum Öresund", capacity=24)


@pytest.fixture
def booking(room, organisation, representative):
    return book(room, organisation, at(0, 10), at(0, 11), by=representative)


def _people(organisation) -> dict:
    closed = OrganisationFactory(is_active=False)
    return {
        "representative": MembershipFactory(organisation=organisation).user,
        "contact": MembershipFactory(organisation=organisation, role=MembershipRole.CONTACT).user,
        "unconfirmed": MembershipFactory(organisation=organisation, confirmed_at=None).user,
        "of closed": MembershipFactory(organisation=closed).user,
        "of another": MembershipFactory().user,
        "nobody": UserFactory(),
    }


def test_the_object_check_and_the_queryset_agree_for_every_kind_of_person(organisation, coordinator):
    from django.contrib.auth.models import AnonymousUser

    people = _people(organisation) | {"coordinator": coordinator, "anonymous": AnonymousUser()}
    organisations = list(Organisation.objects.all())
    acting = {}
    for label, user in people.items():
        in_sql = set(Organisation.objects.acted_for_by(user))
        in_python = {org for org in organisations if org.is_acted_for_by(user)}
        assert in_sql == in_python, label
        assert set(Organisation.objects.represented_by(user)) == {
            org for org in organisations if org.is_represented_by(user)
        }, label
        acting[label] = organisation in in_sql
    assert acting == {
        "representative": True,
        "contact": False,
        "unconfirmed": False,
        "of closed": False,
        "of another": False,
        "nobody": False,
        "coordinator": True,
        "anonymous": False,
    }


def test_a_closed_organisation_has_no_one_acting_for_it_but_the_coordinators(organisation, coordinator):
    representative = MembershipFactory(organisation=organisation).user
    Organisation.objects.filter(pk=organisation.pk).update(is_active=False)
    organisation.refresh_from_db()
    assert not organisation.is_acted_for_by(representative)
    assert organisation.is_acted_for_by(coordinator)  # e.g. to cancel its remaining bookings
    assert organisation not in Organisation.objects.active().acted_for_by(coordinator)


def test_contact_cannot_cancel_the_organisations_booking(client, contact, booking):
    client.force_login(contact)
    assert client.post(reverse("booking-cancel", args=[booking.pk])).status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    with pytest.raises(ValidationError):
        booking_cancel(booking=booking, cancelled_by=contact)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_representative_cancels_the_organisations_booking(client, representative, booking):
    client.force_login(representative)
    client.post(reverse("booking-cancel", args=[booking.pk]))
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CANCELLED


def test_contact_cannot_download_the_bookings_calendar_file(client, contact, booking):
    client.force_login(contact)
    assert client.get(reverse("booking-ics", args=[booking.pk])).status_code == 404


def test_contact_cannot_renew_the_calendar_link(client, contact, organisation):
    old = calendar_token_for(organisation=organisation).token
    client.force_login(contact)
    assert client.post(reverse("booking-feed-renew", args=[organisation.pk])).status_code == 404
    assert OrganisationCalendarToken.objects.get(organisation=organisation).token == old


def test_contact_cannot_book_for_the_organisation(contact, organisation, room):
    with pytest.raises(ValidationError, match="företräder"):
        book(room, organisation, at(1, 10), at(1, 11), by=contact)
    assert not Booking.objects.exists()


@pytest.mark.parametrize("page", ["room-week", "room-day"])
def test_room_grid_shows_book_links_only_to_those_who_may_book(client, page, room, contact, representative):
    url = (
        reverse("room-week", args=[room.pk]) + f"?vecka={at(0, 0).date().isoformat()}"
        if page == "room-week"
        else reverse("room-day") + f"?datum={at(1, 0).date().isoformat()}"
    )
    booking_form = reverse("booking-create") + "?"
    client.force_login(representative)
    assert booking_form in client.get(url).content.decode()
    client.force_login(contact)
    response = client.get(url)
    assert response.status_code == 200 and booking_form not in response.content.decode()
    # and the form itself, which the link would have led to, is not theirs
    assert client.get(reverse("booking-create")).status_code == 403


def _document(partnership) -> PartnershipDocument:
    return PartnershipDocument.objects.create(
        partnership=partnership,
        title="Avtalsutkast",
        file="partnerships/utkast.pdf",
        original_name="utkast.pdf",
        content_type="application/pdf",
        size=15,
    )


@pytest.mark.parametrize("stage", PartnershipStage.values)
def test_partnership_documents_are_seen_by_exactly_those_who_see_the_partnership(
    client, stage, organisation, representative, contact, outsider, coordinator
):
    party = PartnershipPartyFactory(
        organisation=organisation, partnership__stage=stage, partnership__stopped_reason="Medlen tog slut"
    )
    document = _document(party.partnership)
    detail = reverse("partnership-detail", args=[party.partnership.pk])
    client.force_login(representative)
    if client.get(detail).status_code == 200:
        assert stage not in (PartnershipStage.COMMISSIONED, PartnershipStage.DIALOGUE)
        assert get_document_for_user(representative, document.pk) == document
    else:
        with pytest.raises(Http404):
            get_document_for_user(representative, document.pk)
    for other in (contact, outsider):
        with pytest.raises(Http404):
            get_document_for_user(other, document.pk)
    assert get_document_for_user(coordinator, document.pk) == document


def test_representative_downloads_nothing_of_a_partnership_in_preparation(
    client, organisation, representative
):
    party = PartnershipPartyFactory(organisation=organisation, partnership__stage=PartnershipStage.DIALOGUE)
    document = _document(party.partnership)
    client.force_login(representative)
    assert client.get(reverse("partnership-detail", args=[party.partnership.pk])).status_code == 404
    assert client.get(reverse("partnership-document-download", args=[document.pk])).status_code == 404


def test_representative_of_an_organisation_closed_since_sees_no_booking(client, booking, representative):
    Organisation.objects.filter(pk=booking.organisation_id).update(is_active=False)
    client.force_login(representative)
    assert client.get(reverse("booking-ics", args=[booking.pk])).status_code == 404
