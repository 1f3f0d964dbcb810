"""The coordinators' report to every steering meeting (återrapportering, samarbetsplanen: the coordinators
"fortlöpande återrapportera till denna grupp").

For a meeting the portal drafts each section from the records since the previous meeting: events held (with
participants per sector and evaluation averages), what is coming, partnerships that changed stage and the
support given, Nobel 21 use, proposals received, the year's milestones and the terms ending. The coordinators
edit the texts; drafting again replaces only the sections nobody edited (the others are kept, and the new draft
is shown beside them) unless the coordinator asks explicitly to replace the edits too. Every change queues the
PDF (WeasyPrint, through the reports' rendering) in a Celery task after commit.
"""

import datetime as dt
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from collaboration.models import PartnershipStage, Sector, StageChange, SupportEntry, SupportKind
from collaboration.shared.choices import choice_label
from collaboration.statistics import nobel21_between
from events import yearplan
from events.models import Event, EventStatus
from steering.models import Mandate, Meeting, Proposal

from .meeting_report_models import (
    SECTION_FIELDS,
    MeetingReport,
    meeting_report_pdf_path,
)
from .rendering import html_to_pdf

# Without a previous meeting, the report covers the three months before the meeting.
DEFAULT_PERIOD = dt.timedelta(days=91)
# "What is coming": up to the meeting after this one, or this long after the meeting when none is planned.
COMING_WITHOUT_NEXT_MEETING = dt.timedelta(days=120)
# Terms ending within this long after the meeting are reported (the next election fills them).
TERMS_AHEAD = dt.timedelta(days=183)

# The year overview's states (events.yearplan), in the words of its page.
MILESTONE_STATES = {
    "done": gettext_noop("Genomfört"),
    "planned": gettext_noop("Planerat"),
    "elsewhere": gettext_noop("Se årsrapporten"),
    "short": gettext_noop("Färre än planerat"),
    "missed": gettext_noop("Genomfördes inte"),
    "unrecorded": gettext_noop("Inget registrerat"),
    "due": gettext_noop("Beslut ska fattas senast i oktober"),
    "late": gettext_noop("Försenat: beslutet skulle ha fattats senast i oktober"),
    "missing": gettext_noop("Saknas: inget planerat än"),
}


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return Meeting.objects.filter(held_at__lt=meeting.held_at).order_by("-held_at").first()


def next_meeting(meeting: Meeting) -> Meeting | None:
    return Meeting.objects.filter(held_at__gt=meeting.held_at).order_by("held_at").first()


def _day(value) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "j F Y")


def _lines(items: list[str], empty: str) -> str:
    return "\n".join(f"– {item}" for item in items) if items else empty


def _sectors(sectors: dict) -> str:
    return ", ".join(f"{choice_label(Sector, sector).lower()} {n}" for sector, n in sectors.items())


def _events_held(start: dt.datetime, end: dt.datetime) -> str:
    events = (
        Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__gte=start, ends_at__lt=end)
        .with_participation()
        .order_by("starts_at", "pk")
    )
    items = []
    for event in events:
        participation = event.participation()
        evaluation = event.evaluation_summary()
        parts = [f"{event.kind_label} {_day(event.starts_at)}: {event.title}."]
        if participation["total"] is None:
            parts.append(_("Deltagare är inte registrerade."))
        else:
            total = participation["total"]
            text = ngettext("%(n)s deltagare", "%(n)s deltagare", total) % {"n": total}
            if participation["sectors"]:
                text += f" ({_sectors(participation['sectors'])})"
            parts.append(text + ".")
        if evaluation["n"]:
            average = formats.number_format(evaluation["average"], 1)
            parts.append(
                _("Utvärdering: %(average)s av 5 (%(n)s svar).") % {"average": average, "n": evaluation["n"]}
            )
        else:
            parts.append(_("Ingen utvärdering registrerad."))
        items.append(" ".join(parts))
    return _lines(items, _("Inga aktiviteter har genomförts sedan förra sammanträdet."))


def _events_coming(start: dt.datetime, end: dt.datetime) -> str:
    events = Event.objects.upcoming(start).filter(status=EventStatus.PUBLISHED, starts_at__lt=end)
    items = [f"{event.kind_label} {_day(event.starts_at)}: {event.title}" for event in events]
    return _lines(items, _("Inga aktiviteter är publicerade för perioden fram till nästa sammanträde."))


def _supported(entry: SupportEntry) -> str:
    """Who the support went to: the partnership, or the organisation helped before there is one (a request
    for help with an application); the log's constraint holds one of the two."""
    if entry.partnership is not None:
        return entry.partnership.title
    assert entry.organisation is not None
    return entry.organisation.name


