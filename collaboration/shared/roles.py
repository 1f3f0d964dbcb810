"""Who may do what: the one place that answers it.

Roles are Django groups (created by a data migration, so their permissions can be managed in the admin).
Views check roles with the decorators below and objects with the `get_<thing>_for_user` helpers of each
app, which answer 404 for missing and forbidden alike.

A coordinator is one only in a session that passed the second factor (TOTP or a recovery code): until then
`CoordinatorTwoFactorMiddleware` leaves the coordinator role out of `user_roles` for the request, so no
`is_coordinator` check anywhere (admin, portal views, services, templates) grants it, and the role decorators
send the person to turn two-factor on or to confirm with the code.
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Samordnare")
    REPRESENTATIVE = "representative", _("Föreningsrepresentant")
    STEERING_MEMBER = "steering_member", _("Styrgruppsledamot")
    CITY_OFFICIAL = "city_official", _("Tjänsteperson")


# Group names are stable identifiers shown in the admin; they never change with the interface language.
ROLE_GROUPS: dict[str, str] = {
    Role.COORDINATOR: "Samordnare",
    Role.REPRESENTATIVE: "Föreningsrepresentanter",
    Role.STEERING_MEMBER: "Styrgruppsledamöter",
    Role.CITY_OFFICIAL: "Tjänstepersoner",
}
_GROUP_ROLES = {group: role for role, group in ROLE_GROUPS.items()}


def user_roles(user) -> frozenset[str]:
    """The user's roles: from the shared cache, else one query; kept on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = _group_roles(user.pk)
        if user.is_superuser:
            cached |= {Role.COORDINATOR}
        user._portal_roles = cached
    return cached


# Every signed-in page asks for the roles; the groups behind them change only when a coordinator, a mandate
# or a membership changes them, and collaboration.shared.signals forgets the cached copy then.
ROLES_CACHE_SECONDS = 3600


def _roles_cache_key(user_pk: int) -> str:
    return f"roles:{user_pk}"


def _group_roles(user_pk: int) -> frozenset[str]:
    key = _roles_cache_key(user_pk)
    roles = cache.get(key)
    if roles is None:
        names = Group.objects.filter(user__pk=user_pk).values_list("name", flat=True)
        roles = frozenset(_GROUP_ROLES[name] for name in names if name in _GROUP_ROLES)
        cache.set(key, roles, ROLES_CACHE_SECONDS)
    return roles


def forget_cached_roles(user_pks) -> None:
    """Drop the shared cache's roles of these users, now and again when the transaction commits (a request
    reading the groups before the commit could otherwise cache the old ones again)."""
    keys = [_roles_cache_key(pk) for pk in user_pks]
    if keys:
        cache.delete_many(keys)
        transaction.on_commit(lambda: cache.delete_many(keys))


def has_role(user, *roles: str) -> bool:
    """True if the user has any of the roles. Coordinators may do everything a role may."""
    mine = user_roles(user)
    return Role.COORDINATOR in mine or any(role in mine for role in roles)


def is_coordinator(user) -> bool:
    return Role.COORDINATOR in user_roles(user)


def forget_roles(user) -> None:
    """Drop the roles cached on this user object after the user's groups changed."""
    user.__dict__.pop("_portal_roles", None)


def two_factor_verified(request) -> bool:
    """Whether this session passed the second factor: allauth records an "mfa" step when the code (or a
    recovery code) is entered at login or to reauthenticate."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def coordinator_unverified(user) -> bool:
    """A coordinator whose role is held back in this request because the session has not passed 2FA."""
    return getattr(user, "_coordinator_unverified", False)


def withhold_unverified_coordinator(request) -> None:
    """Leave the coordinator role out of this request's roles unless the session passed the second factor."""
    user = request.user
    if Role.COORDINATOR in user_roles(user) and not two_factor_verified(request):
        user._portal_roles = user_roles(user) - {Role.COORDINATOR}
        user._coordinator_unverified = True


def two_factor_redirect(request):
    """Where a coordinator without a verified session goes: to turn TOTP on, or to confirm with the code
    and come back."""
    if not is_mfa_enabled(request.user):
        messages.warning(request, _("Slå på tvåstegsverifiering innan du arbetar som samordnare."))
        return redirect("mfa_activate_totp")
    messages.info(request, _("Bekräfta med koden från din app för tvåstegsverifiering."))
    return redirect(f"{reverse('mfa_reauthenticate')}?{urlencode({'next': request.get_full_path()})}")


def role_required(*roles: str) -> Callable:
    """Anonymous users go to the login page; a coordinator without a two-factor session, who needs the
    coordinator role here, to two-factor; other signed-in users without the role get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, *roles):
                if coordinator_unverified(request.user):
                    return two_factor_redirect(request)
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


coordinator_required = role_required(Role.COORDINATOR)
