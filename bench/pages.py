"""The key pages the benchmark loads, by URL name, and how to fill in their URL arguments from the data set.

A page whose URL name does not exist yet is reported as "not available yet". Each entry lists the URL
names it may have (the first that resolves wins), the persona it is loaded as (None: anonymous), and a
function giving candidate values for the URL's arguments, read from the data set in the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, get_resolver, reverse
from django.utils import timezone


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    url_names: tuple[str, ...]
    persona: str | None = None
    arguments: Callable[[], dict] | None = None


def _model(app_label: str, name: str):
    from django.apps import apps

    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _field_names(model) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def read_event():
    """The published dialogue forum with the most sign-ups, of those to come if there are any: the fullest
    event page (places, topics) that sign-ups and cancellations can still reach (the read/write mix)."""
    event_model = _model("events", "Event")
    if event_model is None:
        return None
    events = event_model.objects.all()
    names = _field_names(event_model)
    if "status" in names:
        events = events.filter(status="published")
    if "kind" in names and events.filter(kind="dialogforum").exists():
        events = events.filter(kind="dialogforum")
    if events.filter(starts_at__gt=timezone.now()).exists():
        events = events.filter(starts_at__gt=timezone.now())
    if "registrations" in names:
        from django.db.models import Count

        events = events.annotate(_n=Count("registrations")).order_by("-_n", "pk")
    else:
        events = events.order_by("pk")
    return events.first()


def _event_arguments() -> dict:
    event = read_event()
    if event is None:
        return {}
    return {"pk": event.pk, "event_id": event.pk, "id": event.pk, "slug": getattr(event, "slug", None)}


def read_room():
    """The busiest room."""
    from django.db.models import Count

    from collaboration.models import Room

    return Room.objects.annotate(_n=Count("bookings")).order_by("-_n", "pk").first()


def _room_arguments() -> dict:
    """The busiest room, this week."""
    room = read_room()
    today = timezone.localdate()
    iso = today.isocalendar()
    monday = today - dt.timedelta(days=today.weekday())
    if room is None:
        return {}
    return {
        "pk": room.pk,
        "room_id": room.pk,
        "id": room.pk,
        "slug": getattr(room, "slug", None),
        "year": iso.year,
        "week": iso.week,
        "date": monday.isoformat(),
        "day": monday.isoformat(),
    }


def _ballot_arguments() -> dict:
    ballot_model = _model("steering", "Ballot")
    if ballot_model is None:
        return {}
    ballot = ballot_model.objects.order_by("-pk").first()
    if ballot is None:
        return {}
    return {"pk": ballot.pk, "ballot_id": ballot.pk, "id": ballot.pk}


def _report_arguments() -> dict:
    """Last year's report: a complete year, as officials read it."""
    year = timezone.localdate().year - 1
    report_model = _model("reports", "AnnualReport")
    arguments = {"year": year}
    if report_model is not None:
        report = report_model.objects.filter(year=year).first()
        if report is not None:
            arguments.update(pk=report.pk, report_id=report.pk, id=report.pk)
    return arguments


def _personal_feed_arguments() -> dict:
    """The representative's own calendar feed (its secret made on the first request, as the page does)."""
    from collaboration.models import User

    from .dataset import PERSONA_EMAILS

    if _model("events", "PersonalCalendarToken") is None:
        return {}
    from events.services.mine import personal_calendar_token_for

    user = User.objects.filter(email=PERSONA_EMAILS["representative"]).first()
    return {"token": personal_calendar_token_for(user=user).token} if user else {}


PAGES = [
    Page("home", "Startsida", ("home",)),
    Page("event_list", "Evenemang (lista)", ("events:event-list", "event-list", "events:event_list")),
    Page(
        "event_detail",
        "Evenemang (sida)",
        ("events:event-detail", "event-detail", "events:event_detail"),
        arguments=_event_arguments,
    ),
    Page(
        "room_week",
        "Nobel 21, veckovy",
        (
            "collaboration:room-week",
            "room-week",
            "rooms:room-week",
            "collaboration:room-week-current",
            "collaboration:room-detail",
            "room-detail",
        ),
        persona="representative",
        arguments=_room_arguments,
    ),
    Page(
        "steering_group",
        "Styrgruppen",
        (
            "steering:group-detail",
            "steering:group",
            "steering:steering-group",
            "steering-group",
            "steering:index",
        ),
        persona="steering_member",
    ),
    Page(
        "ballot",
        "Omröstning",
        ("steering:ballot-detail", "ballot-detail", "steering:ballot"),
        persona="steering_member",
        arguments=_ballot_arguments,
    ),
    Page(
        "annual_report",
        "Årsrapport",
        ("reports:annualreport-detail", "reports:report-detail"),
        persona="city_official",
        arguments=_report_arguments,
    ),
    Page(
        "organisation_directory",
        "Organisationer",
        ("organisation-directory", "collaboration:organisation-directory"),
    ),
    Page("my_pages", "Mina sidor", ("my-pages",), persona="representative"),
    Page(
        "my_calendar_feed",
        "Min kalender (prenumeration)",
        ("my-calendar-feed",),
        arguments=_personal_feed_arguments,
    ),
]


def _url_name_exists(name: str) -> bool:
    try:
        return bool(_possibilities(name))
    except KeyError:
        return False


def resolve(page: Page) -> tuple[str, str] | None:
    """(URL name, path) of the page, or None if none of its URL names exists yet.

    A name exists but cannot be reversed (its arguments are not in the data set) raises NoReverseMatch,
    which the harness reports rather than silently skipping a page that exists.
    """
    names = [n for n in page.url_names if _url_name_exists(n)]
    if not names:
        return None
    candidates = {k: v for k, v in (page.arguments() if page.arguments else {}).items() if v is not None}
    error = None
    for name in names:
        try:
            return name, reverse(name)
        except NoReverseMatch as exc:
            error = exc
        # Try every subset of the candidate arguments the URL pattern takes.
        for possibility, _pattern, _defaults, _converters in _possibilities(name):
            for _format, params in possibility:
                if all(p in candidates for p in params):
                    try:
                        return name, reverse(name, kwargs={p: candidates[p] for p in params})
                    except NoReverseMatch as exc:
                        error = exc
    raise NoReverseMatch(f"{page.label}: {names} exist but no arguments from the data set fit ({error})")


def _possibilities(name: str) -> list:
    resolver = get_resolver()
    namespace, _, rest = name.rpartition(":")
    for part in filter(None, namespace.split(":")):
        resolver = resolver.namespace_dict[part][1]
    return resolver.reverse_dict.getlist(rest)
