"""Actions on people, their roles, and the e-mail the portal sends them."""

from collections.abc import Callable, Sequence

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.mail import EmailMessage
from django.db import transaction

from ..models import User
from ..shared.roles import ROLE_GROUPS, Role, forget_roles


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
    *, subject: str, body: str, to: list[str], attachments: Sequence[tuple[str, str, str]] = ()
) -> None:
    """Send an e-mail: the portal's e-mail backend (collaboration.shared.mail) queues it for a Celery worker after the
    current transaction commits, so nothing is sent for a rolled-back change and no request waits for SMTP.

    Attachments are (file name, text content, MIME type).
    """
    message = EmailMessage(subject=subject, body=body, to=to)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    message.send()


def user_language_set(*, user: User, language: str) -> None:
    """Remember the language a signed-in person chose with the language switch, for the e-mail sent to them."""
    from django.conf import settings

    if language in {code for code, _name in settings.LANGUAGES} and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def emails_by_language(emails) -> dict[str, list[str]]:
    """The addresses grouped by the language their e-mail is written in: the language the account chose, where
    an active account has the address, otherwise the portal's (Swedish). One query; sorted, for stable mail."""
    from django.conf import settings

    wanted = {email.strip().lower() for email in emails if email}
    chosen = dict(
        User.objects.filter(email__in=wanted, is_active=True)
        .exclude(language="")
        .values_list("email", "language")
    )
    grouped: dict[str, list[str]] = {}
    for email in sorted(wanted):
        grouped.setdefault(chosen.get(email, settings.LANGUAGE_CODE), []).append(email)
    return grouped


def email_send_in_languages(*, to, compose: Callable[[], tuple[str, str]]) -> int:
    """Send one e-mail per language among the recipients (`emails_by_language`), its subject and body written by
    `compose()` with that language active. Returns how many addresses it went to."""
    from django.utils import translation

    sent = 0
    for language, emails in emails_by_language(to).items():
        with translation.override(language):
            subject, body = compose()
        email_send(subject=subject, body=body, to=emails)
        sent += len(emails)
    return sent


def user_login_ceiling_notify(*, email: str, window_seconds: int) -> bool:
    """Tell the owner of `email` that password login to their account is paused after many failed attempts.

    Nothing is sent (and nothing said to the person trying) when no active account has that address.
    """
    from django.conf import settings
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return False
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Malmöandan: många misslyckade inloggningar på ditt konto")
        body = _(
            "Hej!\n\nNågon har många gånger försökt logga in på ditt konto på Malmöandans portal med fel "
            "lösenord. Inloggning med lösenord är därför pausad i %(minutes)s minuter, varifrån man än "
            "försöker.\n\nDu kan alltid logga in med en engångskod som skickas till den här adressen: "
            "%(url)s\n\nOm det inte var du som försökte, välj gärna ett nytt lösenord när du har loggat in."
        ) % {
            "minutes": max(1, window_seconds // 60),
            "url": settings.SITE_URL + reverse("account_request_login_code"),
        }
    email_send(subject=subject, body=body, to=[user.email])
    return True
