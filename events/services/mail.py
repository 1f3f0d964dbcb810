"""The e-mails about sign-ups. Each is queued after the transaction commits (collaboration's email_send)."""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from collaboration.services.users import email_send

from ..ics import event_ics
from ..models import Event, Registration, RegistrationStatus
from ..tokens import CANCEL, EVALUATION, token_make


def cancel_url(registration: Registration) -> str:
    token = token_make(CANCEL, registration.pk)
    return settings.SITE_URL + reverse("events:registration-cancel", kwargs={"token": token})


def _when(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    return f"{formats.date_format(start, 'l j F Y')} {start:%H:%M}–{end:%H:%M}"


def _details(registration: Registration) -> str:
    event = registration.event
    lines = [
        event.title,
        _("När: %(when)s") % {"when": _when(event)},
        _("Var: %(place)s") % {"place": event.place_label},
    ]
    if event.is_online and registration.holds_place:
        lines.append(_("Länk till mötet: %(link)s") % {"link": event.online_link})
    lines.append(_("Mer om evenemanget: %(url)s") % {"url": settings.SITE_URL + event.get_absolute_url()})
    return "\n".join(lines)


def _ics(registration: Registration) -> list[tuple[str, str, str]]:
    """The event's calendar file; the online link only for someone holding a place."""
    event = registration.event
    ics = event_ics(event, with_online_link=event.is_online and registration.holds_place)
    return [(f"malmoandan-{registration.event_id}.ics", ics, "text/calendar")]


def registration_created_send(*, registration: Registration) -> None:
    if registration.status == RegistrationStatus.CONFIRMED:
        subject = _("Bekräftelse: %(title)s") % {"title": registration.event.title}
        intro = _("Hej %(name)s! Du är anmäld och har en plats.") % {"name": registration.name}
        attachments = _ics(registration)
    elif registration.event.selection_by_coordinators:
        subject = _("Ansökan mottagen: %(title)s") % {"title": registration.event.title}
        intro = _(
            "Hej %(name)s! Tack för din ansökan. Platserna är få och samordnarna väljer ut deltagarna; "
            "du får ett nytt e-brev om du får en plats."
        ) % {"name": registration.name}
        attachments = []
    else:
        subject = _("Väntelista: %(title)s") % {"title": registration.event.title}
        intro = _(
            "Hej %(name)s! Evenemanget är fullt just nu, så du står på väntelistan. "
            "Får du en plats skickar vi ett nytt e-brev."
        ) % {"name": registration.name}
        attachments = []
    body = "\n\n".join(
        [
            intro,
            _details(registration),
            _("Kan du inte komma? Avboka här (ingen inloggning behövs): %(url)s")
            % {"url": cancel_url(registration)},
        ]
    )
    email_send(subject=subject, body=body, to=[registration.email], attachments=attachments)


def registration_promoted_send(*, registration: Registration) -> None:
    subject = _("Du har fått en plats: %(title)s") % {"title": registration.event.title}
    body = "\n\n".join(
        [
            _("Hej %(name)s! En plats har blivit ledig och den är din.") % {"name": registration.name},
            _details(registration),
            _("Kan du inte komma? Avboka här: %(url)s") % {"url": cancel_url(registration)},
        ]
    )
    email_send(subject=subject, body=body, to=[registration.email], attachments=_ics(registration))


def registration_cancelled_send(*, registration: Registration) -> None:
    subject = _("Avbokad: %(title)s") % {"title": registration.event.title}
    body = _("Hej %(name)s! Din anmälan till %(title)s (%(when)s) är avbokad.") % {
        "name": registration.name,
        "title": registration.event.title,
        "when": _when(registration.event),
    }
    email_send(subject=subject, body=body, to=[registration.email])


def registration_reminder_send(*, registration: Registration, today=None) -> None:
    """The reminder before the event, with the event's own text when the coordinators wrote one."""
    event = registration.event
    days = (timezone.localtime(event.starts_at).date() - (today or timezone.localdate())).days
    if days == 1:
        subject = _("Påminnelse i morgon: %(title)s") % {"title": event.title}
        greeting = _("Hej %(name)s! Välkommen i morgon.") % {"name": registration.name}
    else:
        subject = _("Påminnelse: %(title)s %(day)s") % {
            "title": event.title,
            "day": formats.date_format(timezone.localtime(event.starts_at), "j F"),
        }
        greeting = _("Hej %(name)s! Välkommen om %(days)s dagar.") % {"name": registration.name, "days": days}
    body = "\n\n".join(
        [
            greeting,
            *([event.reminder_text.strip()] if event.reminder_text.strip() else []),
            _details(registration),
            _("Kan du inte komma? Avboka här så att någon annan får platsen: %(url)s")
            % {"url": cancel_url(registration)},
        ]
    )
    email_send(subject=subject, body=body, to=[registration.email], attachments=_ics(registration))


def event_cancelled_send(*, event: Event, registration: Registration) -> None:
    """Tell a participant the event is called off; the calendar file (METHOD:CANCEL) removes their entry."""
    subject = _("Inställt: %(title)s") % {"title": event.title}
    body = _("Hej %(name)s! Tyvärr är %(title)s (%(when)s) inställt. Du behöver inte göra något.") % {
        "name": registration.name,
        "title": event.title,
        "when": _when(event),
    }
    email_send(subject=subject, body=body, to=[registration.email], attachments=_ics(registration))


def event_changed_send(*, event: Event, registration: Registration, changed: set[str]) -> None:
    """Tell a participant the time, place or link changed, with the updated calendar file.

    `changed` holds "time", "place" and/or "link" (events.services.changes)."""
    subject = _("Ändrat: %(title)s") % {"title": event.title}
    what = []
    if "time" in changed:
        what.append(_("Ny tid: %(when)s") % {"when": _when(event)})
    if "place" in changed:
        what.append(_("Ny plats: %(place)s") % {"place": event.place_label})
    if "link" in changed and event.is_online and registration.holds_place:
        what.append(_("Ny länk till mötet: %(link)s") % {"link": event.online_link})
    body = "\n\n".join(
        [
            _("Hej %(name)s! Samordnarna har ändrat %(title)s.")
            % {"name": registration.name, "title": event.title},
            "\n".join(what),
            _details(registration),
            _("Kalenderfilen i det här e-brevet ersätter den du fick tidigare."),
            _("Kan du inte komma? Avboka här: %(url)s") % {"url": cancel_url(registration)},
        ]
    )
    email_send(subject=subject, body=body, to=[registration.email], attachments=_ics(registration))


def evaluation_invite_send(*, registration: Registration) -> None:
    token = token_make(EVALUATION, registration.pk)
    url = settings.SITE_URL + reverse("events:evaluation-create", kwargs={"token": token})
    subject = _("Vad tyckte du om %(title)s?") % {"title": registration.event.title}
    body = _(
        "Hej %(name)s! Tack för att du kom. Svara gärna på en fråga: motsvarade evenemanget dina "
        "förväntningar? Svara här (ingen inloggning behövs): %(url)s"
    ) % {"name": registration.name, "url": url}
    email_send(subject=subject, body=body, to=[registration.email])
