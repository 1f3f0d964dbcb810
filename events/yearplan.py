"""The collaboration plan's yearly cycle ("Tidplan", samarbetsplan 2021–2026) checked against what is recorded."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Event, EventKind, EventStatus, Presenter, Topic


@dataclass
class CycleItem:
    title: str | Promise  # translated when shown
    first_month: int
    last_month: int
    kind: str | None = None  # an event kind, or None for the steering group's and the report's milestones
    minimum: int = 1
    done: list = field(default_factory=list)
    planned: list = field(default_factory=list)
    # (label, url, lang) of non-event records such as a ballot; lang is "sv" for stored content (a ballot's title)
    # and "" for the portal's own translated words
    links: list = field(default_factory=list)
    state: str = ""
    note: str = ""


def cycle_items() -> list[CycleItem]:
    return [
        CycleItem(_("Dialogforum"), 2, 2, EventKind.DIALOGUE_FORUM),
        CycleItem(_("Idéverkstad"), 4, 4, EventKind.IDEA_WORKSHOP),
        CycleItem(_("Utbildningar"), 4, 9, EventKind.TRAINING),
        CycleItem(_("Styrgruppen beslutar om nästa års fokusområde"), 9, 10),
        CycleItem(_("Dialogforum"), 10, 10, EventKind.DIALOGUE_FORUM),
        CycleItem(_("Idéverkstad"), 11, 11, EventKind.IDEA_WORKSHOP),
        CycleItem(_("Sammanställning av årsrapporten"), 12, 12),
        CycleItem(_("Malmötimmar (4–6 per år)"), 1, 12, EventKind.MALMO_HOUR, minimum=4),
        CycleItem(_("Lärandeluncher (6–10 per år)"), 1, 12, EventKind.LEARNING_LUNCH, minimum=6),
    ]


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def year_cycle(year: int, today: dt.date | None = None) -> list[CycleItem]:
    """Each milestone of the year with what happened, what is planned and whether something is missing.

    Two queries for the events; the steering group's and the report's milestones read their own apps lazily.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    # Only what the cycle and its pages show of an event (a link, its title and dates): the home page's cached
    # block renders this after every sign-up, and a year holds every event of it.
    events = [
        (event, timezone.localtime(event.starts_at).month)
        for event in Event.objects.in_year(year)
        .exclude(status__in=[EventStatus.DRAFT, EventStatus.CANCELLED])
        .only("pk", "kind", "title", "starts_at", "ends_at")
        .order_by("starts_at")
    ]
    items = cycle_items()
    for item in items:
        if item.kind:
            for event, month in events:
                # A month-bound milestone accepts its event a month early or late; yearly counts take any month.
                window = (
                    (item.first_month, item.last_month)
                    if item.minimum > 1
                    else (item.first_month - 1, item.last_month + 1)
                )
                if event.kind == item.kind and window[0] <= month <= window[1]:
                    (item.done if event.ends_at < now else item.planned).append(event)
        elif item.first_month == 9:
            _focus_decision(item, year, today)
        else:
            _annual_report(item, year)
        _judge(item, year, today)
    _missed_or_unrecorded(items, year)
    return items


def _missed_or_unrecorded(items: list[CycleItem], year: int) -> None:
    """A milestone whose months are over with nothing recorded was not held only if that is recorded: the
    year's report says the kind was not held, or the report is approved (the board's account of the year).
    Otherwise the portal does not know, and says so ("Inget registrerat"). One query, only when needed."""
    missed = [item for item in items if item.state == "missed" and item.kind]
    if not missed:
        return
    absences = declared_absences(year)
    for item in missed:
        if item.kind in absences:
            item.note = absences[item.kind]
        else:
            item.state = "unrecorded"


def _judge(item: CycleItem, year: int, today: dt.date) -> None:
    if item.state:  # already judged from other records (a decision, an open ballot, the report)
        return
    have = len(item.done) + len(item.planned)
    window_over = _month_end(year, item.last_month) < today
    if have >= item.minimum:
        item.state = "planned" if item.planned else "done"
    elif have and window_over:
        item.state = "short"
    elif window_over:
        item.state = "missed"
    else:
        item.state = "missing"
    if item.minimum > 1:
        item.note = str(_("%(have)s av minst %(minimum)s") % {"have": have, "minimum": item.minimum})


def _focus_decision(item: CycleItem, year: int, today: dt.date) -> None:
    try:
        from steering.models import Ballot, BallotKind, FocusArea
    except ImportError:  # pragma: no cover - the steering app always has focus areas
        return
    decided = FocusArea.objects.for_year(year + 1).first()
    if decided:
        item.state = "done"
        item.note = str(decided.title)
    # The focus-area ballot only: the election meeting for next year's seats has that year too.
    ballot = (
        Ballot.objects.visible()
        .filter(year=year + 1, kind=BallotKind.FOCUS_AREA)
        .order_by("-opens_at")
        .first()
    )
    if ballot:
        item.links.append((str(ballot), _url("steering:ballot-detail", pk=ballot.pk), "sv"))
    if decided:
        return
    # "Senast i oktober": due from September, late once October is over.
    if today > _month_end(year, item.last_month):
        item.state = "late"
    elif today >= dt.date(year, item.first_month, 1):
        item.state = "due"
    elif ballot:
        item.state = "planned"


