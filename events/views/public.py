"""Pages anyone can read: the home page's coming events, the lists, the month calendar, the event page."""

import calendar
import datetime as dt
from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from collaboration.shared import fragments
from collaboration.shared.query import PageQueryForm, QueryForm, reads_query
from collaboration.shared.roles import is_coordinator
from steering.models import FocusArea

from ..access import get_event_for_user
from ..forms import CalendarQueryForm, EventFilterForm, TopicForm
from ..ics import event_ics, events_ics
from ..models import PLACE_HOLDING, Event, EventKind, PlaceKind, RegistrationStatus, Session
from ..services.events import TOPIC_KINDS, evaluation_summary, event_statistics
from ..services.registrations import registration_for_user
from ..wheel import year_wheel
from ..yearplan import year_cycle

PAGE_SIZE = 20


class _HomeContent:
    """The home page's focus areas, coming events and yearly cycle, queried only when its cached block is rendered afresh."""

    def __init__(self, now: dt.datetime):
        self.now = now
        self.year = timezone.localdate(now).year

    @cached_property
    def _focus_areas(self) -> list:
        """This year's and next year's focus areas in one query (next year's exist once the steering group has
        decided them at its October meeting)."""
        return list(FocusArea.objects.for_year(self.year) | FocusArea.objects.for_year(self.year + 1))

    @property
    def focus_areas(self) -> list:
        return [area for area in self._focus_areas if area.applies_to(self.year)]

    @property
    def next_focus_areas(self) -> list:
        """Next year's, unless they are this year's too (an area spanning both years is shown once)."""
        return [
            area
            for area in self._focus_areas
            if area.applies_to(self.year + 1) and not area.applies_to(self.year)
        ]

    @property
    def next_year(self) -> int:
        return self.year + 1

    @cached_property
    def coming_events(self):
        events = Event.objects.upcoming(self.now).published().with_places_taken()
        return events.select_related("focus_area")[:5]

    @cached_property
    def wheel(self):
        today = timezone.localdate(self.now)
        return year_wheel(year_cycle(self.year, today), today)


def home(request):
    # To the minute: what is still to come, in the query and in the cached copy's key.
    minute = fragments.this_minute()
    return render(request, "pages/home.html", {"minute": minute, "content": _HomeContent(minute)})


def _filtered(events, form: EventFilterForm):
    if not form.is_valid():
        return events
    data = form.cleaned_data
    if data["kind"]:
        events = events.filter(kind=data["kind"])
    if data["month"]:
        year, month = (int(part) for part in data["month"].split("-"))
        events = events.filter(starts_at__year=year, starts_at__month=month)
    if data["focus_area"]:
        events = events.filter(focus_area_id=data["focus_area"])
    if data["place"] == "online":
        events = events.filter(place_kind=PlaceKind.ONLINE)
    elif data["place"] == "in_person":
        events = events.exclude(place_kind=PlaceKind.ONLINE)
    return events


class _Listing:
    """The filter form, the page and its events of the list, worked out only when the template renders them:
    a cached copy of the list (per validated filters, page and minute) costs no query.

    The parameters are validated first, without a query (the focus areas' ids come from this process's copy
    of the events version): a value the form would refuse is dropped, and the visitor is told so outside the
    cached block, so that neither a key nor a cached copy holds anything a visitor typed unchecked."""

    def __init__(self, data, now):
        self.now = now
        form = EventFilterForm(data, focus_areas=())
        form.is_valid()
        clean = {
            name: form.cleaned_data[name]
            for name in ("kind", "month", "place")
            if name not in form.errors and form.cleaned_data.get(name)
        }
        area = data.get("focus_area", "")
        if area and area in fragments.remembered("events", "focus-area-ids", _focus_area_ids):
            clean["focus_area"] = area
        number = data.get("sida", "")
        self.number = int(number) if number.isdigit() and len(number) <= 6 else None
        self.refused = any(
            data.get(name) and name not in clean for name in ("kind", "month", "place", "focus_area")
        )
        self.clean = clean
        # The pager repeats them; with the page number, the cached copy's key.
        self.filters = urlencode(clean)
        self.key = f"{self.filters}|{self.number or ''}"

    @cached_property
    def form(self) -> EventFilterForm:
        return EventFilterForm(self.clean or None, focus_areas=FocusArea.objects.all())

    @cached_property
    def _page_and_events(self):
        events = Event.objects.upcoming(self.now)
        if self.clean:  # the form (with the focus areas' query) only for filters it has to apply
            events = _filtered(events, self.form)
        return _page_with_places(events, self.number)

    @property
    def page(self):
        return self._page_and_events[0]

    @property
    def events(self):
        return self._page_and_events[1]


