import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import OrganisationFactory
from collaboration.models import OrganisationKind
from events.factories import EventFactory, RegistrationFactory, TopicFactory
from events.models import Evaluation, EventKind, EventStatus, PlaceKind, Presenter, RegistrationStatus
from events.services import evaluation_create, event_statistics
from events.tokens import EVALUATION, token_make

pytestmark = pytest.mark.django_db


def _data(events: int, registrations_per_event: int):
    city = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, sector="city")
    for index in range(events):
        event = EventFactory(starts_at=timezone.now() + dt.timedelta(days=index + 1, hours=1))
        Presenter.objects.create(event=event, name=f"Talare {index}", sector="city")
        TopicFactory(event=event)
        for n in range(registrations_per_event):
            RegistrationFactory(event=event, organisation=city, position=n + 1)
    return event


@pytest.mark.parametrize("size", [(3, 2), (30, 6)])
def test_list_pages_do_a_bounded_number_of_queries(client, django_assert_max_num_queries, size):
    _data(*size)
    for name in (
        "events:event-list",
        "events:event-past",
        "events:event-calendar",
        "events:year-overview",
        "home",
    ):
        with django_assert_max_num_queries(8):
            assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("size", [(1, 3), (3, 60)])
def test_event_page_does_a_bounded_number_of_queries(client, login_as, django_assert_max_num_queries, size):
    event = _data(*size)
    with django_assert_max_num_queries(12):
        assert client.get(event.get_absolute_url()).status_code == 200
    login_as("coordinator")
    with django_assert_max_num_queries(20):
        assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("events:participant-list", kwargs={"pk": event.pk})).status_code == 200


def test_list_filters_by_kind_and_place(client):
    EventFactory(
        title="Lunch på nätet",
        kind=EventKind.LEARNING_LUNCH,
        place_kind=PlaceKind.ONLINE,
        online_link="https://m.example.org/x",
    )
    EventFactory(title="Forum på plats", kind=EventKind.DIALOGUE_FORUM)
    page = client.get(reverse("events:event-list"), {"kind": "larandelunch"}).content.decode()
    assert "Lunch på nätet" in page and "Forum på plats" not in page
    page = client.get(reverse("events:event-list"), {"place": "in_person"}).content.decode()
    assert "Lunch på nätet" not in page and "Forum på plats" in page
    page = client.get(reverse("events:event-list"), {"kind": "nonsense"}).content.decode()
    assert "Forum på plats" in page


def test_drafts_are_hidden_from_the_public(client, login_as):
    draft = EventFactory(status=EventStatus.DRAFT, title="Hemligt utkast")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Hemligt utkast" not in client.get(reverse("events:event-list")).content.decode()
    login_as("coordinator")
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_coordinator_marks_attendance_with_one_post_per_person(client, login_as):
    event = EventFactory(starts_at=timezone.now() - dt.timedelta(minutes=5))
    registration = RegistrationFactory(event=event)
    login_as("coordinator")
    url = reverse(
        "events:registration-attendance", kwargs={"pk": event.pk, "registration_pk": registration.pk}
    )
    response = client.post(url, {"attended": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"#r{registration.pk}")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED
    client.post(url, {"attended": "0"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.NO_SHOW


def test_attendance_cannot_be_marked_before_the_event_day(client, login_as):
    registration = RegistrationFactory(event=EventFactory(starts_at=timezone.now() + dt.timedelta(days=3)))
    login_as("coordinator")
    url = reverse(
        "events:registration-attendance",
        kwargs={"pk": registration.event_id, "registration_pk": registration.pk},
    )
    client.post(url, {"attended": "1"})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_coordinator_moves_between_lists_but_never_beyond_capacity(client, login_as):
    event = EventFactory(capacity=1)
    confirmed = RegistrationFactory(event=event, position=1)
    waiting = RegistrationFactory(event=event, position=2, status=RegistrationStatus.WAITING)
    login_as("coordinator")
    move = lambda r, status: client.post(  # noqa: E731
        reverse("events:registration-move", kwargs={"pk": event.pk, "registration_pk": r.pk}),
        {"status": status},
    )
    move(waiting, "confirmed")
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING
    move(confirmed, "waiting")
    move(waiting, "confirmed")
    waiting.refresh_from_db(), confirmed.refresh_from_db()
    assert (waiting.status, confirmed.status) == ("confirmed", "waiting")


def test_export_and_statistics_count_sectors_and_organisations(client, login_as):
    event = EventFactory()
    city = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, sector="city")
    association = OrganisationFactory()
    RegistrationFactory(event=event, organisation=city, status=RegistrationStatus.ATTENDED, position=1)
    RegistrationFactory(event=event, organisation=association, status=RegistrationStatus.NO_SHOW, position=2)
    RegistrationFactory(event=event, organisation=association, status=RegistrationStatus.ATTENDED, position=3)
    RegistrationFactory(event=event, organisation=association, status=RegistrationStatus.WAITING, position=4)
    assert event_statistics(event) == {
        "confirmed": 3,
        "attended": 2,
        "no_shows": 1,
        "organisations": 2,
        "per_sector": {"city": 1, "civil_society": 2},
        "evaluation_average": None,
        "evaluation_count": 0,
    }
    login_as("coordinator")
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("events:participant-export", kwargs={"pk": event.pk, "fmt": fmt}))
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]