def _partnerships(start: dt.datetime, end: dt.datetime) -> str:
    first, last = timezone.localtime(start).date(), timezone.localtime(end).date()
    # The day a change happened; one entered without it happened when it was recorded.
    changes = (
        StageChange.objects.annotate(
            day=Coalesce("happened_on", TruncDate("changed_at", tzinfo=timezone.get_current_timezone()))
        )
        .filter(day__gte=first, day__lt=last)
        .select_related("partnership")
        .order_by("day", "pk")
    )
    items = [
        _("%(partnership)s: %(stage)s (%(day)s)")
        % {
            "partnership": change.partnership.title,
            "stage": choice_label(PartnershipStage, change.to_stage).lower(),
            "day": _day(change.day),
        }
        for change in changes
    ]
    support = (
        SupportEntry.objects.filter(date__gte=first, date__lt=last)
        .select_related("partnership", "organisation")
        .order_by("date", "pk")
    )
    items += [
        _("Stöd till %(partnership)s, %(kind)s (%(day)s): %(description)s")
        % {
            "partnership": _supported(entry),
            "kind": choice_label(SupportKind, entry.kind).lower(),
            "day": _day(entry.date),
            "description": entry.description,
        }
        for entry in support
    ]
    return _lines(
        items, _("Inga samarbeten har bytt steg och inget stöd är registrerat sedan förra sammanträdet.")
    )


def _nobel21(start: dt.datetime, end: dt.datetime) -> str:
    figures = nobel21_between(start, end)
    if not figures["meetings"]:
        return _("Inga bokningar av Nobel 21 är registrerade i portalen för perioden.")
    return _(
        "%(meetings)s möten i föreningscentret Nobel 21 (%(bookings)s bokningar) av %(organisations)s "
        "organisationer, med sammanlagt %(attendees)s förväntade deltagare."
    ) % {key: formats.number_format(value, force_grouping=True) for key, value in figures.items()}


def _proposals(start: dt.datetime, end: dt.datetime) -> str:
    proposals = Proposal.objects.filter(created_at__gte=start, created_at__lt=end).order_by(
        "year", "created_at"
    )
    items = [
        _("%(title)s (för %(year)s)") % {"title": proposal.title, "year": proposal.year}
        for proposal in proposals
    ]
    return _lines(items, _("Inga nya förslag på fokusområden har kommit in sedan förra sammanträdet."))


def _milestones(day: dt.date) -> str:
    items = []
    for item in yearplan.year_cycle(day.year, day):
        text = f"{item.title}: {_(MILESTONE_STATES.get(item.state, MILESTONE_STATES['missing']))}"
        if item.note:
            text += f" ({item.note})"
        items.append(text)
    return _lines(items, "")


def _terms(day: dt.date) -> str:
    mandates = (
        Mandate.objects.active_on(day)
        .filter(ends_on__lte=day + TERMS_AHEAD)
        .select_related("user")
        .order_by("ends_on", "user__last_name")
    )
    items = [
        _("%(person)s (%(side)s, %(role)s) till och med %(day)s")
        % {
            "person": mandate.user,
            "side": mandate.side_label.lower(),
            "role": mandate.role_label.lower(),
            "day": _day(mandate.ends_on),
        }
        for mandate in mandates
    ]
    return _lines(items, _("Inga mandat löper ut det närmaste halvåret."))


def report_period(meeting: Meeting) -> tuple[dt.datetime, dt.datetime]:
    previous = previous_meeting(meeting)
    return (previous.held_at if previous else meeting.held_at - DEFAULT_PERIOD), meeting.held_at


def draft_sections(meeting: Meeting, *, now: dt.datetime | None = None) -> dict[str, str]:
    """Each section's text from the records, in the active language. Events held are those that ended since
    the previous meeting (and by now); what is coming starts from now up to the meeting after this one."""
    now = now or timezone.now()
    start, end = report_period(meeting)
    following = next_meeting(meeting)
    coming_until = following.held_at if following else meeting.held_at + COMING_WITHOUT_NEXT_MEETING
    day = timezone.localtime(meeting.held_at).date()
    summary = _(
        "Samordnarnas återrapport till styrgruppens sammanträde %(meeting)s, för tiden från %(start)s."
    ) % {"meeting": _day(meeting.held_at), "start": _day(start)}
    return {
        "summary": summary,
        "events_held": _events_held(start, min(end, now)),
        "events_coming": _events_coming(max(now, start), coming_until),
        "partnerships": _partnerships(start, min(end, now)),
        "nobel21": _nobel21(start, min(end, now)),
        "proposals": _proposals(start, min(end, now)),
        "milestones": _milestones(day),
        "terms": _terms(day),
    }


def _queue_pdf(report: MeetingReport) -> None:
    from .tasks import render_meeting_report

    render_meeting_report.delay_on_commit(report.pk, report.revision)