@reads_query(EventFilterForm, PageQueryForm)
def event_list(request):
    minute = fragments.this_minute()
    listing = _Listing(request.GET, minute)
    if listing.refused:
        messages.warning(request, QueryForm.invalid_message)
    return render(request, "events/event_list.html", {"minute": minute, "listing": listing})


def _focus_area_ids() -> frozenset[str]:
    return frozenset(str(pk) for pk in FocusArea.objects.values_list("pk", flat=True))


def _page_with_places(events, number):
    """The page, counted on the plain queryset (a count over the annotated one joins every registration),
    and the page's events with their places taken."""
    page = Paginator(events, PAGE_SIZE).get_page(number)
    start = page.start_index()
    shown = events.with_places_taken().select_related("focus_area")[max(start - 1, 0) : page.end_index()]
    return page, shown


@reads_query(PageQueryForm)
def event_past(request):
    events = Event.objects.past().select_related("focus_area").with_places_taken()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(request, "events/event_past.html", {"page": page, "events": page.object_list})


@reads_query(CalendarQueryForm)
def event_calendar(request):
    first = CalendarQueryForm.parse(request).get("manad") or timezone.localdate().replace(day=1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    events = Event.objects.visible().filter(
        starts_at__date__gte=weeks[0][0], starts_at__date__lte=weeks[-1][-1]
    )
    by_day: dict[dt.date, list[Event]] = {}
    for event in events.order_by("starts_at"):
        by_day.setdefault(timezone.localdate(event.starts_at), []).append(event)
    context = {
        "month": first,
        "previous": (first - dt.timedelta(days=1)).replace(day=1),
        "next": (first + dt.timedelta(days=32)).replace(day=1),
        "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
    }
    return render(request, "events/event_calendar.html", context)


class _EventContent:
    """What the event page shows from its cached blocks, queried only when a block is rendered afresh."""

    def __init__(self, event: Event):
        self.event = event

    @cached_property
    def _counts(self) -> dict:
        return self.event.registrations.aggregate(
            taken=Count("pk", filter=Q(status__in=PLACE_HOLDING)),
            waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        )

    @property
    def places_left(self) -> int:
        return self.event.places_left(self._counts["taken"])

    @property
    def waiting_count(self) -> int:
        return self._counts["waiting"]

    @cached_property
    def presenters(self):
        return self.event.presenters.all()

    @cached_property
    def organisers(self):
        return self.event.organisers.only("name")

    @cached_property
    def sessions(self):
        return Session.objects.filter(event=self.event)

    @cached_property
    def topics(self):
        return self.event.topics.annotate(participant_count=Count("participants")).select_related(
            "carried_to"
        )

    @cached_property
    def carried_topics(self):
        """The forums' topics carried on to this idea workshop, each linking back to where it was raised (only a
        workshop receives them: no query for other events)."""
        if self.event.kind != EventKind.IDEA_WORKSHOP:
            return []
        return self.event.carried_topics.select_related("event").order_by("event__starts_at", "pk")


def event_detail(request, pk: int):
    # One read of the version, for the event row and the page's cached blocks alike: this event's, which a
    # sign-up to another event leaves as it is.
    version = fragments.version("event-page", key=pk)
    event = get_event_for_user(request.user, pk, version=version)
    context = {
        "events_version": version,
        "event": event,
        "content": _EventContent(event),
        "signup_refusal": event.signup_refusal(),
        "my_registration": registration_for_user(request.user, event),
        "is_coordinator": is_coordinator(request.user),
        "has_topics": event.kind in TOPIC_KINDS,
    }
    # Only those who may propose a topic see the form.
    if context["has_topics"] and (context["my_registration"] or context["is_coordinator"]):
        context["topic_form"] = TopicForm()
    if context["is_coordinator"]:
        context["statistics"] = event_statistics(event)
        context["evaluation"] = evaluation_summary(event)
    return render(request, "events/event_detail.html", context)


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_feed(request):
    since = timezone.now() - dt.timedelta(days=90)
    events = (
        Event.objects.published()
        .filter(ends_at__gte=since)
        .select_related("room")
        .prefetch_related("sessions")
    )
    return _ics_response(events_ics(events), "malmoandan.ics")


def event_ics_download(request, pk: int):
    event = get_event_for_user(request.user, pk)
    return _ics_response(event_ics(event), f"malmoandan-{event.pk}.ics")
