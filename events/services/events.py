"""Running events: cancelling, messaging participants, open-space topics, evaluations and the figures."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import User
from collaboration.services.users import email_send

from ..models import (
    PLACE_HOLDING,
    Evaluation,
    Event,
    EventKind,
    EventQuerySet,
    EventStatus,
    PlaceKind,
    Registration,
    RegistrationStatus,
    Topic,
)
from . import mail
from .changes import event_change_announce, event_sequence_bump
from .registrations import event_lock, waiting_list_advance

TOPIC_KINDS = (EventKind.DIALOGUE_FORUM, EventKind.IDEA_WORKSHOP)


def event_focus_area_default(*, event: Event) -> Event:
    """An event with no focus area serves the one of its year (the first, if the steering group set several)."""
    if event.focus_area_id is None and event.starts_at:
        from steering.models import FocusArea

        event.focus_area = FocusArea.objects.for_year(timezone.localtime(event.starts_at).year).first()
    return event


def event_cancel(*, event: Event, cancelled_by: User | None = None) -> Event:
    """Cancel an event and tell everyone signed up (confirmed and waiting)."""
    with transaction.atomic():
        event = event_lock(event.pk)
        if event.status == EventStatus.CANCELLED:
            raise ValidationError(_("Evenemanget är redan inställt."))
        if event.is_past:
            raise ValidationError(_("Evenemanget är redan över."))
        event.status = EventStatus.CANCELLED
        event.save(update_fields=["status"])
        event_sequence_bump(event)
        for registration in event.registrations.active().exclude(email=""):
            registration.event = event
            mail.event_cancelled_send(event=event, registration=registration)
        if event.booking_id:
            from . import rooms

            rooms.event_booking_cancel(event=event, cancelled_by=cancelled_by)
    return event


def event_save(*, event: Event, status_before: str | None) -> Event:
    """Save an event as a coordinator's form (the admin's) leaves it, before its inlines and organisers: with
    the year's focus area when it has none, and with the status it had when the form asks to cancel it
    (`status_before`: the stored status, None for a new event). Cancelling is `event_form_saved`'s, through
    `event_cancel` (participants told, room given up), so a form never sets the status to cancelled itself."""
    if status_before is not None and event.status == EventStatus.CANCELLED:
        event.status = status_before
    event_focus_area_default(event=event)
    event.save()
    return event


@dataclass
class EventFormSaved:
    """What saving an event from a form did besides the save, for the form to tell the coordinator.
    `cancel_refused` / `booking_refused`: why the event was not cancelled / its room not booked (the rest of
    the save stands); `announced`: participants told of a new time, place or link; `promoted`: how many from
    the waiting list got a place."""

    event: Event
    cancel_refused: str = ""
    booking_refused: str = ""
    publish_refused: str = ""
    announced: int = 0
    promoted: int = 0


def event_form_saved(
    *,
    event: Event,
    saved_by: User | None,
    changed_fields: Iterable[str] = (),
    formsets: Iterable = (),
    status_wanted: str | None = None,
    status_before: str | None = None,
) -> EventFormSaved:
    """After an event was saved with `event_save` and its inlines (`formsets`) and organisers were stored:
    the workflow its changes set off. A cancellation asked for (`status_wanted`) goes through `event_cancel`;
    a changed time, place or link is announced (`event_change_announce`); the Nobel 21 room is booked, moved
    or given up (`event_booking_sync`, in the first organiser's name); a changed capacity gives freed places
    to the waiting list (`waiting_list_advance`). `changed_fields`: the form's changed fields (none when the
    event is new). An event at Nobel 21 is published only together with its booking: when the room could not
    be booked, an event being published (`status_before`: the stored status, None for a new one) stays a
    draft, and `publish_refused` says why."""
    from .rooms import event_booking_sync

    changed_fields = list(changed_fields)
    result = EventFormSaved(event=event)
    if status_wanted == EventStatus.CANCELLED and event.status != EventStatus.CANCELLED:
        try:
            cancelled = event_cancel(event=event, cancelled_by=saved_by)
        except ValidationError as error:
            result.cancel_refused = " ".join(error.messages)
        else:
            event.status, event.booking = cancelled.status, cancelled.booking
    result.announced = event_change_announce(event=event, changed_fields=changed_fields, formsets=formsets)
    try:
        event_booking_sync(event=event, booked_by=saved_by, organisation=None)
    except ValidationError as error:
        result.booking_refused = " ".join(error.messages)
    if (
        event.status == EventStatus.PUBLISHED
        and status_before != EventStatus.PUBLISHED
        and event.place_kind == PlaceKind.NOBEL21
        and not event.booking_id
        and not event.is_past
    ):
        event.status = EventStatus.DRAFT
        event.save(update_fields=["status"])
        result.publish_refused = _(
            "Evenemanget på Nobel 21 publiceras inte utan bokad lokal; det är sparat som utkast."
        )
    if "capacity" in changed_fields and not event.is_cancelled:
        result.promoted = len(waiting_list_advance(event=event))
    return result


MESSAGE_AUDIENCES = {
    "confirmed": PLACE_HOLDING,
    "waiting": (RegistrationStatus.WAITING,),
    "all": (*PLACE_HOLDING, RegistrationStatus.WAITING),
}


def event_message_send(*, event: Event, audience: str, subject: str, body: str) -> int:
    """E-mail the event's participants, one message each (no one sees the others' addresses)."""
    if audience not in MESSAGE_AUDIENCES:
        raise ValidationError(_("Välj mottagare."))
    emails = sorted(
        set(
            event.registrations.filter(status__in=MESSAGE_AUDIENCES[audience]).values_list("email", flat=True)
        )
    )
    for email in emails:
        email_send(subject=subject, body=body, to=[email])
    return len(emails)


def topic_create(*, event: Event, title: str, description: str = "", proposed_by: User | None) -> Topic:
    """Propose an open-space topic before or during a dialogue forum (or idea workshop)."""
    if event.kind not in TOPIC_KINDS:
        raise ValidationError(_("Ämnen föreslås bara till dialogforum och idéverkstäder."))
    if event.is_past or event.is_cancelled:
        raise ValidationError(_("Evenemanget är över; nya ämnen kan inte föreslås."))
    topic = Topic(event=event, title=title.strip(), description=description.strip(), proposed_by=proposed_by)
    topic.full_clean(exclude=["event", "proposed_by"])
    topic.save()
    return topic


def topic_join(*, topic: Topic, registration: Registration) -> Topic:
    """A participant chooses a topic to join (open space: they may join several, and leave)."""
    if registration.event_id != topic.event_id or not registration.holds_place:
        raise ValidationError(_("Bara deltagare med plats på evenemanget kan välja ämnen."))
    topic.participants.add(registration)
    return topic


def topic_carry_choices(topic: Topic):
    """The idea workshops a topic can be carried on to: published ones after its own event, soonest first."""
    return Event.objects.filter(
        kind=EventKind.IDEA_WORKSHOP, status=EventStatus.PUBLISHED, starts_at__gt=topic.event.starts_at
    ).order_by("starts_at", "pk")


@transaction.atomic
def topic_result_record(*, topic: Topic, result: str, carried_to: Event | None = None) -> Topic:
    """The documented result of a topic, and the later idea workshop it is carried on to (if any)."""
    topic.result = result.strip()
    topic.carried_to = carried_to
    topic.full_clean(exclude=["proposed_by", "event"])
    topic.save(update_fields=["result", "carried_to"])
    return topic


def evaluation_create(*, registration: Registration, rating: int, comment: str = "") -> Evaluation:
    """The after-event answer of someone who attended; once each, guaranteed by the database."""
    if registration.status != RegistrationStatus.ATTENDED:
        raise ValidationError(_("Bara den som deltog kan utvärdera evenemanget."))
    if not registration.event.has_started():
        raise ValidationError(_("Utvärderingen öppnar när evenemanget har börjat."))
    evaluation = Evaluation(registration=registration, rating=rating, comment=comment.strip())
    evaluation.full_clean(exclude=["registration"], validate_unique=False)
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as error:
        raise ValidationError(_("Du har redan svarat på utvärderingen. Tack!")) from error
    return evaluation


def evaluation_invites_send(*, event: Event) -> int:
    """Invite everyone who attended and has not answered yet; the evaluation opens when the event starts."""
    if not event.has_started():
        raise ValidationError(_("Utvärderingen öppnar när evenemanget har börjat."))
    registrations = event.registrations.filter(status=RegistrationStatus.ATTENDED, evaluation__isnull=True)
    count = 0
    for registration in registrations.select_related("event"):
        mail.evaluation_invite_send(registration=registration)
        count += 1
    return count


def evaluation_summary(event: Event) -> dict:
    result = Evaluation.objects.filter(registration__event=event).aggregate(
        average=Avg("rating"), count=Count("pk")
    )
    return result


def event_statistics(event: Event) -> dict:
    """The figures the annual report needs for one event: see events_statistics."""
    return events_statistics(Event.objects.filter(pk=event.pk))[event.pk]


def events_statistics(events: EventQuerySet) -> dict[int, dict]:
    """Per event id: confirmed (holding a place), attended, no_shows, organisations (distinct),
    participants per sector ({sector: n}), evaluation_average (None without answers) and evaluation_count,
    for any set of events. Three queries whatever the number of events; the annual report calls this.
    """
    rows = {
        event.pk: {
            "confirmed": event.confirmed_count,
            "attended": event.attended_count,
            "no_shows": event.no_show_count,
            "organisations": event.organisation_count,
            "per_sector": {},
            "evaluation_average": None,
            "evaluation_count": 0,
        }
        for event in events.with_report_counts()
    }
    per_sector = (
        Registration.objects.filter(event__in=list(rows), status__in=PLACE_HOLDING)
        .with_sector()
        .values("event_id", "the_sector")
        .annotate(n=Count("pk"))
        .order_by("event_id", "the_sector")
    )
    for row in per_sector:
        rows[row["event_id"]]["per_sector"][row["the_sector"]] = row["n"]
    evaluations = (
        Evaluation.objects.filter(registration__event__in=list(rows))
        .values("registration__event_id")
        .annotate(average=Avg("rating"), count=Count("pk"))
        .order_by()
    )
    for row in evaluations:
        rows[row["registration__event_id"]] |= {
            "evaluation_average": row["average"],
            "evaluation_count": row["count"],
        }
    return rows
