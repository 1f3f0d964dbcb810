"""Demo: the coordinators' reports to the steering group's latest meetings and to the next one, drafted from
the demo's records a few days before each meeting; the last held one edited by the coordinators."""

import datetime as dt

from django.utils import timezone, translation

from collaboration.models import User
from steering.models import Meeting

from .meeting_report import meeting_report_draft, meeting_report_update

# Drafted this long before the meeting, as the coordinators send it out with the agenda.
DRAFTED_BEFORE = dt.timedelta(days=5)
SUMMARY = (
    "Samordnarna lyfter särskilt att deltagandet från idéburen sektor har ökat sedan förra sammanträdet, "
    "och att utvärderingarna visar att deltagarna vill ha fler mötesplatser mellan sektorerna."
)


def load() -> None:
    coordinator = User.objects.filter(email="samordnare@example.org").first()
    now = timezone.now()
    held = list(Meeting.objects.filter(held_at__lt=now).order_by("-held_at")[:2])
    coming = list(Meeting.objects.filter(held_at__gte=now).order_by("held_at")[:1])
    with translation.override("sv"):
        for meeting in [*reversed(held), *coming]:
            drafted_on = min(now, meeting.held_at - DRAFTED_BEFORE)
            report, _kept = meeting_report_draft(meeting=meeting, user=coordinator, now=drafted_on)
            if held and meeting == held[0]:
                texts = {section["field"]: section["text"] for section in report.sections()}
                texts["summary"] = f"{texts['summary']}\n\n{SUMMARY}"
                meeting_report_update(report=report, texts=texts, user=coordinator)
