"""What the beat schedule runs: reminders the day before, evaluation invitations, the coordinators' digest."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import User
from collaboration.services.users import email_send
from collaboration.shared.roles import ROLE_GROUPS, Role

from ..models import REMINDER_DAYS_BEFORE_MAX, Event, Registration, RegistrationStatus
from ..yearplan import due_soon
from . import mail


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def reminders_send(*, today: dt.date | None = None) -> int:
    """Remind everyone confirmed for an event whose reminder day has come: as many days before as the event
    says (the day before unless set), never for an event with reminders turned off; each person once
    (reminder_sent_at). A day the task did not run is caught up the next, as long as the event is still
    at least a day away."""
    today = today or timezone.localdate()
    # Events starting from tomorrow up to the longest reminder period allowed.
    latest = REMINDER_DAYS_BEFORE_MAX
    start, _end = _day_bounds(today + dt.timedelta(days=1))
    _start, end = _day_bounds(today + dt.timedelta(days=latest))
    sent = 0
    with transaction.atomic():
        registrations = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=RegistrationStatus.CONFIRMED,
                reminder_sent_at__isnull=True,
                event__status="published",
                event__reminder_enabled=True,
                event__starts_at__gte=start,
                event__starts_at__lt=end,
            )
            .select_related("event", "event__room")
        )
        now = timezone.now()
        for registration in registrations:
            event = registration.event
            if (timezone.localtime(event.starts_at).date() - today).days > event.reminder_days_before:
                continue
            mail.registration_reminder_send(registration=registration, today=today)
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            sent += 1
    return sent


def evaluation_invitations_send(*, now: dt.datetime | None = None) -> int:
    """Invite those who attended events that ended in the last week and have not been asked yet."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        registrations = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=RegistrationStatus.ATTENDED,
                evaluation_sent_at__isnull=True,
                evaluation__isnull=True,
                event__ends_at__lt=now,
                event__ends_at__gte=now - dt.timedelta(days=7),
            )
            .select_related("event")
        )
        for registration in registrations:
            mail.evaluation_invite_send(registration=registration)
            registration.evaluation_sent_at = now
            registration.save(update_fields=["evaluation_sent_at"])
            sent += 1
    return sent


def coordinator_digest_send(*, today: dt.date | None = None) -> int:
    """E-mail the coordinators what the yearly cycle says is due in the coming two months."""
    today = today or timezone.localdate()
    items = due_soon(today)
    coordinators = list(
        User.objects.filter(groups__name=ROLE_GROUPS[Role.COORDINATOR], is_active=True).values_list(
            "email", flat=True
        )
    )
    if not coordinators:
        return 0
    states = {
        "planned": _("planerat"),
        "missing": _("SAKNAS – inget planerat än"),
        "missed": _("genomfördes inte"),
        "unrecorded": _("inget registrerat"),
        "due": _("BESLUT SKA FATTAS senast i oktober"),
        "late": _("FÖRSENAT – beslutet skulle ha fattats senast i oktober"),
    }
    lines = []
    for item in items:
        linked = ", ".join(event.title for event in item.planned) or ""
        lines.append(
            f"- {item.title} ({item.first_month:02d}–{item.last_month:02d}): {states.get(item.state, '')} {linked}"
        )
    upcoming = (
        Event.objects.upcoming().published().filter(starts_at__lt=timezone.now() + dt.timedelta(days=62))
    )
    lines.append("")
    lines.append(_("Evenemang de kommande två månaderna:"))
    lines.extend(f"- {timezone.localtime(e.starts_at):%Y-%m-%d} {e.title}" for e in upcoming)
    body = _("Det här står på tur i årscykeln de kommande två månaderna:") + "\n\n" + "\n".join(lines)
    subject = _("Malmöandan: att göra de kommande två månaderna")
    for email in coordinators:
        email_send(subject=subject, body=body, to=[email])
    return len(coordinators)
