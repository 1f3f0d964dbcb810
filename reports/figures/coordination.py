"""The coordinators' own work: needs and offers, matches, calls, the collaborations that grew out of each
dialogue forum. The spread of the year's events and partnerships over the participation matrix is counted in the
activities and partnerships sections, which load those rows anyway (base.level_spread)."""

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from collaboration.models import Membership, SupportEntry, SupportKind
from coordination.models import Call, Mailing, Posting
from events.models import Event, Registration

from .base import NOT_RECORDED, RECORDS, iso, year_range


def _forums(year: int) -> list[dict]:
    """Each dialogue forum of the year with the partnerships (created by the year's end) whose match began as
    one of its topics, in one query: the forum rows joined through topics and postings to the matches."""
    start, end = year_range(year)
    need = "topics__postings__matches_as_need__partnership"
    offer = "topics__postings__matches_as_offer__partnership"
    rows = (
        Event.objects.filter(kind="dialogforum", status="published", starts_at__gte=start, starts_at__lt=end)
        .order_by("starts_at", "pk")
        .values_list(
            "pk",
            "title",
            "starts_at",
            f"{need}__title",
            f"{need}__created_at",
            f"{offer}__title",
            f"{offer}__created_at",
        )
    )
    forums: dict[int, dict] = {}
    for pk, title, starts_at, *partnerships in rows:
        forum = forums.setdefault(
            pk, {"title": title, "starts_at": iso(starts_at.date()), "collaborations": set()}
        )
        for grown, created_at in (partnerships[:2], partnerships[2:]):
            if grown and created_at < end:
                forum["collaborations"].add(grown)
    return [
        {**forum, "collaborations": sorted(forum["collaborations"]), "count": len(forum["collaborations"])}
        for forum in forums.values()
    ]


def gather(year: int) -> dict:
    start, end = year_range(year)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    published = Q(status="published", reviewed_at__gte=start, reviewed_at__lt=end)
    matched = Q(matches_as_need__created_at__gte=start, matches_as_need__created_at__lt=end)
    # One query: the postings published in the year, and (through the needs) the matches made in it.
    counts = Posting.objects.aggregate(
        needs=Count("pk", filter=published & Q(kind="need"), distinct=True),
        offers=Count("pk", filter=published & Q(kind="offer"), distinct=True),
        matches=Count("matches_as_need", filter=matched, distinct=True),
        accepted=Count(
            "matches_as_need",
            filter=matched
            & Q(
                matches_as_need__need_accepted_at__isnull=False,
                matches_as_need__offer_accepted_at__isnull=False,
            ),
            distinct=True,
        ),
        partnerships=Count("matches_as_need__partnership", filter=matched, distinct=True),
    )
    calls = list(
        Call.objects.published()
        .filter(opens_on__lte=last, closes_on__gte=first)
        .annotate(offers=Count("postings", filter=Q(postings__status="published")))
        .order_by("opens_on", "pk")
    )
    # Requests for help with a funding application (the 2022 assignment), from the support log.
    funding_help = SupportEntry.objects.filter(
        kind=SupportKind.FUNDING, organisation__isnull=False, date__gte=first, date__lte=last
    ).count()
    # The newsletters and invitations sent in the year (the communication section).
    mailings = Mailing.objects.filter(status="sent", sent_at__gte=start, sent_at__lt=end).aggregate(
        n=Count("pk"), recipients=Sum("recipients_count")
    )
    # City staff at the year's events as their committee or department, told apart by the role on their
    # membership (the 2021 evaluation asked for more politicians and officials alike); distinct people.
    city_role = Membership.objects.filter(
        user=OuterRef("user"), organisation=OuterRef("organisation"), confirmed_at__isnull=False
    ).values("city_role")[:1]
    city_staff = {
        row["role"] or "": row["n"]
        for row in Registration.objects.filter(
            event__status="published",
            event__starts_at__gte=start,
            event__starts_at__lt=end,
            organisation__sector="city",
            status__in=("confirmed", "attended"),
        )
        .annotate(role=Subquery(city_role))
        .values("role")
        .annotate(n=Count("email", distinct=True))
        .order_by()
    }
    recorded = any((counts["needs"], counts["offers"], counts["matches"], calls, funding_help))
    return {
        "needs": counts["needs"],
        "offers": counts["offers"],
        "matches": counts["matches"],
        "matches_accepted": counts["accepted"],
        "matches_to_partnerships": counts["partnerships"],
        "funding_help": funding_help,
        "city_politicians": city_staff.get("politician", 0),
        "city_officials": city_staff.get("official", 0),
        "city_unknown_role": city_staff.get("", 0),
        "mailings": mailings["n"],
        "mailing_recipients": mailings["recipients"] or 0,
        "source": RECORDS if recorded else NOT_RECORDED,
        "calls": [
            {
                "title": call.title,
                "opens_on": iso(call.opens_on),
                "closes_on": iso(call.closes_on),
                "offers": call.offers,
            }
            for call in calls
        ],
        "forums": _forums(year),
    }
