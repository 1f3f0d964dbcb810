"""The home page, the event list and the event page keep what they show in cached fragments
(collaboration.shared.fragments): every change shows at once, each language and each visitor's own part stay apart,
and a warm page runs no query for what it has cached."""

import datetime as dt
import re
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from collaboration.factories import OrganisationFactory, RoomFactory
from collaboration.models import Organisation, Room
from collaboration.shared import fragments
from events.factories import EventFactory, RegistrationFactory, TopicFactory
from events.models import (
    Event,
    EventKind,
    EventStatus,
    PlaceKind,
    Presenter,
    Registration,
    RegistrationStatus,
    Session,
    Topic,
)
from events.services import Person, registration_cancel, registrations_create, topic_join
from events.tests.admin_forms import event_change_data
from steering.factories import FocusAreaFactory
from steering.models import FocusArea

pytestmark = pytest.mark.django_db

HOME, LIST = reverse("home"), reverse("events:event-list")


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _main(client, url: str) -> str:
    """The page's own content, without the frame (whose language form carries a token of its own)."""
    html = _html(client, url)
    return html[html.index('<main id="main"') : html.index("</main>")]


def _places_text(left: int) -> str:
    if not left:
        return "Fullt – anmäl dig till väntelistan"
    return f"{left} plats kvar" if left == 1 else f"{left} platser kvar"


def _assert_places(client, event: Event, left: int, waiting: int = 0) -> None:
    for url in (HOME, LIST):
        assert _places_text(left) in _html(client, url), url
    page = _html(client, event.get_absolute_url())
    assert f"{left} av {event.capacity}" in page
    assert (f"{waiting} på väntelistan" in page) == bool(waiting)


def _admin_client(coordinator) -> Client:
    admin = Client()
    admin.force_login(coordinator)
    return admin


def test_the_events_data_set_watches_every_model_the_pages_show():
    watched = set(fragments.watched()["events"])
    assert {Event, Registration, Session, Presenter, Topic, FocusArea, Organisation, Room} <= watched


def test_a_sign_up_shows_at_once_everywhere(client, representative, organisation):
    event = EventFactory(capacity=3)
    _assert_places(client, event, 3)
    registrations_create(
        event=event,
        organisation=organisation,
        registered_by=representative,
        people=[Person(name="Farid", email=representative.email, user=representative)],
    )
    _assert_places(client, event, 2)


def test_a_cancellation_shows_at_once_everywhere(client):
    event = EventFactory(capacity=2)
    registration = RegistrationFactory(event=event)
    _assert_places(client, event, 1)
    registration_cancel(registration=registration)
    _assert_places(client, event, 2)


def test_a_promotion_from_the_waiting_list_shows_at_once_everywhere(client):
    event = EventFactory(capacity=1)
    first = RegistrationFactory(event=event, position=1)
    RegistrationFactory(event=event, position=2, status=RegistrationStatus.WAITING)
    _assert_places(client, event, 0, waiting=1)
    registration_cancel(registration=first)  # the one waiting takes the place
    _assert_places(client, event, 0)


def test_raising_capacity_in_the_admin_shows_the_promotion_at_once(client, coordinator):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, position=1)
    RegistrationFactory(event=event, position=2, status=RegistrationStatus.WAITING)
    _assert_places(client, event, 0, waiting=1)
    url = reverse("admin:events_event_change", args=[event.pk])
    response = _admin_client(coordinator).post(url, event_change_data(event, capacity=3))
    assert response.status_code == 302
    event.refresh_from_db()
    _assert_places(client, event, 1)


def test_a_title_edited_in_the_admin_or_on_the_model_shows_at_once_everywhere(client, coordinator):
    event = EventFactory(title="Dialogforum om lokaler")
    pages = [HOME, LIST, event.get_absolute_url()]
    assert all("Dialogforum om lokaler" in _html(client, url) for url in pages)
    url = reverse("admin:events_event_change", args=[event.pk])
    response = _admin_client(coordinator).post(url, event_change_data(event, title="Dialogforum om bidrag"))
    assert response.status_code == 302
    for page in pages:
        html = _html(client, page)
        assert "Dialogforum om bidrag" in html and "Dialogforum om lokaler" not in html
    event.refresh_from_db()
    event.title = "Dialogforum om fonder"
    event.save(update_fields=["title"])
    assert all("Dialogforum om fonder" in _html(client, url) for url in pages)


