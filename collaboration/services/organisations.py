"""Organisations and the people in them: joining, registering, confirming, merging duplicates."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Membership, MembershipRole, Organisation, User
from ..shared.roles import ROLE_GROUPS, Role, is_coordinator, user_roles
from .users import email_send, user_role_grant, user_role_revoke


def get_organisation_for_user(user, pk, *, manage: bool = False) -> Organisation:
    """The organisation if the user is a coordinator or a confirmed member; with `manage`, a confirmed
    representative. 404 for missing and forbidden alike."""
    if not user.is_authenticated:
        raise Http404
    try:
        organisation = Organisation.objects.get(pk=pk)
    except (Organisation.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if is_coordinator(user):
        return organisation
    if manage:
        allowed = organisation.is_represented_by(user)
    else:
        allowed = organisation.is_active and organisation.memberships.confirmed().filter(user=user).exists()
    if not allowed:
        raise Http404
    return organisation


def get_membership_for_manager(user, pk) -> Membership:
    """A membership the user may confirm, decline or remove: coordinators, or a confirmed representative
    of the membership's organisation. 404 for missing and forbidden alike."""
    if not user.is_authenticated:
        raise Http404
    rows = Membership.objects.select_related("user", "organisation")
    if not is_coordinator(user):
        rows = rows.filter(organisation__in=Organisation.objects.represented_by(user))
    try:
        return rows.get(pk=pk)
    except (Membership.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _notify_representatives(*, membership: Membership) -> None:
    recipients = list(
        Membership.objects.confirmed()
        .filter(organisation=membership.organisation, role=MembershipRole.REPRESENTATIVE)
        .exclude(user=membership.user)
        .values_list("user__email", flat=True)
    )
    if recipients:
        email_send(
            subject=_("Ny förfrågan om medlemskap i %(organisation)s")
            % {"organisation": membership.organisation.name},
            body=_(
                "%(person)s vill gå med i %(organisation)s i Malmöandans portal. "
                "Bekräfta eller avböj under Mina organisationer."
            )
            % {"person": membership.user, "organisation": membership.organisation.name},
            to=recipients,
        )


@transaction.atomic
def membership_request(
    *, user: User, organisation: Organisation, role: str = MembershipRole.REPRESENTATIVE, city_role: str = ""
) -> Membership:
    """Ask to join an organisation; the membership counts once a coordinator or a representative confirms."""
    if not organisation.is_active:
        raise ValidationError(_("Organisationen är inte aktiv och tar inte emot nya medlemmar."))
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("Du är redan medlem i eller har redan ansökt om medlemskap i %(organisation)s.")
            % {"organisation": organisation.name}
        )
    membership = Membership(user=user, organisation=organisation, role=role, city_role=city_role)
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(_("Du har redan ansökt om medlemskap i den här organisationen.")) from None
    _notify_representatives(membership=membership)
    return membership


