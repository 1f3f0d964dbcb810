"""The steering group: its members during the year by side, its meetings and whether each was quorate."""

import datetime as dt
from collections import Counter

from collaboration.models import CivilSocietyCategory
from steering.models import Mandate, MandateRole, Meeting, Side

from .base import LOCAL, iso, year_range

VOTING_ROLES = ("member", "chair")
# How the report names each side in running text ("3 ledamöter från Malmö stad och 5 från idéburen sektor").
SIDE_PHRASES = {"city": "Malmö stad", "civil_society": "idéburen sektor"}


def gather(year: int) -> dict:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    mandates = list(
        Mandate.objects.filter(starts_on__lte=last, ends_on__gte=first)
        .select_related("user", "organisation")
        .order_by("side", "user__last_name", "user__first_name", "pk")
    )
    start, end = year_range(year)
    meetings = list(Meeting.objects.filter(held_at__gte=start, held_at__lt=end).order_by("held_at"))
    present: dict[int, set[int]] = {meeting.pk: set() for meeting in meetings}
    through = Meeting.attendees.through
    for meeting_id, mandate_id in through.objects.filter(meeting__in=list(present)).values_list(
        "meeting_id", "mandate_id"
    ):
        present[meeting_id].add(mandate_id)

    side_labels = dict(Side.choices)
    role_labels = dict(MandateRole.choices)
    category_labels = dict(CivilSocietyCategory.choices)
    members = [
        {
            "name": mandate.user.get_full_name() or mandate.user.email.split("@")[0],
            "side": mandate.side,
            "side_label": str(side_labels[mandate.side]),
            "role": mandate.role,
            "role_label": str(role_labels[mandate.role]),
            "voting": mandate.role in VOTING_ROLES,
            "category": str(category_labels.get(mandate.category, "")) if mandate.category else "",
            "organisation": mandate.organisation.name if mandate.organisation is not None else "",
            "appointed_by": mandate.appointed_by,
            "starts_on": iso(mandate.starts_on),
            "ends_on": iso(mandate.ends_on),
        }
        for mandate in mandates
    ]
    meeting_rows = []
    for meeting in meetings:
        day = meeting.held_at.astimezone(LOCAL).date()
        voting = {m.pk for m in mandates if m.role in VOTING_ROLES and m.starts_on <= day <= m.ends_on}
        here = len(present[meeting.pk] & voting)
        meeting_rows.append(
            {
                "date": iso(day),
                "title": meeting.title,
                "seats": len(voting),
                "present": here,
                "quorate": bool(voting) and here * 2 > len(voting),
            }
        )
    # Seats at the end of the year (or the last day a mandate ran), the figure the report gives per side.
    voting_by_side = Counter(m["side"] for m in members if m["voting"])
    return {
        "members": members,
        "voting_members_by_side": {
            SIDE_PHRASES.get(side, str(side_labels[side])): voting_by_side.get(side, 0)
            for side in side_labels
        },
        "co_opted": [m["name"] for m in members if not m["voting"]],
        "meetings": meeting_rows,
        "meeting_count": len(meeting_rows),
        "quorate_meetings": sum(1 for row in meeting_rows if row["quorate"]),
    }
