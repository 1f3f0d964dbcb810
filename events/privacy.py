"""Personal data in events: sign-ups (also those made by e-mail address, without an account), evaluations and
open-space topics. Sign-ups stay for the statistics, without name, e-mail address or comment."""

import datetime as dt

from django.conf import settings
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat

from collaboration.services.privacy import detach_app, export_app

from .models import Evaluation, Registration

ANONYMOUS_NAME = "Borttagen person"
ANONYMOUS_DOMAIN = "anonym.invalid"


def export(user) -> dict:
    data = export_app("events", user)
    # Sign-ups made for the person by a colleague carry their e-mail address but no link to the account.
    mine = Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email)).select_related(
        "event", "organisation"
    )
    data["events.Registration"] = [
        {
            "id": r.pk,
            "event": str(r.event),
            "starts_at": r.event.starts_at.isoformat(),
            "name": r.name,
            "email": r.email,
            "organisation": str(r.organisation),
            "status": r.status,
            "created_at": r.created_at.isoformat(),
        }
        for r in mine.order_by("pk")
    ] + [
        # Colleagues this person signed up: what was done, without the colleagues' own details.
        {"id": r.pk, "event": str(r.event), "registered_by": "du", "status": r.status}
        for r in Registration.objects.filter(registered_by=user)
        .exclude(pk__in=[r.pk for r in mine])
        .select_related("event")
        .order_by("pk")
    ]
    data["events.Evaluation"] = [
        {"id": e.pk, "event": str(e.registration.event), "rating": e.rating, "comment": e.comment}
        for e in Evaluation.objects.filter(registration__in=mine).select_related("registration__event")
    ]
    return data


def _anonymise(registrations) -> int:
    ids = list(registrations.values_list("pk", flat=True))
    Evaluation.objects.filter(registration__in=ids).update(comment="")
    # Each address stays distinct: one active sign-up per address and event is a database constraint.
    Registration.objects.filter(pk__in=ids).update(
        name=ANONYMOUS_NAME,
        email=Concat(Value("anonym-"), Cast("pk", CharField()), Value(f"@{ANONYMOUS_DOMAIN}")),
        user=None,
    )
    return len(ids)


def erase(user) -> None:
    _anonymise(Registration.objects.filter(Q(user=user) | Q(email__iexact=user.email)))
    detach_app("events", user)


def retention_anonymise(now: dt.datetime) -> int:
    """Sign-ups of people without an account, GUEST_DATA_RETENTION_DAYS after their event ended."""
    cutoff = now - dt.timedelta(days=settings.GUEST_DATA_RETENTION_DAYS)
    expired = Registration.objects.filter(user__isnull=True, event__ends_at__lt=cutoff).exclude(
        email__endswith=f"@{ANONYMOUS_DOMAIN}"
    )
    return _anonymise(expired)
