"""Seats in the steering group, and the STEERING_MEMBER role that follows them."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from collaboration.models import User
from collaboration.services.users import user_role_grant, user_role_revoke
from collaboration.shared.roles import ROLE_GROUPS, Role

from ..models import AuditAction, AuditEvent, Mandate


def _audit_mandate(mandate: Mandate, action: str, actor: User | None) -> None:
    """The seat is referenced by key; the text names no one, so erasing the account leaves nothing here."""
    parts = [mandate.get_side_display(), mandate.get_role_display()]
    if mandate.category:
        parts.append(mandate.get_category_display())
    detail = f"{', '.join(str(p) for p in parts)}, {mandate.starts_on}–{mandate.ends_on}"
    AuditEvent.objects.create(action=action, actor=actor, mandate=mandate, detail=detail)


def mandate_user_sync(*, user: User, today: dt.date | None = None) -> None:
    """Grant or revoke the steering member role of one person after their seats changed."""
    today = today or timezone.localdate()
    sits = Mandate.objects.active_on(today).filter(user=user).exists()
    has = user.groups.filter(name=ROLE_GROUPS[Role.STEERING_MEMBER]).exists()
    if sits and not has:
        user_role_grant(user=user, role=Role.STEERING_MEMBER)
    elif has and not sits:
        user_role_revoke(user=user, role=Role.STEERING_MEMBER)


@transaction.atomic
def mandate_create(
    *,
    user: User,
    side: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    role: str = "member",
    category: str = "",
    organisation=None,
    appointed_by: str = "",
    actor: User | None = None,
) -> Mandate:
    """A seat for a term (two years unless `ends_on` says otherwise); the person becomes a steering member."""
    if ends_on is None:
        ends_on = starts_on.replace(year=starts_on.year + 2) - dt.timedelta(days=1)
    mandate = Mandate(
        user=user,
        side=side,
        starts_on=starts_on,
        ends_on=ends_on,
        role=role,
        category=category,
        organisation=organisation,
        appointed_by=appointed_by,
    )
    mandate.full_clean()
    mandate.save()
    _audit_mandate(mandate, AuditAction.MANDATE_CREATED, actor)
    mandate_user_sync(user=user)
    return mandate


@transaction.atomic
def mandate_save(*, mandate: Mandate, actor: User | None, user_before_id: int | None = None) -> Mandate:
    """Save a seat as a coordinator's form (the admin's) leaves it. A new seat goes through `mandate_create`
    (its default term, audit entry and role); a changed one keeps the steering member role in step with the
    term, for the person who sits now and, when the form moved the seat to someone else (`user_before_id`), for
    the one who sat before."""
    if mandate._state.adding:
        created = mandate_create(
            user=mandate.user,
            side=mandate.side,
            starts_on=mandate.starts_on,
            ends_on=mandate.ends_on,
            role=mandate.role,
            category=mandate.category,
            organisation=mandate.organisation,
            appointed_by=mandate.appointed_by,
            actor=actor,
        )
        mandate.pk, mandate.ends_on = created.pk, created.ends_on
        mandate._state.adding = False
        return mandate
    mandate.full_clean()
    mandate.save()
    mandate_user_sync(user=mandate.user)  # a changed term may start or end the seat today
    if user_before_id is not None and user_before_id != mandate.user_id:
        for before in User.objects.filter(pk=user_before_id):
            mandate_user_sync(user=before)
    return mandate


@transaction.atomic
def mandate_end(*, mandate: Mandate, ends_on: dt.date | None = None, actor: User | None = None) -> Mandate:
    """End a seat early (resignation): by default the last day was yesterday, so the seat is empty today.

    The role goes when the person holds no other seat.
    """
    today = timezone.localdate()
    ends_on = ends_on or today - dt.timedelta(days=1)
    mandate.ends_on = max(min(ends_on, mandate.ends_on), mandate.starts_on)
    mandate.full_clean()
    mandate.save(update_fields=["ends_on"])
    _audit_mandate(mandate, AuditAction.MANDATE_ENDED, actor)
    mandate_user_sync(user=mandate.user, today=today)
    return mandate


def mandates_sync_roles(*, today: dt.date | None = None) -> dict:
    """Grant the role to everyone who sits today and revoke it from everyone who no longer does."""
    today = today or timezone.localdate()
    sitting = set(Mandate.objects.active_on(today).values_list("user_id", flat=True))
    holding = set(
        User.objects.filter(groups__name=ROLE_GROUPS[Role.STEERING_MEMBER]).values_list("pk", flat=True)
    )
    granted = revoked = 0
    for user in User.objects.filter(pk__in=sitting - holding):
        user_role_grant(user=user, role=Role.STEERING_MEMBER)
        granted += 1
    for user in User.objects.filter(pk__in=holding - sitting):
        user_role_revoke(user=user, role=Role.STEERING_MEMBER)
        revoked += 1
    return {"granted": granted, "revoked": revoked}
