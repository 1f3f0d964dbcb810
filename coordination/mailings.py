"""Newsletters and invitations to a chosen set of people, sent by a Celery task, and the opt-out every one of
them (and the funding e-mail) honours."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collaboration.models import Membership, MembershipRole, User
from collaboration.services.users import email_send, emails_by_language
from events.models import Registration, RegistrationStatus

from .models import Audience, Mailing, MailingStatus, MailOptOut

OPT_OUT_SALT = "mail-opt-out"


def _normal(email: str) -> str:
    return email.strip().lower()


def opted_out(emails) -> set[str]:
    """The addresses among `emails` that asked for no more mass e-mail."""
    wanted = {_normal(email) for email in emails if email}
    return set(MailOptOut.objects.filter(email__in=wanted).values_list("email", flat=True))


def mailing_recipients(mailing: Mailing) -> list[str]:
    """Who the mailing goes to, without those who opted out: the representatives (the one acting rule: confirmed
    representatives of active organisations) of all, a sector or a category; the attendees of a kind of event;
    or an event's waiting list."""
    if mailing.audience in (Audience.ALL, Audience.SECTOR, Audience.CATEGORY):
        rows = Membership.objects.confirmed().filter(
            role=MembershipRole.REPRESENTATIVE, organisation__is_active=True, user__is_active=True
        )
        if mailing.audience == Audience.SECTOR:
            rows = rows.filter(organisation__sector=mailing.sector)
        elif mailing.audience == Audience.CATEGORY:
            rows = rows.filter(organisation__category=mailing.category)
        emails = rows.values_list("user__email", flat=True)
    elif mailing.audience == Audience.ATTENDEES:
        emails = Registration.objects.filter(
            event__kind=mailing.event_kind, status=RegistrationStatus.ATTENDED
        ).values_list("email", flat=True)
    else:
        if mailing.event_id is None:  # clean() asks for the event: without one there is no waiting list
            return []
        emails = Registration.objects.filter(
            event_id=mailing.event_id, status=RegistrationStatus.WAITING
        ).values_list("email", flat=True)
    addresses = {_normal(email) for email in emails if email}
    return sorted(addresses - opted_out(addresses))


def opt_out_token(email: str) -> str:
    return signing.Signer(salt=OPT_OUT_SALT).sign(_normal(email))


def opt_out_url(email: str) -> str:
    return settings.SITE_URL + reverse("coordination:mail-opt-out", kwargs={"token": opt_out_token(email)})


def mail_opt_out(*, token: str) -> bool:
    """Record the opt-out the token names (the link in every mailing, no login needed); False if it is forged."""
    try:
        email = signing.Signer(salt=OPT_OUT_SALT).unsign(token)
    except signing.BadSignature:
        return False
    MailOptOut.objects.get_or_create(email=_normal(email))
    return True


@transaction.atomic
def mailing_create(*, created_by: User, **fields) -> Mailing:
    mailing = Mailing(created_by=created_by, **fields)
    mailing.full_clean()
    mailing.save()
    return mailing


@transaction.atomic
def mailing_send(*, mailing: Mailing) -> Mailing:
    """Hand a draft to the worker; it is sent once, whatever is clicked twice."""
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.status != MailingStatus.DRAFT:
        raise ValidationError(_("Utskicket är redan skickat."))
    mailing.status = MailingStatus.SENDING
    mailing.save(update_fields=["status"])
    from .tasks import mailing_deliver

    transaction.on_commit(lambda: mailing_deliver.delay(mailing.pk))
    return mailing


def mailing_deliver_run(mailing_id: int) -> int:
    """Send a mailing that is being sent: one e-mail per recipient with their own opt-out link. Idempotent: a
    mailing already sent is not sent again."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().filter(pk=mailing_id).first()
        if mailing is None or mailing.status != MailingStatus.SENDING:
            return 0
        recipients = mailing_recipients(mailing)
        # The coordinators' text is as they wrote it; the portal's own words (the opt-out line) are in each
        # recipient's language (their account's choice, else Swedish).
        for language, emails in emails_by_language(recipients).items():
            with translation.override(language):
                footer = _(
                    "Du får det här från Malmöandan. Vill du inte få fler utskick? Avregistrera dig här: %(url)s"
                )
            for email in emails:
                body = mailing.body + "\n\n-- \n" + footer % {"url": opt_out_url(email)}
                email_send(subject=mailing.subject, body=body, to=[email])
        mailing.status = MailingStatus.SENT
        mailing.sent_at = timezone.now()
        mailing.recipients_count = len(recipients)
        mailing.save(update_fields=["status", "sent_at", "recipients_count"])
    return len(recipients)
