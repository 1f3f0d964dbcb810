"""Actions on people, their roles, and the e-mail the portal sends them."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction

from ..models import User
from ..roles import ROLE_GROUPS, Role, forget_roles


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    email_verified: bool = False,
) -> User:
    """A person with an account; `email_verified` is for accounts created by coordinators and demo data."""
    user = User(email=email.strip().lower(), first_name=first_name, last_name=last_name)
    user.set_password(password) if password else user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=email_verified)
    return user


@transaction.atomic
def user_role_grant(*, user: User, role: Role) -> User:
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    if role == Role.COORDINATOR and not user.is_staff:
        # Coordinators work in the admin, which Django only opens to staff.
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_roles(user)
    return user


@transaction.atomic
def user_role_revoke(*, user: User, role: Role) -> User:
    user.groups.remove(Group.objects.get(name=ROLE_GROUPS[role]))
    if role == Role.COORDINATOR and user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    forget_roles(user)
    return user


def email_send(
    *, subject: str, body: str, to: list[str], attachments: list[tuple[str, str, str]] = ()
) -> None:
    """Send an e-mail: the portal's e-mail backend (collaboration.mail) queues it for a Celery worker after the
    current transaction commits, so nothing is sent for a rolled-back change and no request waits for SMTP.

    Attachments are (file name, text content, MIME type).
    """
    message = EmailMessage(subject=subject, body=body, to=to)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()

