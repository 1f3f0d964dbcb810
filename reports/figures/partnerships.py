"""Partnerships (IOP and projects) of the year: new, signed, running, with their parties and purpose."""

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q

from collaboration.models import (
    DecisionReference,
    Partnership,
    PartnershipForm,
    PartnershipParty,
    PartnershipStage,
)

from .base import iso, level_spread

AGREED = ("signed", "running", "ended")


def stage_at(partnership, day: dt.date) -> str:
    """The partnership's stage as it stood on `day`: from its recorded history where the model keeps one
    (`with_stage_on`), otherwise from its dates (signed, started, ended), never today's stage for a past year."""
    if getattr(partnership, "stage_on_date", None):
        return partnership.stage_on_date
    if partnership.stage in AGREED:
        if partnership.ends_on and partnership.ends_on <= day:
            return "ended"
        if partnership.starts_on and partnership.starts_on <= day:
            return "running"
        if partnership.signed_on and partnership.signed_on <= day:
            return "signed" if partnership.starts_on and partnership.starts_on > day else "running"
        return "dialogue"
    return partnership.stage


def gather(year: int) -> dict:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    new = Q(commissioned_on__year=year) | Q(commissioned_on__isnull=True, created_at__year=year)
    signed = Q(signed_on__year=year)
    running = (
        Q(stage__in=AGREED)
        & (Q(starts_on__lte=last) | Q(starts_on__isnull=True, signed_on__lte=last))
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))
    )
    in_dialogue = Q(stage__in=("commissioned", "dialogue")) & (
        Q(commissioned_on__lte=last) | Q(commissioned_on__isnull=True, created_at__year__lte=year)
    )
    partnerships = (
        Partnership.objects.filter(new | signed | running | in_dialogue)
        .prefetch_related(
            Prefetch(
                "parties", queryset=PartnershipParty.objects.select_related("organisation").order_by("pk")
            ),
            Prefetch("decisions", queryset=DecisionReference.objects.order_by("decided_on", "pk")),
        )
        .order_by("title")
    )
    if hasattr(partnerships, "with_stage_on"):
        partnerships = partnerships.with_stage_on(last)
    form_labels = dict(PartnershipForm.choices)
    stage_labels = dict(PartnershipStage.choices)
    rows: list[dict[str, Any]] = []
    for partnership in partnerships:
        created = partnership.commissioned_on or partnership.created_at.date()
        is_running = partnership.stage in AGREED and (
            (partnership.starts_on or partnership.signed_on or last) <= last
            and (partnership.ends_on is None or partnership.ends_on >= first)
        )
        rows.append(
            {
                "title": partnership.title,
                "form": partnership.form,
                "form_label": str(form_labels[partnership.form]),
                "level": partnership.level,
                "purpose": partnership.purpose,
                "stage": stage_at(partnership, last),
                "stage_label": str(stage_labels[stage_at(partnership, last)]),
                "new": created.year == year,
                "signed": bool(partnership.signed_on and partnership.signed_on.year == year),
                "running": is_running,
                "signed_on": iso(partnership.signed_on),
                "starts_on": iso(partnership.starts_on),
                "ends_on": iso(partnership.ends_on),
                "parties": [
                    {"name": party.organisation.name, "side": str(party.get_side_display())}
                    for party in partnership.parties.all()
                ],
                "decisions": [decision.diarienummer for decision in partnership.decisions.all()],
            }
        )
    return {
        "partnerships": rows,
        "new": sum(1 for row in rows if row["new"]),
        "signed": sum(1 for row in rows if row["signed"]),
        "running": sum(1 for row in rows if row["running"]),
        "iop": sum(1 for row in rows if row["form"] == "iop"),
        # IOP agreements are counted apart from other projects, as the city office's memo does.
        "running_iop": sum(1 for row in rows if row["running"] and row["form"] == "iop"),
        "running_other": sum(1 for row in rows if row["running"] and row["form"] != "iop"),
        "running_iop_titles": [row["title"] for row in rows if row["running"] and row["form"] == "iop"],
        "running_other_titles": [row["title"] for row in rows if row["running"] and row["form"] != "iop"],
        "levels": level_spread(
            {
                level: sum(1 for row in rows if row["level"] == level)
                for level in {row["level"] for row in rows}
            }
        ),
    }