def meeting_report_draft(
    *, meeting: Meeting, user, replace_edited: bool = False, now: dt.datetime | None = None
) -> tuple[MeetingReport, list]:
    """Draft the meeting's report from the records, or draft it again.

    Drafting again replaces the sections whose text is still what the last draft wrote; an edited section is
    kept (its new draft is stored in `drafted` and shown beside it) unless `replace_edited` is set. Returns
    the report and the sections kept. The texts are drafted in the language active now (the page's)."""
    language = translation.get_language() or "sv"
    sections = draft_sections(meeting, now=now)
    with transaction.atomic():
        report = MeetingReport.objects.select_for_update().filter(meeting=meeting).first()
        start, end = report_period(meeting)
        if report is None:
            report = MeetingReport(meeting=meeting, period_end=end, drafted_at=timezone.now())
            kept = []
        else:
            kept = [] if replace_edited else report.edited_sections()
            report.revision += 1
        for field in SECTION_FIELDS:
            if field not in kept:
                setattr(report, field, sections[field])
        report.drafted = sections
        report.period_start, report.period_end = start, end
        report.language = language[:2] if language[:2] in ("sv", "en") else "sv"
        report.drafted_at = timezone.now()
        report.drafted_by = user if user and user.is_authenticated else None
        report.updated_by = report.drafted_by
        report.pdf_failure = ""
        report.full_clean()
        report.save()
        _queue_pdf(report)
    return report, kept


def meeting_report_update(*, report: MeetingReport, texts: dict[str, str], user) -> MeetingReport:
    """Save the coordinators' texts as a new revision and queue its PDF."""
    with transaction.atomic():
        report = MeetingReport.objects.select_for_update().get(pk=report.pk)
        changed = [field for field in SECTION_FIELDS if texts[field] != getattr(report, field)]
        if not changed:
            return report
        for field in changed:
            setattr(report, field, texts[field])
        report.revision += 1
        report.updated_by = user
        report.pdf_failure = ""
        report.full_clean()
        report.save()
        _queue_pdf(report)
    return report


def render_meeting_report_html(report: MeetingReport, *, for_pdf: bool = False) -> str:
    with translation.override(report.language):
        context = {
            "report": report,
            "meeting": report.meeting,
            "sections": report.sections(),
            "for_pdf": for_pdf,
        }
        return render_to_string("reports/meeting_report_document.html", context)


def meeting_report_render(*, report_id: int, revision: int) -> MeetingReport | None:
    """Render the PDF of one revision; a revision that is no longer the latest is not rendered (the newer one
    has its own task). Safe to run again."""
    from .services import _write_atomically

    report = MeetingReport.objects.select_related("meeting").filter(pk=report_id).first()
    if report is None or report.revision != revision or report.pdf_is_current:
        return report
    path = meeting_report_pdf_path(report)
    if not default_storage.exists(path):
        _write_atomically(path, html_to_pdf(render_meeting_report_html(report, for_pdf=True)))
    with transaction.atomic():
        report = MeetingReport.objects.select_for_update().get(pk=report_id)
        if report.revision == revision:
            old = report.pdf.name
            report.pdf.name, report.pdf_revision, report.pdf_failure = path, revision, ""
            report.save(update_fields=["pdf", "pdf_revision", "pdf_failure"])
            if old and old != path:
                transaction.on_commit(lambda: default_storage.delete(old))
    return report


def meeting_report_fail(*, report_id: int, revision: int, reason: str) -> None:
    MeetingReport.objects.filter(pk=report_id, revision=revision).update(pdf_failure=reason[:2000])


def meeting_reports_forget(user) -> int:
    """A person who deletes their account leaves no name in the coordinators' reports: their name and e-mail
    address are replaced in every section (and in the stored drafts), and the PDF is made again without them.
    Returns how many reports changed."""
    needles = [value for value in (user.get_full_name().strip(), user.email) if value]
    if not needles:
        return 0
    replacement = "[borttagen person]"

    def scrub(text: str) -> str:
        for needle in needles:
            text = text.replace(needle, replacement)
        return text

    query = Q()
    for needle in needles:
        for field in SECTION_FIELDS:
            query |= Q(**{f"{field}__contains": needle})
    changed = 0
    with transaction.atomic():
        for report in MeetingReport.objects.select_for_update().filter(query):
            for field in SECTION_FIELDS:
                setattr(report, field, scrub(getattr(report, field)))
            report.drafted = {field: scrub(text) for field, text in report.drafted.items()}
            report.revision += 1
            old_pdf = report.pdf.name
            report.pdf, report.pdf_revision = "", None
            report.save()
            if old_pdf:
                transaction.on_commit(partial(default_storage.delete, old_pdf))
            _queue_pdf(report)
            changed += 1
    return changed
