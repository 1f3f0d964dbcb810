"""What is still missing for a report's year, listed on the report's page before a version is generated.

The year's event gaps come from the events app's year overview (`events.yearplan.year_gaps`, the same words
as /evenemang/aret/); the report adds its own: figures that only the coordinators can enter.
"""

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from events import yearplan
from events.models import EventKind

from .models import NOT_HELD, AnnualReport, ReportVersion

# The report's "not held" flags, as the event kinds the year overview knows.
NOT_HELD_KINDS = {
    "dialogue_forums": EventKind.DIALOGUE_FORUM,
    "workshops": EventKind.IDEA_WORKSHOP,
    "trainings": EventKind.TRAINING,
    "malmo_hours": EventKind.MALMO_HOUR,
    "learning_lunches": EventKind.LEARNING_LUNCH,
}


def absences(year: int) -> dict[str, str]:
    """Event kinds recorded as not held in the year: {kind: note}, for the year overview (its gap list, and
    whether a milestone with no events "was not held" or has nothing recorded). Those the report marks as not
    held; once a version is approved, every kind: the approved report is the year's account, and what it does
    not count did not take place."""
    approved = Exists(ReportVersion.objects.approved().filter(report=OuterRef("pk")))
    report = AnnualReport.objects.filter(year=year).annotate(approved=approved).first()  # one query
    if report is None:
        return {}
    flagged: dict[str, str] = {
        NOT_HELD_KINDS[key]: _flag_label(NOT_HELD[key]) for key in report.not_held() if key in NOT_HELD_KINDS
    }
    if not report.approved:
        return flagged
    note = str(_("enligt den godkända årsrapporten"))
    return dict.fromkeys(map(str, NOT_HELD_KINDS.values()), note) | flagged


def _flag_label(name: str) -> str:
    """The verbose name of a "not held" flag, which says it in words ("inga dialogforum hölls")."""
    field = AnnualReport._meta.get_field(name)
    assert isinstance(field, models.Field), "the not-held flags are the report's own columns, not relations"
    return str(field.verbose_name)


def report_checklist(report: AnnualReport, figures: dict) -> list[dict]:
    """[{"text", "url"}]: the year overview's gaps, then the report's own (costs, channels, Nobel 21)."""
    year_gaps = getattr(yearplan, "year_gaps", None)
    items = list(year_gaps(report.year)) if year_gaps else []
    edit = reverse("reports:annualreport-update", kwargs={"year": report.year})
    if not report.finance_lines.filter(kind="expense").exists():
        items.append(
            {"text": _("Inga kostnader har registrerats för %(year)s") % {"year": report.year}, "url": edit}
        )
    if not report.channels.exists() and not report.communication:
        items.append(
            {
                "text": _("Inga uppgifter om kommunikationen har registrerats för %(year)s")
                % {"year": report.year},
                "url": edit,
            }
        )
    if figures["nobel21"]["source"] is None:
        items.append(
            {
                "text": _("Inga uppgifter om Nobel 21 har registrerats för %(year)s") % {"year": report.year},
                "url": _nobel21_url(),
            }
        )
    elif figures["nobel21"]["recorded_months"] < 12:
        items.append(
            {
                "text": _("Nobel 21: uppgifter saknas för %(n)s månader %(year)s")
                % {"n": 12 - figures["nobel21"]["recorded_months"], "year": report.year},
                "url": _nobel21_url(),
            }
        )
    return items


def _nobel21_url() -> str:
    from django.urls import NoReverseMatch

    for name in ("nobel21-statistics", "admin:collaboration_booking_changelist"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return reverse("admin:index")
