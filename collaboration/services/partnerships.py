"""Partnerships: moving them through the pipeline, their documents and the coordinators' support log."""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Organisation,
    Partnership,
    PartnershipDocument,
    PartnershipParty,
    PartnershipStage,
    StageChange,
    SupportEntry,
    User,
)
from ..models.partnerships import VISIBLE_STAGES
from ..shared.access_rules import VisibilityRule
from ..shared.roles import is_coordinator

# Signed, running and ended partnerships are public; the others only coordinators see.
partnership_visibility = VisibilityRule(
    Partnership, lambda user: Q() if is_coordinator(user) else Q(stage__in=VISIBLE_STAGES)
)


def get_partnership_for_user(user, pk) -> Partnership:
    """The partnership if the user may see it (`partnership_visibility`), 404 otherwise."""
    return partnership_visibility.get(Partnership.objects.with_parties(), user, pk=pk)


def documents_visible_to(user, partnership: Partnership) -> bool:
    """Whether the user may read the documents of a partnership they may see (`get_partnership_for_user`):
    coordinators, and those who act for one of its parties (`Organisation.objects.acted_for_by`)."""
    if is_coordinator(user):
        return True
    return partnership.parties.filter(organisation__in=Organisation.objects.acted_for_by(user)).exists()


def get_document_for_user(user, pk) -> PartnershipDocument:
    """A document the user may download: of a partnership the user may see, with its documents visible to
    them. 404 for missing and forbidden alike, so a partnership in preparation shows nothing."""
    try:
        document = PartnershipDocument.objects.get(pk=pk)
    except (PartnershipDocument.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    partnership = get_partnership_for_user(user, document.partnership_id)
    if not documents_visible_to(user, partnership):
        raise Http404
    document.partnership = partnership
    return document


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@transaction.atomic
def partnership_create(
    *,
    created_by: User,
    title: str,
    form: str,
    purpose: str,
    level: str,
    parties: Sequence[tuple] = (),
    commissioned_on: dt.date | None = None,
    next_step: str = "",
    website: str = "",
) -> Partnership:
    """A new partnership at the start of the pipeline; `parties` are (organisation, side, contribution).
    Its time in the first stage counts from `commissioned_on` when given (history entered afterwards)."""
    started = _noon(commissioned_on) if commissioned_on else timezone.now()
    partnership = Partnership(
        stage_changed_at=started,
        website=website,
        title=title,
        form=form,
        purpose=purpose,
        level=level,
        commissioned_on=commissioned_on,
        next_step=next_step,
    )
    partnership.full_clean()
    partnership.save()
    for organisation, side, contribution in parties:
        party = PartnershipParty(
            partnership=partnership, organisation=organisation, side=side, contribution=contribution
        )
        party.full_clean()
        party.save()
    _first_stage_record(partnership, created_by=created_by, changed_at=started)
    return partnership


def _first_stage_record(partnership: Partnership, *, created_by: User, changed_at: dt.datetime) -> None:
    """A new partnership's history starts with the stage it was entered in, on the day it was commissioned."""
    StageChange.objects.create(
        partnership=partnership,
        from_stage="",
        to_stage=partnership.stage,
        changed_at=changed_at,
        happened_on=partnership.commissioned_on or timezone.localdate(changed_at),
        changed_by=created_by,
    )


@transaction.atomic
def partnership_save(
    *, partnership: Partnership, saved_by: User, stage_before: str | None, changed_on: dt.date | None = None
) -> Partnership:
    """Save a partnership as a coordinator's form (the admin's) leaves it, with the pipeline's rules: a new one
    records its first stage; a stage changed from `stage_before` goes through `partnership_stage_change` (its
    order, its reason for stopping, its dates and history), so the form can never set the stage directly."""
    adding = partnership._state.adding
    new_stage = partnership.stage
    moving = not adding and stage_before is not None and stage_before != new_stage
    if moving and stage_before is not None:
        partnership.stage = stage_before
    partnership.save()
    if adding:
        _first_stage_record(partnership, created_by=saved_by, changed_at=timezone.now())
    elif moving:
        partnership_stage_change(
            partnership=partnership,
            stage=new_stage,
            changed_by=saved_by,
            reason=partnership.stopped_reason,
            changed_on=changed_on,
        )
        partnership.refresh_from_db()
    return partnership


def check_stage_day(partnership: Partnership, day: dt.date) -> None:
    """Raise ValidationError (in Swedish) unless a stage change may be dated `day`: not in the future, not
    before the partnership's own start, not before its latest recorded change."""
    if day > timezone.localdate():
        raise ValidationError(_("Datumet kan inte ligga i framtiden."), code="future")
    start = partnership.earliest_stage_day()
    if start and day < start:
        raise ValidationError(
            _("Datumet kan inte ligga före uppdraget gavs (%(day)s)."),
            code="before_start",
            params={"day": start},
        )
    latest = partnership.stage_changes.exclude(happened_on__isnull=True).order_by("-happened_on").first()
    if latest and latest.happened_on and day < latest.happened_on:
        raise ValidationError(
            _("Datumet kan inte ligga före föregående stegbyte (%(day)s)."),
            code="before_previous",
            params={"day": latest.happened_on},
        )


@transaction.atomic
def partnership_stage_change(
    *,
    partnership: Partnership,
    stage: str,
    changed_by: User | None,
    reason: str = "",
    next_step: str | None = None,
    changed_on: dt.date | None = None,
) -> Partnership:
    """Move a partnership one step along the pipeline (or stop it, with a reason) and record who and when.

    A change that skips a stage raises ValidationError and changes nothing. Signing and starting fill
    the matching date when it is empty; `changed_on` is the day the change happened (default today) for
    history entered afterwards, checked by `check_stage_day`.
    """
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    partnership.check_stage_change(stage, reason)
    now = timezone.now()
    day = changed_on or timezone.localdate(now)
    check_stage_day(partnership, day)
    when = _noon(changed_on) if changed_on else now
    previous = partnership.stage
    partnership.stage = stage
    partnership.stage_changed_at = when
    fields = ["stage", "stage_changed_at"]
    if stage == PartnershipStage.STOPPED:
        partnership.stopped_reason = reason.strip()
        fields.append("stopped_reason")
    date_fields: dict[str, str] = {
        PartnershipStage.SIGNED: "signed_on",
        PartnershipStage.RUNNING: "starts_on",
        PartnershipStage.ENDED: "ends_on",
    }
    date_field = date_fields.get(stage)
    if date_field and getattr(partnership, date_field) is None:
        setattr(partnership, date_field, timezone.localdate(when))
        fields.append(date_field)
    if next_step is not None:
        partnership.next_step = next_step
        fields.append("next_step")
    partnership.full_clean()
    partnership.save(update_fields=fields)
    StageChange.objects.create(
        partnership=partnership,
        from_stage=previous,
        to_stage=stage,
        changed_at=now,
        happened_on=day,
        changed_by=changed_by,
        note=reason.strip(),
    )
    return partnership


@transaction.atomic
def partnership_document_add(
    *, partnership: Partnership, title: str, file, uploaded_by: User | None
) -> PartnershipDocument:
    """Store an uploaded PDF or Office document (checked by extension, content and size) under MEDIA_ROOT."""
    document = PartnershipDocument(partnership=partnership, title=title, file=file, uploaded_by=uploaded_by)
    document.full_clean(exclude=["original_name", "content_type"])
    document.describe_file()
    document.save()
    return document


@transaction.atomic
def support_entry_add(
    *, partnership: Partnership, coordinator: User, kind: str, description: str, date: dt.date | None = None
) -> SupportEntry:
    entry = SupportEntry(
        partnership=partnership,
        coordinator=coordinator,
        kind=kind,
        description=description,
        date=date or timezone.localdate(),
    )
    entry.full_clean()
    entry.save()
    return entry


def pipeline_rows():
    """Partnerships still in the pipeline, grouped by stage in pipeline order, with days in stage."""
    from ..models.partnerships import PIPELINE

    today = timezone.now()
    rows = Partnership.objects.with_parties().order_by("stage_changed_at")
    grouped: dict[str, list] = {stage: [] for stage in [*PIPELINE, PartnershipStage.STOPPED]}
    for partnership in rows:
        partnership.days_in_stage = (today - partnership.stage_changed_at).days
        grouped[partnership.stage].append(partnership)
    return [(PartnershipStage(stage), grouped[stage]) for stage in grouped]
