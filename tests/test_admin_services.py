"""Workflow rules that used to live only in ModelAdmin.save_model are services the admin and the portal share."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from collaboration.factories import PartnershipFactory
from collaboration.models import Partnership, PartnershipStage
from collaboration.services.partnerships import partnership_save

pytestmark = pytest.mark.django_db


def test_a_new_partnership_saved_records_its_first_stage_on_the_day_it_was_commissioned(coordinator):
    partnership = PartnershipFactory.build(commissioned_on=dt.date(2022, 3, 1))
    partnership_save(partnership=partnership, saved_by=coordinator, stage_before=None)
    change = partnership.stage_changes.get()
    assert (change.from_stage, change.to_stage) == ("", PartnershipStage.COMMISSIONED)
    assert change.happened_on == dt.date(2022, 3, 1) and change.changed_by == coordinator


def test_a_stage_changed_in_a_form_goes_through_the_pipeline(coordinator):
    partnership = PartnershipFactory()
    partnership.stage, partnership.title = PartnershipStage.DIALOGUE, "Nytt namn"
    partnership_save(
        partnership=partnership, saved_by=coordinator, stage_before=PartnershipStage.COMMISSIONED
    )
    stored = Partnership.objects.get(pk=partnership.pk)
    assert (stored.stage, stored.title) == (PartnershipStage.DIALOGUE, "Nytt namn")
    assert stored.stage_changes.get().to_stage == PartnershipStage.DIALOGUE


def test_a_skipped_stage_is_refused_and_changes_nothing(coordinator):
    partnership = PartnershipFactory()
    title = partnership.title
    partnership.stage, partnership.title = PartnershipStage.RUNNING, "Nytt namn"
    with pytest.raises(ValidationError):
        partnership_save(
            partnership=partnership, saved_by=coordinator, stage_before=PartnershipStage.COMMISSIONED
        )
    stored = Partnership.objects.get(pk=partnership.pk)
    assert stored.title == title  # the whole save is refused, not only the stage
    assert stored.stage == PartnershipStage.COMMISSIONED and not stored.stage_changes.exists()


# Events: what the admin's save_model/save_related did is `event_save` and `event_form_saved` -----------------


def _event_saved_as(path, event, *, client=None, saved_by=None, **changes):
    """Save `event` with `changes` as the admin's change form does (path "admin") or by the services alone."""
    from django.urls import reverse

    from events.services.events import event_form_saved, event_save
    from events.tests.admin_forms import event_change_data

    if path == "admin":
        response = client.post(
            reverse("admin:events_event_change", args=[event.pk]), event_change_data(event, **changes)
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        return None
    status_before = event.status
    for name, value in changes.items():
        setattr(event, name, value)
    event_save(event=event, status_before=status_before)
    return event_form_saved(
        event=event,
        saved_by=saved_by,
        changed_fields=list(changes),
        status_wanted=changes.get("status"),
        status_before=status_before,
    )


@pytest.mark.parametrize("path", ["admin", "service"])
def test_raising_capacity_gives_the_first_waiting_a_place_from_the_admin_and_the_service_alike(
    path, client, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from events.factories import EventFactory, RegistrationFactory
    from events.models import RegistrationStatus

    client.force_login(coordinator)
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event, position=1)
    first = RegistrationFactory(
        event=event, position=2, status=RegistrationStatus.WAITING, email="f@example.org"
    )
    second = RegistrationFactory(
        event=event, position=3, status=RegistrationStatus.WAITING, email="s@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        saved = _event_saved_as(path, event, client=client, saved_by=coordinator, capacity=2)
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    assert [m.to for m in mail.outbox] == [["f@example.org"]]
    if saved is not None:
        assert saved.promoted == 1 and not saved.cancel_refused


@pytest.mark.parametrize("path", ["admin", "service"])
def test_a_status_set_to_cancelled_goes_through_the_cancellation_from_the_admin_and_the_service_alike(
    path, client, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from events.factories import EventFactory, RegistrationFactory
    from events.models import Event, EventStatus

    client.force_login(coordinator)
    event = EventFactory(status=EventStatus.PUBLISHED)
    RegistrationFactory(event=event, email="a@example.org")
    sequence = event.sequence
    with django_capture_on_commit_callbacks(execute=True):
        _event_saved_as(path, event, client=client, saved_by=coordinator, status=EventStatus.CANCELLED)
    stored = Event.objects.get(pk=event.pk)
    assert stored.status == EventStatus.CANCELLED and stored.sequence == sequence + 1
    assert [m.to for m in mail.outbox if "Inställt" in m.subject] == [["a@example.org"]]


def test_a_past_event_is_not_cancelled_and_says_why(coordinator, django_capture_on_commit_callbacks):
    from django.core import mail
    from django.utils import timezone

    from events.factories import EventFactory, RegistrationFactory
    from events.models import Event, EventStatus

    starts = timezone.now() - dt.timedelta(days=3)
    event = EventFactory(
        status=EventStatus.PUBLISHED, starts_at=starts, ends_at=starts + dt.timedelta(hours=1)
    )
    RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        saved = _event_saved_as("service", event, saved_by=coordinator, status=EventStatus.CANCELLED)
    assert saved.cancel_refused == "Evenemanget är redan över."
    assert Event.objects.get(pk=event.pk).status == EventStatus.PUBLISHED and not mail.outbox


def _weekday_noon(days_ahead: int):
    from django.utils import timezone

    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_a_new_nobel21_event_saved_by_the_services_books_its_room_and_serves_the_years_focus(coordinator):
    from collaboration.factories import OrganisationFactory, RoomFactory
    from events.factories import EventFactory
    from events.models import PlaceKind
    from events.services.events import event_form_saved, event_save
    from steering.factories import FocusAreaFactory

    room, host, starts = RoomFactory(capacity=40), OrganisationFactory(), _weekday_noon(14)
    focus = FocusAreaFactory(start_year=starts.year)
    event = EventFactory.build(
        place_kind=PlaceKind.NOBEL21,
        room=room,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        capacity=20,
        focus_area=None,
    )
    event_save(event=event, status_before=None)
    event.organisers.set([host])
    saved = event_form_saved(event=event, saved_by=coordinator)
    event.refresh_from_db()
    assert event.focus_area == focus and not saved.booking_refused
    assert (event.booking.room, event.booking.organisation, event.booking.starts_at) == (room, host, starts)


def test_a_room_that_cannot_be_booked_is_explained_and_the_rest_of_the_save_stands(coordinator):
    from collaboration.factories import RoomFactory
    from events.factories import EventFactory
    from events.models import Event, PlaceKind
    from events.services.events import event_form_saved, event_save

    starts = _weekday_noon(14)
    event = EventFactory.build(
        place_kind=PlaceKind.NOBEL21,
        room=RoomFactory(),
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        title="Utan arrangör",
    )
    event_save(event=event, status_before=None)
    saved = event_form_saved(event=event, saved_by=coordinator)  # no organiser: in whose name?
    assert saved.booking_refused == "Ange en arrangör: lokalen bokas i arrangörens namn."
    assert Event.objects.get(pk=event.pk).title == "Utan arrangör" and event.booking is None


# Steering: the mandate admin's save_model is `mandate_save` --------------------------------------------------


def _sits(user) -> bool:
    from collaboration.shared.roles import ROLE_GROUPS, Role

    return user.groups.filter(name=ROLE_GROUPS[Role.STEERING_MEMBER]).exists()


def test_a_new_seat_saved_by_the_service_gets_its_term_audit_entry_and_role(coordinator):
    from django.utils import timezone

    from collaboration.factories import UserFactory
    from steering.models import AuditAction, Mandate, Side
    from steering.services.mandates import mandate_save

    user, starts = UserFactory(), timezone.localdate()
    mandate = Mandate(user=user, side=Side.CITY, starts_on=starts, role="member")
    mandate_save(mandate=mandate, actor=coordinator)
    stored = Mandate.objects.get(pk=mandate.pk)
    assert stored.ends_on == starts.replace(year=starts.year + 2) - dt.timedelta(days=1) == mandate.ends_on
    assert stored.audit_events.get().action == AuditAction.MANDATE_CREATED
    assert _sits(user)


@pytest.mark.parametrize("path", ["admin", "service"])
def test_a_seat_given_to_someone_else_moves_the_role_from_the_admin_and_the_service_alike(
    path, client, coordinator
):
    from django.urls import reverse
    from django.utils import timezone

    from collaboration.factories import UserFactory
    from steering.models import Side
    from steering.services.mandates import mandate_create, mandate_save

    before, after = UserFactory(), UserFactory()
    mandate = mandate_create(
        user=before, side=Side.CITY, starts_on=timezone.localdate() - dt.timedelta(days=30)
    )
    assert _sits(before) and not _sits(after)
    if path == "admin":
        client.force_login(coordinator)
        response = client.post(
            reverse("admin:steering_mandate_change", args=[mandate.pk]),
            {
                "user": after.pk,
                "side": "city",
                "role": "member",
                "starts_on": mandate.starts_on.isoformat(),
                "ends_on": mandate.ends_on.isoformat(),
                "appointed_by": "KSAU",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    else:
        mandate.user = after
        mandate_save(mandate=mandate, actor=coordinator, user_before_id=before.pk)
    assert _sits(after) and not _sits(before)


def test_a_sign_up_cannot_be_moved_to_another_event_in_the_admin(client, coordinator):
    """Moving it would pass by the other event's capacity and waiting list; the field is shown, not editable."""
    from django.urls import reverse

    from events.factories import EventFactory, RegistrationFactory

    client.force_login(coordinator)
    full = EventFactory(capacity=1)
    RegistrationFactory(event=full, position=1)
    registration = RegistrationFactory(event=EventFactory(capacity=5), position=1, name="Aida Berg")
    url = reverse("admin:events_registration_change", args=[registration.pk])
    form = client.get(url).content.decode()
    assert 'name="event"' not in form
    data = _form_values(form) | {"event": full.pk}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    registration.refresh_from_db()
    assert registration.event != full and full.registrations.count() == 1


def _form_values(html: str) -> dict[str, str]:
    """The values a browser would post from the admin change form in `html` (inputs, selects, textareas)."""
    from html.parser import HTMLParser

    values: dict[str, str] = {}

    class Form(HTMLParser):
        select: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            name = a.get("name")
            if tag == "input" and name and a.get("type") not in ("submit", "checkbox", "file"):
                values[name] = a.get("value") or ""
            elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
                values[name] = a.get("value") or "on"
            elif tag == "select" and name:
                self.select = name
                values.setdefault(name, "")
            elif tag == "option" and self.select and "selected" in a:
                values[self.select] = a.get("value") or ""
            elif tag == "textarea" and name:
                values[name] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None

    Form().feed(html)
    return values
