""" "Mina sidor" and the personal calendar feed."""

import datetime as dt

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import BookingFactory, OrganisationFactory
from collaboration.models import BookingStatus
from events.factories import EventFactory, RegistrationFactory
from events.models import EventStatus, PersonalCalendarToken, RegistrationStatus
from events.services.mine import personal_calendar_token_for
from steering.factories import BallotFactory, ProposalFactory
from steering.models import Elector, Vote

pytestmark = pytest.mark.django_db


def test_the_menu_leads_signed_in_people_to_mina_sidor(client, outsider):
    client.force_login(outsider)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("my-pages")}"' in html
    assert "Mina sidor" in html


def test_mina_sidor_shows_sign_ups_with_the_waiting_place_bookings_organisations_votes_and_proposals(
    client, representative, organisation
):
    full = EventFactory(title="Fullt forum", capacity=1)
    RegistrationFactory(event=full, position=1)
    RegistrationFactory(event=full, position=2, status=RegistrationStatus.WAITING)
    RegistrationFactory(
        event=full,
        position=3,
        status=RegistrationStatus.WAITING,
        email=representative.email,
        user=representative,
    )
    # A colleague signed Farid up by address: it is his too.
    RegistrationFactory(event=EventFactory(title="Lärandelunch"), email=representative.email)
    RegistrationFactory(
        event=EventFactory(title="Utkastet", status=EventStatus.DRAFT), email=representative.email
    )
    BookingFactory(organisation=organisation, title="Styrelsemöte")
    BookingFactory(organisation=organisation, title="Avbokat möte", status=BookingStatus.CANCELLED)
    BookingFactory(organisation=OrganisationFactory(), title="Någon annans möte")
    ballot = BallotFactory(title="Fokusområde 2027")
    Vote.objects.create(
        ballot=ballot,
        elector=Elector.objects.create(ballot=ballot, user=representative),
        cast_by=representative,
    )
    ProposalFactory(proposed_by=representative, title="Unga i föreningslivet")
    client.force_login(representative)
    html = client.get(reverse("my-pages")).content.decode()
    assert "Fullt forum" in html and "Väntelista, plats 2 i kön" in html
    assert "Lärandelunch" in html and "Utkastet" not in html
    assert "Styrelsemöte" in html and "Avbokat möte" not in html and "Någon annans möte" not in html
    assert organisation.name in html
    assert "Fokusområde 2027" in html and "Unga i föreningslivet" in html
    assert reverse("personal-data") in html
    # No feed until asked for: looking at the page writes nothing.
    assert 'id="kalenderlank"' not in html and not PersonalCalendarToken.objects.exists()


def test_the_personal_feed_holds_my_sign_ups_and_my_organisations_bookings(
    client, representative, organisation
):
    mine = RegistrationFactory(event=EventFactory(title="Dialogforum"), email=representative.email)
    online = EventFactory(
        title="Digitalt", place_kind="online", address="", online_link="https://meet.example.org/x"
    )
    RegistrationFactory(event=online, email=representative.email)
    RegistrationFactory(event=EventFactory(title="Avanmält"), email=representative.email, status="cancelled")
    RegistrationFactory(event=EventFactory(title="Någon annans"))
    booking = BookingFactory(organisation=organisation, title="Styrelsemöte")
    BookingFactory(organisation=OrganisationFactory(), title="Främmande bokning")
    client.force_login(representative)
    client.post(reverse("my-calendar-renew"))
    token = representative.calendar_token.token
    client.logout()
    response = client.get(reverse("my-calendar-feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert summaries == ["Dialogforum", "Digitalt", "Styrelsemöte"]
    uids = {str(e["UID"]) for e in calendar.walk("VEVENT")}
    assert f"event-{mine.event_id}@malmoandan.se" in uids and booking.ics_uid in uids
    assert "meet.example.org" not in response.content.decode()  # a feed never carries the online link


def test_renewing_the_feed_kills_the_old_url(client, representative):
    old = personal_calendar_token_for(user=representative).token
    client.force_login(representative)
    response = client.post(reverse("my-calendar-renew"))
    assert response.status_code == 302
    new = personal_calendar_token_for(user=representative).token
    assert new != old
    assert client.get(reverse("my-calendar-feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("my-calendar-feed", kwargs={"token": new})).status_code == 200
    assert new in client.get(reverse("my-pages")).content.decode()


def test_a_deleted_account_has_no_feed(client, representative):
    from collaboration.services.privacy import account_delete

    token = personal_calendar_token_for(user=representative).token
    account_delete(user=representative)
    assert client.get(reverse("my-calendar-feed", kwargs={"token": token})).status_code == 404
    assert client.get(reverse("my-calendar-feed", kwargs={"token": "gissning"})).status_code == 404


def _data(user, organisation, n: int) -> None:
    ballot = BallotFactory()
    Vote.objects.create(ballot=ballot, elector=Elector.objects.create(ballot=ballot, user=user), cast_by=user)
    for index in range(n):
        event = EventFactory(capacity=1)
        RegistrationFactory(event=event, position=1)
        RegistrationFactory(event=event, position=2, email=user.email, status=RegistrationStatus.WAITING)
        start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=2 + index)
        BookingFactory(organisation=organisation, starts_at=start, ends_at=start + dt.timedelta(hours=1))
        ProposalFactory(proposed_by=user)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_mina_sidor_and_the_feed_do_as_many_queries_with_more_data(client, representative, organisation):
    client.force_login(representative)
    token = personal_calendar_token_for(user=representative).token
    pages = [reverse("my-pages"), reverse("my-calendar-feed", kwargs={"token": token})]
    _data(representative, organisation, 2)
    for url in pages:
        client.get(url)  # warm: session, content types
    small = [_queries(client, url) for url in pages]
    _data(representative, organisation, 8)
    large = [_queries(client, url) for url in pages]
    assert large == small
    assert max(large) <= 15