def test_names_of_focus_areas_organisations_and_rooms_show_at_once(client):
    focus = FocusAreaFactory(title="Psykisk hälsa", description="Unga först")
    room = RoomFactory(name="Stora salen")
    host = OrganisationFactory(name="Föreningen Gemenskap")
    event = EventFactory(place_kind=PlaceKind.NOBEL21, room=room, address="", focus_area=focus)
    event.organisers.add(host)
    page = _html(client, event.get_absolute_url())
    assert "Stora salen" in page and "Föreningen Gemenskap" in page and "Psykisk hälsa" in page
    assert "Unga först" in _html(client, HOME) and "Psykisk hälsa" in _html(client, LIST)

    focus.title, focus.description = "Trygghet", "Äldre också"
    focus.save()
    for url in (HOME, LIST, event.get_absolute_url()):
        assert "Trygghet" in _html(client, url), url
    assert "Äldre också" in _html(client, HOME)

    room.name = "Lilla salen"
    room.save()
    assert "Lilla salen" in _html(client, event.get_absolute_url())

    host.name = "Föreningen Samhörighet"
    host.save()
    assert "Föreningen Samhörighet" in _html(client, event.get_absolute_url())

    event.organisers.add(OrganisationFactory(name="Idrottsföreningen"))  # the many-to-many alone
    assert "Idrottsföreningen" in _html(client, event.get_absolute_url())


def test_presenters_sessions_and_topics_show_at_once(client):
    event = EventFactory(kind=EventKind.DIALOGUE_FORUM)
    registration = RegistrationFactory(event=event)
    url = event.get_absolute_url()
    assert "Medverkande" not in _html(client, url) and "Träffar" not in _html(client, url)

    Presenter.objects.create(event=event, name="Anna Andersson", role_title="Enhetschef")
    assert "Anna Andersson, Enhetschef" in _html(client, url)
    start = event.starts_at + dt.timedelta(days=7)
    Session.objects.create(
        event=event, title="Andra träffen", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )
    assert "Andra träffen" in _html(client, url)
    topic = TopicFactory(event=event, title="Lokalfrågan")
    assert "Lokalfrågan</span> <small>(0 deltagare)" in _html(client, url)
    topic_join(topic=topic, registration=registration)  # the topic's participants, a many-to-many
    assert "Lokalfrågan</span> <small>(1 deltagare)" in _html(client, url)
    topic.result = "Tre förslag"
    topic.save(update_fields=["result"])
    assert "Tre förslag" in _html(client, url)


def test_cancelling_an_event_shows_at_once(client):
    # A title that nothing else on the home page says (its yearly cycle names "Lärandeluncher").
    event = EventFactory(title="Lunchträff om bidrag")
    assert "Inställt" not in _html(client, LIST) and "Lunchträff om bidrag" in _html(client, HOME)
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    assert "Inställt" in _html(client, LIST) and "Lunchträff om bidrag" not in _html(client, HOME)
    assert "Evenemanget är inställt." in _html(client, event.get_absolute_url())


def test_an_ended_event_leaves_the_lists_in_the_next_minute(client):
    now = timezone.now()
    EventFactory(
        title="Pågår nu", starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(minutes=2)
    )
    assert "Pågår nu" in _html(client, HOME) and "Pågår nu" in _html(client, LIST)
    with mock.patch("django.utils.timezone.now", return_value=now + dt.timedelta(minutes=3)):
        assert "Pågår nu" not in _html(client, HOME) and "Pågår nu" not in _html(client, LIST)