@transaction.atomic
def membership_confirm(*, membership: Membership, confirmed_by: User) -> Membership:
    """Confirm a pending membership; a confirmed representative gets the representative role."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    if membership.is_confirmed:
        return membership
    membership.confirmed_at = timezone.now()
    membership.confirmed_by = confirmed_by
    membership.full_clean()
    membership.save(update_fields=["confirmed_at", "confirmed_by"])
    if membership.role == MembershipRole.REPRESENTATIVE:
        user_role_grant(user=membership.user, role=Role.REPRESENTATIVE)
    email_send(
        subject=_("Du är nu medlem i %(organisation)s") % {"organisation": membership.organisation.name},
        body=_("Ditt medlemskap i %(organisation)s i Malmöandans portal är bekräftat.")
        % {"organisation": membership.organisation.name},
        to=[membership.user.email],
    )
    return membership


def _revoke_representative_if_unused(user: User) -> None:
    """Someone who no longer represents any organisation loses the representative role."""
    still = Membership.objects.confirmed().filter(user=user, role=MembershipRole.REPRESENTATIVE).exists()
    if not still and Role.REPRESENTATIVE in user_roles(user):
        user_role_revoke(user=user, role=Role.REPRESENTATIVE)


@transaction.atomic
def membership_decline(*, membership: Membership, declined_by: User) -> Organisation:
    """Decline a pending request or remove a member; returns the organisation. The last confirmed
    representative cannot be removed (the organisation would have nobody to act for it)."""
    membership = (
        Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    )
    organisation = membership.organisation
    if membership.is_confirmed and membership.role == MembershipRole.REPRESENTATIVE:
        others = (
            Membership.objects.confirmed()
            .filter(organisation=organisation, role=MembershipRole.REPRESENTATIVE)
            .exclude(pk=membership.pk)
        )
        if not others.exists() and not is_coordinator(declined_by):
            raise ValidationError(
                _("%(person)s är organisationens enda representant och kan inte tas bort.")
                % {"person": membership.user}
            )
    user = membership.user
    membership.delete()
    _revoke_representative_if_unused(user)
    return organisation


@transaction.atomic
def organisation_register(
    *,
    user: User,
    name: str,
    kind: str,
    category: str = "",
    organisation_number: str | None = None,
    umbrella: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
    address: str = "",
    description: str = "",
) -> Organisation:
    """A new organisation registered by a signed-in user, who becomes its pending representative until a
    coordinator confirms."""
    organisation = Organisation(
        name=name.strip(),
        kind=kind,
        category=category,
        organisation_number=organisation_number or None,
        umbrella=umbrella,
        email=email,
        phone=phone,
        website=website,
        address=address,
        description=description,
    )
    organisation.full_clean()
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        raise ValidationError(
            {"organisation_number": _("En organisation med detta organisationsnummer finns redan.")}
        ) from None
    Membership.objects.create(user=user, organisation=organisation, role=MembershipRole.REPRESENTATIVE)
    coordinators = list(
        User.objects.filter(groups__name=ROLE_GROUPS[Role.COORDINATOR], is_active=True).values_list(
            "email", flat=True
        )
    )
    if coordinators:
        email_send(
            subject=_("Ny organisation registrerad: %(name)s") % {"name": organisation.name},
            body=_("%(person)s har registrerat %(name)s och väntar på att bli bekräftad som representant.")
            % {"person": user, "name": organisation.name},
            to=coordinators,
        )
    return organisation


def _unique_groups(model: type[models.Model], field_name: str) -> list[list[str]]:
    """The other fields of each unique constraint on `model` that includes `field_name`."""
    groups = [list(fields) for fields in model._meta.unique_together]
    groups += [
        list(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        and constraint.fields
        and constraint.condition is None
    ]
    field = model._meta.get_field(field_name)
    if getattr(field, "unique", False):  # a relation from the other side has no column of its own
        groups.append([field_name])
    return [[name for name in fields if name != field_name] for fields in groups if field_name in fields]


@transaction.atomic
def organisation_merge(*, keep: Organisation, duplicate: Organisation) -> Organisation:
    """Merge a duplicate into `keep`: every row in any app that points at the duplicate moves to `keep`
    (memberships, bookings, registrations, partnerships…); blank details are filled from the duplicate;
    the duplicate is deleted. Rows that would break a unique rule (the same person twice) are folded."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Välj två olika organisationer att slå ihop."))
    keep = Organisation.objects.select_for_update().get(pk=keep.pk)
    duplicate = Organisation.objects.select_for_update().get(pk=duplicate.pk)

    # Memberships: a person in both keeps one membership, confirmed if either was.
    for membership in Membership.objects.filter(organisation=duplicate).select_related("user"):
        existing = Membership.objects.filter(organisation=keep, user=membership.user).first()
        if existing is None:
            membership.organisation = keep
            membership.save(update_fields=["organisation"])
            continue
        if membership.is_confirmed and not existing.is_confirmed:
            existing.confirmed_at, existing.confirmed_by = membership.confirmed_at, membership.confirmed_by
            existing.role = membership.role
            existing.save(update_fields=["confirmed_at", "confirmed_by", "role"])
        membership.delete()

    for relation in Organisation._meta.related_objects:
        model = relation.related_model
        if model is Membership:
            continue
        if relation.many_to_many:
            accessor = relation.field.name
            for row in model._default_manager.filter(**{accessor: duplicate}):
                getattr(row, accessor).remove(duplicate)
                getattr(row, accessor).add(keep)
            continue
        field_name = relation.field.name
        rows = model._default_manager.filter(**{field_name: duplicate})
        unique_groups = _unique_groups(model, field_name)
        if not unique_groups:
            rows.update(**{field_name: keep})
            continue
        for row in rows:
            clash = any(
                model._default_manager.filter(
                    **{field_name: keep}, **{name: getattr(row, name) for name in others}
                ).exists()
                for others in unique_groups
            )
            if clash:
                # The kept organisation already has the same row (e.g. both were parties to one partnership).
                row.delete()
            else:
                setattr(row, field_name, keep)
                row.save(update_fields=[field_name])

    number = duplicate.organisation_number
    filled = []
    for name in ["email", "phone", "website", "address", "description", "umbrella", "category"]:
        if not getattr(keep, name) and getattr(duplicate, name):
            setattr(keep, name, getattr(duplicate, name))
            filled.append(name)
    duplicate.delete()
    if number and not keep.organisation_number:
        keep.organisation_number = number
        filled.append("organisation_number")
    if filled:
        keep.full_clean()
        keep.save(update_fields=filled)
    return keep
