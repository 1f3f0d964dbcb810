"""Signing up, cancelling, the waiting list and attendance: everything that counts places.

Every change that can alter how many places are taken locks the event row first (once per transaction, before
counting), as pretix does for quotas: concurrent sign-ups and cancellations of one event are serialised, so
the count read under the lock still holds when the row is written. On SQLite the IMMEDIATE transaction mode
serialises writers the same way.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import Membership, Organisation, Sector, User
from collaboration.shared.roles import Role, has_role

from ..models import (
    ACTIVE,
    PLACE_HOLDING,
    Event,
    EventKind,
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    RegistrationStatus,
)
from . import mail

LOCK_TIMEOUT = "10s"


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    user: User | None = None
    # The answers to the event's sign-up questions: {question id: answer}.
    answers: dict[int, str] = field(default_factory=dict, hash=False)


def answers_check(questions: list[RegistrationQuestion], person: Person) -> list[RegistrationAnswer]:
    """The person's answers as unsaved rows, or ValidationError naming the first question answered wrong:
    a required one left empty, a choice that is not one of the options, an answer to another event's."""
    by_id = {question.pk: question for question in questions}
    unknown = set(person.answers) - set(by_id)
    if unknown:
        raise ValidationError(_("Svaret hör inte till någon av evenemangets frågor."))
    rows = []
    for question in questions:
        answer = (person.answers.get(question.pk) or "").strip()
        if question.required and not answer:
            raise ValidationError(
                _("%(name)s: svara på frågan ”%(question)s”.")
                % {"name": person.name, "question": question.text}
            )
        if answer and question.kind == QuestionKind.CHOICE and answer not in question.option_list:
            raise ValidationError(
                _("%(name)s: välj ett av alternativen till ”%(question)s”.")
                % {"name": person.name, "question": question.text}
            )
        if answer:
            rows.append(RegistrationAnswer(question=question, answer=answer[:2000]))
    return rows


def represented_organisations(user: User):
    """The organisations the user may sign people up for (coordinators: any active one), by the one rule of
    `Organisation.objects.acted_for_by`."""
    return Organisation.objects.active().acted_for_by(user)


# The plan opens the dialogue forums to "förtroendevalda politiker från kommunens nämnder samt tjänstepersoner
# från alla förvaltningar": city staff sign *themselves* up as their committee or department, without acting for
# it (no colleagues): an official (the role, granted by a coordinator) as any of the city's, a confirmed member
# of a committee or department as that one.
OPEN_TO_CITY_STAFF = {EventKind.DIALOGUE_FORUM}


def city_staff_organisations(user: User, event: Event):
    """The city organisations the user may sign themselves (only) up as for this event."""
    rows = Organisation.objects.active().filter(sector=Sector.CITY)
    if event.kind not in OPEN_TO_CITY_STAFF or not user.is_authenticated:
        return rows.none()
    if has_role(user, Role.CITY_OFFICIAL):
        return rows
    return rows.filter(pk__in=Membership.objects.confirmed().filter(user=user).values("organisation_id"))


def signup_organisations(user: User, event: Event):
    """The organisations the user may choose on the event's sign-up form."""
    return (represented_organisations(user) | city_staff_organisations(user, event)).distinct()


def _after_commit(send, registration: Registration) -> None:
    # The e-mail (with its calendar file) is built after the commit, so the event's lock is held only for
    # the counting and the writing.
    transaction.on_commit(lambda: send(registration=registration))