def test_sign_up_opening_shows_without_a_change_to_the_data(client):
    # Whether sign-up is open depends on the time alone: it stays outside the cached blocks.
    now = timezone.now()
    event = EventFactory(signup_opens_at=now + dt.timedelta(minutes=5))
    assert "Anmälan har inte öppnat än." in _html(client, event.get_absolute_url())
    with mock.patch("django.utils.timezone.now", return_value=now + dt.timedelta(minutes=6)):
        page = _html(client, event.get_absolute_url())
    assert "Anmälan har inte öppnat än." not in page and "Anmäl dig eller kollegor" in page


def test_swedish_and_english_are_cached_apart(client):
    event = EventFactory(kind=EventKind.DIALOGUE_FORUM)
    swedish = {
        HOME: "Det här händer snart",
        LIST: "Kommande evenemang",
        event.get_absolute_url(): "Platser kvar",
    }
    for url, text in swedish.items():
        assert text in _html(client, url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for url, text in swedish.items():
        with translation.override("en"):
            english = translation.gettext(text)
        assert english != text
        html = _html(client, url)
        assert english in html and text not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    for url, text in swedish.items():
        assert text in _html(client, url)


def test_list_pages_and_filters_are_cached_apart(client):
    for index in range(25):
        EventFactory(title=f"Forum {index:02}", starts_at=timezone.now() + dt.timedelta(days=index + 1))
    EventFactory(
        title="Lunch", kind=EventKind.LEARNING_LUNCH, starts_at=timezone.now() + dt.timedelta(days=40)
    )
    first, second = _html(client, LIST), _html(client, LIST + "?sida=2")
    assert "Forum 00" in first and "Forum 00" not in second and "Forum 24" in second
    assert "Sida 2 av 2" in second
    lunches = _html(client, LIST + "?kind=larandelunch")
    assert "Lunch" in lunches and "Forum 00" not in lunches
    assert re.search(r'<option value="larandelunch" selected>', lunches)
    assert not re.search(r'<option value="larandelunch" selected>', first)


def test_drafts_stay_hidden_even_when_a_coordinator_has_seen_them(client, coordinator):
    draft = EventFactory(status=EventStatus.DRAFT, title="Hemligt utkast")
    assert _admin_client(coordinator).get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Hemligt utkast" not in _html(client, LIST)
    draft.status = EventStatus.PUBLISHED
    draft.save(update_fields=["status"])
    assert "Hemligt utkast" in _html(client, draft.get_absolute_url())
    assert client.get(reverse("events:event-detail", args=[draft.pk + 1000])).status_code == 404


def _csrf_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_representatives_own_sign_up_and_forms_stay_theirs(client, representative, coordinator):
    event = EventFactory(kind=EventKind.DIALOGUE_FORUM, capacity=5)
    topic = TopicFactory(event=event, title="Lokalfrågan")
    RegistrationFactory(event=event, email=representative.email, user=representative)
    url = event.get_absolute_url()

    coordinators = Client(enforce_csrf_checks=True)
    coordinators.force_login(coordinator)
    anonymous_page = _main(client, url)  # warms the cached blocks first
    assert "Du är anmäld" not in anonymous_page and "csrfmiddlewaretoken" not in anonymous_page
    assert "För samordnare" not in anonymous_page and "Dokumentera resultat" not in anonymous_page

    coordinator_page = _main(coordinators, url)
    assert "Dokumentera resultat" in coordinator_page and "Bekräftade 1 ·" in coordinator_page
    assert "Du är anmäld" not in coordinator_page

    farid = Client(enforce_csrf_checks=True)
    farid.force_login(representative)
    page = _main(farid, url)
    assert "Du är anmäld: Bekräftad." in page and "Jag vill vara med" in page
    assert "Dokumentera resultat" not in page and "För samordnare" not in page
    # The token on the page is Farid's own: joining the topic with it passes the CSRF check.
    join = reverse("events:topic-join", kwargs={"pk": event.pk, "topic_pk": topic.pk})
    assert farid.post(join, {"csrfmiddlewaretoken": _csrf_token(page)}).status_code == 302
    assert topic.participants.count() == 1
    assert "Lokalfrågan</span> <small>(1 deltagare)" in _html(client, url)

    # And the coordinator's form token is the coordinator's, after Farid's page.
    create = reverse("events:topic-create", kwargs={"pk": event.pk})
    token = _csrf_token(_main(coordinators, url))
    assert coordinators.post(create, {"csrfmiddlewaretoken": token, "title": "Nytt"}).status_code == 302
    assert "Du är anmäld" not in _main(client, url)


# Queries of the pages as the benchmark sees them: a cold request fills the cache, a warm one reads it.
# The home page: the data versions, this and next year's focus areas (one query), coming events, and the yearly
# cycle's events, next year's focus area (its own query: the cycle asks whether one is decided) and ballot.
# The home page's cycle asks the annual report once whether a milestone with no events was recorded as not held.
COLD = {HOME: 7, LIST: 4}
COLD_EVENT_PAGE = 7  # the data versions, the event, its places, presenters, organisers, sessions, topics
VERSIONS = 1  # a warm page reads the data versions, once per request (collaboration/shared/fragments.py)


def _data(events: int, registrations_per_event: int) -> Event:
    city = OrganisationFactory()
    for index in range(events):
        event = EventFactory(starts_at=timezone.now() + dt.timedelta(days=index + 1, hours=1))
        event.organisers.add(city)
        Presenter.objects.create(event=event, name=f"Talare {index}")
        TopicFactory(event=event)
        for n in range(registrations_per_event):
            RegistrationFactory(event=event, organisation=city, position=n + 1)
    return event


@pytest.mark.parametrize("size", [(3, 2), (30, 8)])
def test_warm_pages_run_no_query_for_their_cached_content(client, django_assert_num_queries, size):
    event = _data(*size)
    for url, cold in COLD.items():
        with django_assert_num_queries(cold):
            _html(client, url)
        with django_assert_num_queries(VERSIONS):
            _html(client, url)
    with django_assert_num_queries(COLD_EVENT_PAGE):
        _html(client, event.get_absolute_url())
    with django_assert_num_queries(VERSIONS):
        _html(client, event.get_absolute_url())


@pytest.mark.parametrize("size", [(3, 2), (30, 8)])
def test_a_signed_in_participants_warm_event_page_asks_only_for_their_own_part(
    client, representative, django_assert_num_queries, size
):
    event = _data(*size)
    RegistrationFactory(event=event, email=representative.email, user=representative, position=99)
    _html(client, event.get_absolute_url())  # an anonymous visitor warms the shared blocks
    client.force_login(representative)
    _html(client, HOME)  # the session and roles, as a signed-in visitor's earlier pages leave them
    # The user, their own registration and the topics, whose join forms carry their CSRF token; without Redis
    # the session comes from the database too.
    own = VERSIONS + (3 if settings.SESSION_ENGINE.endswith("cached_db") else 4)
    with django_assert_num_queries(own):
        page = _html(client, event.get_absolute_url())
    assert "Du är anmäld: Bekräftad." in page


# After a sign-up, only what shows sign-ups is rendered again: the home page's coming events (not the yearly
# cycle: the data versions, the focus areas, the coming events) and the list's page of events (not its filters:
# the versions, the count, the page); the event page's places (the versions, the event, its places, its topics).
AFTER_SIGN_UP = {HOME: 3, LIST: 3}
AFTER_SIGN_UP_EVENT_PAGE = 4


@pytest.mark.parametrize("size", [(3, 2), (30, 8)])
def test_a_sign_up_renders_again_only_what_shows_the_sign_ups(client, django_assert_num_queries, size):
    event = _data(*size)
    for url in (HOME, LIST, event.get_absolute_url()):
        _html(client, url)
    RegistrationFactory(event=event, organisation=Organisation.objects.first(), position=100)
    for url, queries in AFTER_SIGN_UP.items():
        with django_assert_num_queries(queries):
            _html(client, url)
    with django_assert_num_queries(AFTER_SIGN_UP_EVENT_PAGE):
        page = _html(client, event.get_absolute_url())
    assert f"{event.capacity - size[1] - 1} av {event.capacity}" in page