def _annual_report(item: CycleItem, year: int) -> None:
    """The report is the reports app's business (it depends on events, not the other way): link to it only."""
    item.state = "elsewhere"
    item.links.append((str(_("Årsrapporterna")), _url("reports:annualreport-list"), ""))


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def due_soon(today: dt.date | None = None, months: int = 2) -> list[CycleItem]:
    """The milestones whose window starts or runs within the coming `months` months and are not done."""
    today = today or timezone.localdate()
    result: list[CycleItem] = []
    for offset in range(months):
        year, month0 = divmod(today.month - 1 + offset, 12)
        year += today.year
        month = month0 + 1
        for item in year_cycle(year, today):
            seen = any(o.title == item.title and o.first_month == item.first_month for o in result)
            in_window = item.first_month <= month <= item.last_month
            late = item.state == "late" and year == today.year  # an overdue decision stays on the list
            if (in_window or late) and item.minimum == 1 and item.state != "done" and not seen:
                result.append(item)
    return result


# Another app (the annual report) may record that an event kind did not take place in a year ("inga
# Malmötimmar hölls", or an approved report, which is the year's account). It registers a callable
# year -> {event kind: note}; events never imports it.
_absence_sources: list[Callable[[int], dict[str, str]]] = []


def register_absence_source(source: Callable[[int], dict[str, str]]) -> None:
    """Let `source(year)` name the event kinds recorded as not held that year; their gaps are then closed."""
    if source not in _absence_sources:
        _absence_sources.append(source)


def declared_absences(year: int) -> dict[str, str]:
    absences: dict[str, str] = {}
    for source in _absence_sources:
        absences |= source(year)
    return absences


# Dated items of the year that other apps keep (the funding catalogue's application deadlines). A source is a
# callable year -> [{"day": date, "title": str, "url": str}]; the year overview lists them by day.
_dated_sources: list[Callable[[int], list[dict]]] = []


def register_dated_source(source: Callable[[int], list[dict]]) -> None:
    if source not in _dated_sources:
        _dated_sources.append(source)


def year_dated_items(year: int) -> list[dict]:
    items = [item for source in _dated_sources for item in source(year)]
    return sorted(items, key=lambda item: (item["day"], str(item["title"])))


NOT_RECORDED_PLURAL = {
    EventKind.DIALOGUE_FORUM: _("Inga dialogforum har registrerats för %(year)s"),
    EventKind.IDEA_WORKSHOP: _("Inga idéverkstäder har registrerats för %(year)s"),
    EventKind.TRAINING: _("Inga utbildningar har registrerats för %(year)s"),
    EventKind.MALMO_HOUR: _("Inga Malmötimmar har registrerats för %(year)s"),
    EventKind.LEARNING_LUNCH: _("Inga lärandeluncher har registrerats för %(year)s"),
}


def year_gaps(year: int, now: dt.datetime | None = None) -> list[dict]:
    """What is missing for the year, each as {"text": Swedish sentence, "url": where it is filled}.

    Per past event: participants (no individual records and no head count), topics of forums and workshops,
    presenters of Malmö hours, evaluations; per event kind of the cycle: none at all in a finished or running
    year, unless recorded as not held (register_absence_source). Three queries whatever the number of events.
    """
    now = now or timezone.now()
    events = list(
        Event.objects.in_year(year)
        .filter(status=EventStatus.PUBLISHED, ends_at__lt=now)
        .with_participation()
        .order_by("starts_at", "pk")
    )
    ids = [event.pk for event in events]
    with_topics = set(Topic.objects.filter(event__in=ids).values_list("event_id", flat=True))
    with_presenters = set(Presenter.objects.filter(event__in=ids).values_list("event_id", flat=True))
    absences = declared_absences(year)
    gaps = []
    for kind, text in NOT_RECORDED_PLURAL.items():
        # A kind can only be said to be missing once the year is over.
        if kind not in absences and year < now.year and not any(event.kind == kind for event in events):
            gaps.append({"text": str(text % {"year": year}), "url": _url("admin:events_event_add")})
    for event in events:
        label = _event_label(event)
        if event.participation()["source"] is None:
            gaps.append(
                {
                    "text": str(_("Deltagare har inte registrerats för %(event)s") % {"event": label}),
                    "url": _url("events:participant-list", pk=event.pk),
                }
            )
        if event.kind in (EventKind.DIALOGUE_FORUM, EventKind.IDEA_WORKSHOP) and event.pk not in with_topics:
            gaps.append(
                {
                    "text": str(_("Ämnen har inte registrerats för %(event)s") % {"event": label}),
                    "url": _url("events:topic-record", pk=event.pk),
                }
            )
        if event.kind == EventKind.MALMO_HOUR and event.pk not in with_presenters:
            gaps.append(
                {
                    "text": str(_("Medverkande har inte registrerats för %(event)s") % {"event": label}),
                    "url": _url("events:presenter-add", pk=event.pk),
                }
            )
        if not event.evaluation_summary()["n"]:
            gaps.append(
                {
                    "text": str(_("Utvärderingar har inte registrerats för %(event)s") % {"event": label}),
                    "url": _url("events:paper-evaluation-create", pk=event.pk),
                }
            )
    return gaps


def _event_label(event: Event) -> str:
    day = formats.date_format(timezone.localtime(event.starts_at).date(), "j F")
    return f"{event.kind_label} {day}"
