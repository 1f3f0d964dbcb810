import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import MembershipFactory, OrganisationFactory
from events.factories import EventFactory, RegistrationFactory
from events.models import EventStatus, Registration, RegistrationStatus
from events.services import Person, registration_cancel, registrations_create
from events.tokens import CANCEL, token_make

pytestmark = pytest.mark.django_db


def _signup(client, event, organisation, myself=True, colleagues=()):
    data = {
        "organisation": organisation.pk,
        "kollega-TOTAL_FORMS": "3",
        "kollega-INITIAL_FORMS": "0",
        "kollega-MIN_NUM_FORMS": "0",
        "kollega-MAX_NUM_FORMS": "10",
    }
    if myself:
        data["include_myself"] = "on"
    for index, (name, email) in enumerate(colleagues):
        data[f"kollega-{index}-name"] = name
        data[f"kollega-{index}-email"] = email
    return client.post(reverse("events:registration-create", kwargs={"pk": event.pk}), data)


def test_representative_signs_up_two_colleagues_and_the_second_lands_on_the_waiting_list(
    client, representative, organisation, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = _signup(
            client, event, organisation, colleagues=[("Ada", "ada@example.org"), ("Bo", "bo@example.org")]
        )
    assert response.status_code == 302
    statuses = list(event.registrations.order_by("position").values_list("email", "status"))
    assert statuses == [
        ("farid@example.org", RegistrationStatus.CONFIRMED),
        ("ada@example.org", RegistrationStatus.CONFIRMED),
        ("bo@example.org", RegistrationStatus.WAITING),
    ]
    confirmation = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert confirmation.attachments[0][0].endswith(".ics")
    assert "BEGIN:VEVENT" in confirmation.attachments[0][1]
    assert "/evenemang/avboka/" in confirmation.body


def test_cancel_link_works_without_login_and_promotes_the_first_waiting(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first = RegistrationFactory(event=event, position=1)
    waiting = RegistrationFactory(event=event, position=2, status=RegistrationStatus.WAITING)
    later = RegistrationFactory(event=event, position=3, status=RegistrationStatus.WAITING)
    url = reverse("events:registration-cancel", kwargs={"token": token_make(CANCEL, first.pk)})
    assert client.get(url).status_code == 200
    first.refresh_from_db()
    assert first.status == RegistrationStatus.CONFIRMED  # a GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    first.refresh_from_db(), waiting.refresh_from_db(), later.refresh_from_db()
    assert (first.status, waiting.status, later.status) == ("cancelled", "confirmed", "waiting")
    promoted = [m for m in mail.outbox if m.to == [waiting.email]]
    assert promoted and "plats" in promoted[0].subject


def test_tampered_cancel_link_is_refused(client):
    registration = RegistrationFactory()
    token = token_make(CANCEL, registration.pk) + "x"
    response = client.post(reverse("events:registration-cancel", kwargs={"token": token}))
    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"signup_closes_at": timezone.now() - dt.timedelta(hours=1)}, "stängd"),
        ({"status": EventStatus.CANCELLED}, "inställt"),
        (
            {
                "starts_at": timezone.now() - dt.timedelta(days=2),
                "ends_at": timezone.now() - dt.timedelta(days=1),
            },
            "över",
        ),
    ],
)
def test_sign_up_is_refused_with_a_clear_message_and_changes_nothing(
    representative, organisation, change, message
):
    event = EventFactory(**change)
    with pytest.raises(Exception) as error:
        registrations_create(
            event=event,
            organisation=organisation,
            registered_by=representative,
            people=[Person(name="Farid", email=representative.email, user=representative)],
        )
    assert message in str(error.value)
    assert not Registration.objects.exists()


def test_signing_up_twice_is_refused(client, representative, organisation):
    event = EventFactory()
    client.force_login(representative)
    _signup(client, event, organisation)
    response = _signup(client, event, organisation)
    assert response.status_code == 200
    assert "Redan anmäld" in response.content.decode()
    assert event.registrations.count() == 1


def test_organisation_one_does_not_represent_is_refused(client, representative):
    other = OrganisationFactory()
    unconfirmed = OrganisationFactory()
    MembershipFactory(user=representative, organisation=unconfirmed, confirmed_at=None)
    event = EventFactory()
    client.force_login(representative)
    for organisation in (other, unconfirmed):
        response = _signup(client, event, organisation)
        assert response.status_code == 200
    assert not event.registrations.exists()
    with pytest.raises(Exception, match="företräder"):
        registrations_create(
            event=event,
            organisation=other,
            registered_by=representative,
            people=[Person("A", "a@example.org")],
        )


def test_cancelling_twice_is_refused(django_capture_on_commit_callbacks):
    registration = RegistrationFactory()
    registration_cancel(registration=registration)
    with pytest.raises(Exception, match="redan avbokad"):
        registration_cancel(registration=registration)


def test_selection_by_coordinators_puts_everyone_on_the_waiting_list(representative, organisation):
    event = EventFactory(selection_by_coordinators=True, kind="utbildning")
    created = registrations_create(
        event=event,
        organisation=organisation,
        registered_by=representative,
        people=[Person("Farid", representative.email, representative)],
    )
    assert created[0].status == RegistrationStatus.WAITING


def test_done_when_colleagues_signed_up_one_waits_cancel_link_from_the_email_promotes_the_next(
    client, representative, organisation, django_capture_on_commit_callbacks
):
    import re

    event = EventFactory(capacity=2)
    RegistrationFactory(event=event, position=1, email="first@example.org")
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        _signup(
            client,
            event,
            organisation,
            myself=False,
            colleagues=[("Ada", "ada@example.org"), ("Bo", "bo@example.org")],
        )
    assert dict(event.registrations.values_list("email", "status")) == {
        "first@example.org": "confirmed",
        "ada@example.org": "confirmed",
        "bo@example.org": "waiting",
    }
    ada_mail = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    link = re.search(r"https?://\S+/evenemang/avboka/\S+/", ada_mail.body).group(0)
    client.logout()
    path = link.split("//", 1)[1].split("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/" + path)
    assert response.status_code == 302
    assert dict(event.registrations.values_list("email", "status"))["bo@example.org"] == "confirmed"
    assert any(m.to == ["bo@example.org"] and m.attachments for m in mail.outbox if "plats" in m.subject)


def test_contact_cannot_sign_up_anyone_for_the_organisation(client, contact, organisation):
    """A confirmed contact does not act for the organisation (collaboration's represented_by_q)."""
    event = EventFactory()
    with pytest.raises(ValidationError, match="företräder"):
        registrations_create(
            event=event,
            organisation=organisation,
            registered_by=contact,
            people=[Person(name="Kim Kontaktsson", email=contact.email, user=contact)],
        )
    client.force_login(contact)
    response = _signup(client, event, organisation, colleagues=[("Ada", "ada@example.org")])
    assert response.status_code == 200  # the form, with the organisation refused
    assert not event.registrations.exists()
