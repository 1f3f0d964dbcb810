"""Personal data in collaboration: the account itself, e-mail addresses, two-factor devices, memberships,
bookings and partnership records (see collaboration/services/privacy.py for the contract)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry

from .models import Membership, User
from .services.privacy import detach_app, export_app, export_models

ACCOUNT_FIELDS = ["id", "email", "first_name", "last_name", "phone", "language", "date_joined", "last_login"]


def export(user: User) -> dict:
    account = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    account["date_joined"] = user.date_joined.isoformat()
    account["last_login"] = user.last_login.isoformat() if user.last_login else None
    account["roles"] = sorted(user.groups.values_list("name", flat=True))
    return {
        "collaboration.User": [account],
        **export_app("collaboration", user),
        # The accounts, two-factor and admin-log packages keep data about the person too.
        **export_models(
            [EmailAddress, Authenticator, LogEntry],
            user,
            hidden={"mfa.Authenticator": {"data"}},  # the TOTP secret and recovery codes never leave
        ),
    }


def erase(user: User) -> None:
    """Remove the person's own data and leave an anonymous, inactive account row that nobody can log in to.

    Rows that statistics count (bookings, sign-ups, votes) keep pointing to that row, so counts do not change.
    """
    Membership.objects.filter(user=user).delete()
    detach_app("collaboration", user)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"borttagen-{user.pk}@anonym.invalid"
    user.first_name = ""
    user.last_name = ""
    user.phone = ""
    user.language = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    # A new unusable password also ends every session: Django checks the password hash on each request.
    user.set_unusable_password()
    user.save(
        update_fields=[
            "email",
            "first_name",
            "last_name",
            "phone",
            "language",
            "is_active",
            "is_staff",
            "is_superuser",
            "password",
        ]
    )
