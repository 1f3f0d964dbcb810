import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from collaboration.factories import (
    BookingFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipPartyFactory,
    UserFactory,
)
from collaboration.models import Booking, Membership, Organisation, OrganisationKind, PartnershipParty, Sector
from collaboration.models.organisations import luhn_valid, normalise_organisation_number
from collaboration.services.organisations import organisation_merge, organisation_register
from collaboration.shared.roles import Role, user_roles

pytestmark = pytest.mark.django_db

VALID_NUMBER = "802400-1235"


@pytest.mark.parametrize("raw", ["802400-1235", "8024001235", " 802400 1235 "])
def test_organisation_number_is_normalised(raw):
    assert normalise_organisation_number(raw) == VALID_NUMBER


@pytest.mark.parametrize("raw", ["802400-1234", "80240-01235", "abcdef-ghij", "802400-12355"])
def test_wrong_organisation_number_is_refused(raw):
    with pytest.raises(ValidationError):
        normalise_organisation_number(raw)


def test_luhn_known_numbers():
    assert luhn_valid("5560360793")
    assert not luhn_valid("5560360794")


def test_register_makes_the_user_a_pending_representative(
    outsider, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = organisation_register(
            user=outsider,
            name="Kvartersföreningen",
            kind=OrganisationKind.NONPROFIT_ASSOCIATION,
            category="kultur",
            organisation_number="8024001235",
        )
    assert organisation.sector == Sector.CIVIL_SOCIETY
    assert organisation.organisation_number == VALID_NUMBER
    membership = Membership.objects.get(user=outsider, organisation=organisation)
    assert not membership.is_confirmed
    assert Role.REPRESENTATIVE not in user_roles(outsider)
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_register_page_refuses_a_duplicate_number_and_changes_nothing(client, outsider):
    OrganisationFactory(organisation_number=VALID_NUMBER)
    client.force_login(outsider)
    before = Organisation.objects.count()
    response = client.post(
        reverse("organisation-register"),
        {
            "name": "Dubbletten",
            "kind": "ideell_forening",
            "category": "kultur",
            "organisation_number": "802400 1235",
        },
    )
    assert response.status_code == 200
    assert "finns redan" in response.content.decode()
    assert Organisation.objects.count() == before
    assert not Membership.objects.filter(user=outsider).exists()


def test_register_page_refuses_a_wrong_check_digit(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("organisation-register"),
        {
            "name": "Felnumret",
            "kind": "ideell_forening",
            "category": "kultur",
            "organisation_number": "802400-1234",
        },
    )
    assert "kontrollsiffran stämmer inte" in response.content.decode()
    assert not Organisation.objects.filter(name="Felnumret").exists()


def test_register_page_creates_and_redirects(client, outsider):
    client.force_login(outsider)
    response = client.post(
        reverse("organisation-register"),
        {
            "name": "Nya föreningen",
            "kind": "ideell_forening",
            "category": "idrott",
            "organisation_number": "",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Nya föreningen")
    assert organisation.organisation_number is None
    assert "Nya föreningen" in client.get(reverse("organisation-mine")).content.decode()


def test_model_full_clean_refuses_duplicate_in_other_format():
    OrganisationFactory(organisation_number=VALID_NUMBER)
    duplicate = Organisation(name="X", kind="ideell_forening", organisation_number="8024001235")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "organisation_number" in error.value.message_dict


def test_directory_shows_active_civil_society_and_city_and_no_personal_data(client, representative):
    OrganisationFactory(name="Kulturföreningen Ljus", category="kultur", email="hemlig@example.org")
    OrganisationFactory(name="Gamla föreningen", is_active=False)
    OrganisationFactory(name="Fritidsförvaltningen", kind=OrganisationKind.DEPARTMENT, category="")
    OrganisationFactory(name="Malmö universitet", kind=OrganisationKind.ACADEMIA, category="")
    html = client.get(reverse("organisation-directory")).content.decode()
    assert "Kulturföreningen Ljus" in html and "Föreningen Gemenskap" in html
    # The city's departments and committees are there as the city's sector, with their kind.
    assert "Fritidsförvaltningen" in html and "Förvaltning" in html and "Malmö stad" in html
    assert "Gamla föreningen" not in html and "Malmö universitet" not in html
    assert "hemlig@example.org" not in html
    assert representative.email not in html and representative.last_name not in html


def test_directory_search_and_category_filter(client):
    OrganisationFactory(name="Idrottsklubben Boll", category="idrott")
    OrganisationFactory(name="Idrottsföreningen Kultur", category="kultur")
    OrganisationFactory(name="Teatern", category="kultur")
    html = client.get(
        reverse("organisation-directory"), {"q": "idrott", "category": "kultur"}
    ).content.decode()
    assert "Idrottsföreningen Kultur" in html
    assert "Idrottsklubben Boll" not in html and "Teatern" not in html
    # An unknown category is ignored with the form's error, never a 500.
    assert client.get(reverse("organisation-directory"), {"category": "nope"}).status_code == 200


def test_directory_sector_filter_finds_the_citys_committees_and_departments(client):
    OrganisationFactory(name="Fritidsnämnden", kind=OrganisationKind.COMMITTEE, category="")
    OrganisationFactory(name="Fritidsgården Boll", category="idrott")
    city = client.get(reverse("organisation-directory"), {"sector": "city", "q": "fritid"}).content.decode()
    assert "Fritidsnämnden" in city and "Nämnd" in city and "Fritidsgården Boll" not in city
    civil = client.get(reverse("organisation-directory"), {"sector": "civil_society"}).content.decode()
    assert "Fritidsgården Boll" in civil and "Fritidsnämnden" not in civil
    # A sector the directory does not list is refused by the form, never a 500, and filters nothing.
    refused = client.get(reverse("organisation-directory"), {"sector": "business"})
    assert refused.status_code == 200 and "Fritidsnämnden" in refused.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_directory_query_count_is_constant(client, django_assert_max_num_queries, rows):
    OrganisationFactory.create_batch(rows)
    OrganisationFactory.create_batch(rows, kind=OrganisationKind.DEPARTMENT, category="")
    with django_assert_max_num_queries(3):  # the data versions, count + page
        response = client.get(reverse("organisation-directory"))
    assert response.status_code == 200


def test_merge_moves_memberships_bookings_and_partnerships(coordinator):
    keep = OrganisationFactory(name="Föreningen A", email="")
    duplicate = OrganisationFactory(
        name="Förening A", email="a@example.org", organisation_number=VALID_NUMBER
    )
    both = UserFactory()
    MembershipFactory(user=both, organisation=keep, confirmed_at=None)
    MembershipFactory(user=both, organisation=duplicate)
    only_duplicate = MembershipFactory(organisation=duplicate)
    booking = BookingFactory(organisation=duplicate)
    party = PartnershipPartyFactory(organisation=duplicate)
    shared = PartnershipPartyFactory(organisation=keep)
    PartnershipPartyFactory(organisation=duplicate, partnership=shared.partnership)

    organisation_merge(keep=keep, duplicate=duplicate)

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    keep.refresh_from_db()
    assert keep.email == "a@example.org" and keep.organisation_number == VALID_NUMBER
    assert Membership.objects.get(user=both, organisation=keep).is_confirmed
    assert Membership.objects.filter(user=both).count() == 1
    assert Membership.objects.get(pk=only_duplicate.pk).organisation == keep
    assert Booking.objects.get(pk=booking.pk).organisation == keep
    assert PartnershipParty.objects.get(pk=party.pk).organisation == keep
    assert PartnershipParty.objects.filter(partnership=shared.partnership).count() == 1


def test_merge_with_itself_is_refused():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        organisation_merge(keep=organisation, duplicate=organisation)


def _admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_admin_merge_action_asks_which_to_keep_then_merges(client, coordinator):
    a = OrganisationFactory(name="Alfa")
    b = OrganisationFactory(name="Alfa förening")
    MembershipFactory(organisation=b)
    url = reverse("admin:collaboration_organisation_changelist")
    _admin_client(client, coordinator)
    response = client.post(url, {"action": "merge", "_selected_action": [a.pk, b.pk]})
    assert response.status_code == 200 and "Vilken organisation ska behållas" in response.content.decode()
    response = client.post(
        url, {"action": "merge", "_selected_action": [a.pk, b.pk], "merge_confirmed": "1", "keep": a.pk}
    )
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=b.pk).exists()
    assert a.memberships.count() == 1


def test_admin_merge_needs_exactly_two(client, coordinator):
    a, b, c = OrganisationFactory.create_batch(3)
    _admin_client(client, coordinator)
    response = client.post(
        reverse("admin:collaboration_organisation_changelist"),
        {"action": "merge", "_selected_action": [a.pk, b.pk, c.pk]},
        follow=True,
    )
    assert "exakt två" in response.content.decode()
    assert Organisation.objects.count() == 3


def test_admin_exports_csv_and_excel(client, coordinator):
    OrganisationFactory(name='=HYPERLINK("x")', category="kultur")
    organisation = OrganisationFactory(name="Åkerföreningen", category="kultur")
    MembershipFactory(organisation=organisation)
    url = reverse("admin:collaboration_organisation_changelist")
    _admin_client(client, coordinator)
    ids = list(Organisation.objects.values_list("pk", flat=True))
    csv = client.post(url, {"action": "export_organisationer_csv", "_selected_action": ids})
    assert csv["Content-Type"].startswith("text/csv")
    assert "attachment" in csv["Content-Disposition"]
    text = csv.content.decode("utf-8-sig")
    assert "Åkerföreningen" in text and "'=HYPERLINK" in text
    xlsx = client.post(url, {"action": "export_organisationer_xlsx", "_selected_action": ids})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "Åkerföreningen" in names
    assert sheet.cell(row=1, column=1).value == "Namn"


def test_admin_organisation_form_normalises_number(client, coordinator):
    _admin_client(client, coordinator)
    response = client.post(
        reverse("admin:collaboration_organisation_add"),
        {
            "name": "Adminföreningen",
            "kind": "ideell_forening",
            "category": "kultur",
            "organisation_number": "8024001235",
            "is_active": "on",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organisation.objects.get(name="Adminföreningen").organisation_number == VALID_NUMBER


def test_admin_changelist_query_count_is_constant(client, coordinator, django_assert_max_num_queries):
    _admin_client(client, coordinator)
    url = reverse("admin:collaboration_organisation_changelist")
    client.get(url)
    for rows in (3, 30):
        OrganisationFactory.create_batch(rows)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "name", ["organisation-directory", "organisation-mine", "organisation-join", "organisation-register"]
)
def test_pages_have_one_h1_and_labelled_fields(client, representative, name):
    client.force_login(representative)
    html = client.get(reverse(name)).content.decode()
    assert html.count("<h1") == 1
    assert html.count("<input") - html.count('type="hidden"') - html.count('type="submit"') <= html.count(
        "<label"
    )


def test_my_organisations_links_to_bookings_and_sign_ups(client, representative):
    client.force_login(representative)
    html = client.get(reverse("organisation-mine")).content.decode()
    assert reverse("booking-create") in html and reverse("events:registration-list") in html
