"""Personal data in events: sign-ups (by account or by name and e-mail), topics proposed, evaluations.

Sign-ups stay as anonymous rows with their organisation and status, so every count in the annual report
(participants, organisations, sectors, attendance) stays the same; names, e-mail addresses and the person's
own words (evaluation comments) and their answers to the sign-up questions (diet, accessibility needs) go.
Sign-ups of people without an account are anonymised GUEST_DATA_RETENTION_DAYS after the event (see the
privacy notice); the answers to the sign-up questions, which serve only the event itself, are deleted then
for everyone."""

import datetime as dt

from django.conf import settings
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat

from collaboration.services.privacy import ANONYMOUS_NAME, detach_app, export_app, export_models

from .models import Evaluation, PersonalCalendarToken, Registration, RegistrationAnswer

ANONYMOUS_DOMAIN = "@anonym.invalid"


def _registrations(user):
    return Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email))


def _anonymise(registrations) -> int:
    Evaluation.objects.filter(registration__in=registrations).update(comment="")
    RegistrationAnswer.objects.filter(registration__in=registrations).delete()
    count = registrations.update(
        name=ANONYMOUS_NAME,
        # Unique per row: the active sign-ups of an event have distinct addresses (a database constraint).
        email=Concat(Value("borttagen-"), Cast("pk", output_field=CharField()), Value(ANONYMOUS_DOMAIN)),
        user=None,
    )
    return count


def export(user) -> dict:
    # The calendar feed's secret is a key, not something about the person: its existence is exported.
    data = export_app("events", user, hidden={"events.PersonalCalendarToken": {"token"}})
    # Colleagues signed up by name and e-mail have no account link: their address finds them.
    data["events.Registration"] = export_models([Registration], user)["events.Registration"]
    by_email = Registration.objects.filter(email__iexact=user.email).exclude(user=user).order_by("pk")
    data["events.Registration"] += [
        {"id": r.pk, "event": r.event_id, "name": r.name, "email": r.email, "status": r.status}
        for r in by_email
    ]
    data["events.Evaluation"] = [
        {"id": e.pk, "registration": e.registration_id, "rating": e.rating, "comment": e.comment}
        for e in Evaluation.objects.filter(registration__in=_registrations(user)).order_by("pk")
    ]
    data["events.RegistrationAnswer"] = [
        {"id": a.pk, "registration": a.registration_id, "question": a.question.text, "answer": a.answer}
        for a in RegistrationAnswer.objects.filter(registration__in=_registrations(user))
        .select_related("question")
        .order_by("pk")
    ]
    return data


def erase(user) -> None:
    PersonalCalendarToken.objects.filter(user=user).delete()
    _anonymise(_registrations(user))
    detach_app("events", user)


def retention_anonymise(now: dt.datetime) -> int:
    cutoff = now - dt.timedelta(days=settings.GUEST_DATA_RETENTION_DAYS)
    guests = Registration.objects.filter(user__isnull=True, event__ends_at__lt=cutoff).exclude(
        email__endswith=ANONYMOUS_DOMAIN
    )
    answers, _by_model = RegistrationAnswer.objects.filter(registration__event__ends_at__lt=cutoff).delete()
    return _anonymise(guests) + answers