def event_lock(event_id: int) -> Event:
    """Lock the event row for the rest of the transaction and return it fresh."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    try:
        return Event.objects.select_for_update(of=("self",)).get(pk=event_id)
    except OperationalError as error:
        raise ValidationError(_("Många anmäler sig just nu. Försök igen om en stund.")) from error


def registrations_create(
    *, event: Event, organisation: Organisation, registered_by: User, people: list[Person]
) -> list[Registration]:
    """Sign people up for an event for an organisation, in arrival order; full events put them on the list.

    All or nothing: if any person cannot be signed up, nobody is and the error says why.
    """
    if not people:
        raise ValidationError(_("Ange minst en person att anmäla."))
    emails = [person.email.strip().lower() for person in people]
    if len(set(emails)) != len(emails):
        raise ValidationError(_("Samma e-postadress står mer än en gång."))
    if not organisation.is_acted_for_by(registered_by) and not (
        [person.user for person in people] == [registered_by]
        and city_staff_organisations(registered_by, event).filter(pk=organisation.pk).exists()
    ):
        raise ValidationError(_("Du kan bara anmäla för organisationer som du företräder."))
    questions = list(event.questions.all())
    answers = [answers_check(questions, person) for person in people]
    with transaction.atomic():
        event = event_lock(event.pk)
        refusal = event.signup_refusal()
        if refusal:
            raise ValidationError(refusal)
        # One query for everything the decision needs, so the lock is held for as few round trips as possible.
        counts = event.registrations.aggregate(
            taken=Count("pk", filter=Q(status__in=PLACE_HOLDING)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
            already=Count("pk", filter=Q(email__in=emails, status__in=ACTIVE)),
            last=Max("position"),
        )
        if counts["already"]:
            already = sorted(
                event.registrations.active().filter(email__in=emails).values_list("email", flat=True)
            )
            raise ValidationError(
                _("Redan anmäld till evenemanget: %(emails)s.") % {"emails": ", ".join(already)}
            )
        taken = counts["taken"]
        queue_exists = counts["waiting"] > 0
        position = (counts["last"] or 0) + 1
        created = []
        now = timezone.now()
        given = []
        for person, email, person_answers in zip(people, emails, answers, strict=True):
            # Someone already waiting goes before anyone new, even if a place happens to be free.
            if taken < event.capacity and not queue_exists and not event.selection_by_coordinators:
                status = RegistrationStatus.CONFIRMED
                taken += 1
            else:
                status = RegistrationStatus.WAITING
                queue_exists = True
            registration = Registration(
                event=event,
                user=person.user,
                name=person.name.strip(),
                email=email,
                organisation=organisation,
                status=status,
                position=position,
                registered_by=registered_by,
                status_changed_at=now,
            )
            # The unique constraints were just checked under the lock (and the database enforces them).
            registration.full_clean(
                exclude=["event", "organisation", "user", "registered_by"], validate_constraints=False
            )
            registration.save()
            for answer in person_answers:
                answer.registration = registration
            given.extend(person_answers)
            position += 1
            created.append(registration)
            _after_commit(mail.registration_created_send, registration)
        RegistrationAnswer.objects.bulk_create(given)
    return created


def _promote_waiting(event: Event) -> list[Registration]:
    """Give free places to the first on the waiting list, in arrival order. Call with the event locked."""
    if event.selection_by_coordinators or event.is_past:
        return []
    free = event.capacity - event.registrations.holding_place().count()
    if free <= 0:
        return []
    promoted = list(event.registrations.waiting()[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.status_changed_at = now
        registration.save(update_fields=["status", "status_changed_at"])
        _after_commit(mail.registration_promoted_send, registration)
    return promoted


def waiting_list_advance(*, event: Event) -> list[Registration]:
    """Give places that became free (e.g. a raised capacity) to the first waiting, and tell them."""
    with transaction.atomic():
        return _promote_waiting(event_lock(event.pk))


def registration_cancel(*, registration: Registration) -> Registration:
    """Withdraw a sign-up; a freed place goes to the first on the waiting list, who is told by e-mail."""
    with transaction.atomic():
        event = event_lock(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("Anmälan är redan avbokad."))
        if not registration.is_active or event.is_past:
            raise ValidationError(_("Evenemanget är redan över; anmälan kan inte avbokas."))
        held_place = registration.holds_place
        registration.status = RegistrationStatus.CANCELLED
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        registration.event = event
        _after_commit(mail.registration_cancelled_send, registration)
        if held_place:
            _promote_waiting(event)
    return registration


def registration_move(*, registration: Registration, status: str) -> Registration:
    """A coordinator moves someone between the confirmed and the waiting list; capacity still holds."""
    if status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING):
        raise ValidationError(_("Okänd lista."))
    with transaction.atomic():
        event = event_lock(registration.event_id)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == status:
            return registration
        if registration.status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING):
            raise ValidationError(_("Bara bekräftade och väntande kan flyttas."))
        if status == RegistrationStatus.CONFIRMED and (
            event.registrations.holding_place().count() >= event.capacity
        ):
            raise ValidationError(
                _("Evenemanget är fullt. Flytta först någon till väntelistan eller öka antalet platser.")
            )
        registration.status = status
        registration.status_changed_at = timezone.now()
        registration.save(update_fields=["status", "status_changed_at"])
        registration.event = event
        if status == RegistrationStatus.CONFIRMED:
            _after_commit(mail.registration_promoted_send, registration)
    return registration


def registration_attendance_mark(*, registration: Registration, attended: bool) -> Registration:
    """Record at the door whether a confirmed participant came (it can be corrected by marking again)."""
    event = registration.event
    if not registration.holds_place:
        raise ValidationError(_("Bara bekräftade deltagare kan markeras."))
    if not event.has_started():
        raise ValidationError(_("Närvaro kan markeras när evenemanget har börjat."))
    registration.status = RegistrationStatus.ATTENDED if attended else RegistrationStatus.NO_SHOW
    registration.status_changed_at = timezone.now()
    registration.save(update_fields=["status", "status_changed_at"])
    return registration


def registration_for_user(user: User, event: Event) -> Registration | None:
    """The user's own active registration on the event, if any."""
    if not user.is_authenticated:
        return None
    return event.registrations.active().filter(email__iexact=user.email).order_by("position").first()