def test_evaluation_once_per_attendee_and_average_shown_to_coordinators(client, login_as):
    event = EventFactory(
        starts_at=timezone.now() - dt.timedelta(hours=3), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    attended = RegistrationFactory(event=event, status=RegistrationStatus.ATTENDED)
    absent = RegistrationFactory(event=event, status=RegistrationStatus.NO_SHOW)
    url = reverse("events:evaluation-create", kwargs={"token": token_make(EVALUATION, attended.pk)})
    assert client.post(url, {"rating": "4", "comment": "Bra"}).status_code == 302
    response = client.post(url, {"rating": "5"})
    assert "redan svarat" in response.content.decode()
    with pytest.raises(Exception, match="deltog"):
        evaluation_create(registration=absent, rating=3)
    assert Evaluation.objects.count() == 1
    login_as("coordinator")
    assert "medel 4,0 av 5 (1 svar)" in client.get(event.get_absolute_url()).content.decode()


def test_participants_propose_and_join_topics_and_coordinators_record_results(
    client, representative, login_as
):
    event = EventFactory(kind=EventKind.DIALOGUE_FORUM)
    registration = RegistrationFactory(event=event, email=representative.email)
    login_as("representative")
    client.post(reverse("events:topic-create", kwargs={"pk": event.pk}), {"title": "Ungas psykiska hälsa"})
    topic = event.topics.get()
    client.post(reverse("events:topic-join", kwargs={"pk": event.pk, "topic_pk": topic.pk}))
    assert list(topic.participants.all()) == [registration]
    login_as("coordinator")
    client.post(
        reverse("events:topic-result", kwargs={"pk": event.pk, "topic_pk": topic.pk}),
        {"result": "Tre förslag"},
    )
    topic.refresh_from_db()
    assert topic.result == "Tre förslag"


def test_event_cancellation_tells_everyone_signed_up(client, login_as, django_capture_on_commit_callbacks):
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    RegistrationFactory(event=event, email="b@example.org", status=RegistrationStatus.WAITING)
    login_as("coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:event-cancel", kwargs={"pk": event.pk}))
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox if "Inställt" in m.subject) == [
        "a@example.org",
        "b@example.org",
    ]


def test_calendar_feed_lists_published_events_without_online_links(client):
    EventFactory(title="Synligt", place_kind=PlaceKind.ONLINE, online_link="https://hemlig.example.org/rum")
    EventFactory(title="Utkast", status=EventStatus.DRAFT)
    body = client.get(reverse("events:event-feed")).content.decode()
    assert "Synligt" in body and "Utkast" not in body and "hemlig" not in body


def test_a_training_appears_in_the_calendar_once_per_session(client):
    from events.models import Session

    event = EventFactory(kind=EventKind.TRAINING, title="Medskapa förändring")
    for number in (1, 2, 3):
        start = event.starts_at + dt.timedelta(days=7 * number)
        Session.objects.create(
            event=event, title=f"Träff {number}", starts_at=start, ends_at=start + dt.timedelta(hours=3)
        )
    body = client.get(reverse("events:event-ics", kwargs={"pk": event.pk})).content.decode()
    assert body.count("BEGIN:VEVENT") == 3 and "Träff 2" in body


def test_online_link_is_shown_only_to_confirmed_participants(client, representative, login_as):
    event = EventFactory(place_kind=PlaceKind.ONLINE, online_link="https://m.example.org/hemligt", address="")
    assert "hemligt" not in client.get(event.get_absolute_url()).content.decode()
    registration = RegistrationFactory(
        event=event, email=representative.email, status=RegistrationStatus.WAITING
    )
    login_as("representative")
    assert "hemligt" not in client.get(event.get_absolute_url()).content.decode()
    registration.status = RegistrationStatus.CONFIRMED
    registration.save(update_fields=["status"])
    assert "hemligt" in client.get(event.get_absolute_url()).content.decode()
