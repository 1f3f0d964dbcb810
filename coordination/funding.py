"""Funding: the catalogue's searches, the monthly e-mail of deadlines, unsubscribing, and asking for help."""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from collaboration.models import Organisation, SupportEntry, SupportKind, User
from collaboration.services.users import email_send, email_send_in_languages
from collaboration.shared.access_rules import VisibilityRule
from collaboration.shared.roles import is_coordinator

from .models import Fund, FundCategory, FundingSubscription

UNSUBSCRIBE_SALT = "funding-unsubscribe"
# The monthly e-mail lists the deadlines of the coming two months.
DIGEST_DAYS = 62


def funds_with_categories(rows=None):
    rows = Fund.objects.all() if rows is None else rows
    return rows.prefetch_related(Prefetch("categories", queryset=FundCategory.objects.order_by("category")))


def fund_search(*, query: str = "", category: str = "", open_only: bool = True):
    """The public catalogue: published funds, those still open first by deadline, filtered."""
    rows = Fund.objects.published()
    if open_only:
        rows = rows.open_on(timezone.localdate())
    if query:
        rows = rows.filter(
            Q(title__icontains=query) | Q(funder__icontains=query) | Q(description__icontains=query)
        )
    if category:
        rows = rows.filter(categories__category=category)
    return funds_with_categories(rows.distinct())


fund_visibility = VisibilityRule(Fund, lambda user: Q() if is_coordinator(user) else Q(is_published=True))


def get_fund_for_user(user, pk) -> Fund:
    return fund_visibility.get(funds_with_categories(), user, pk=pk)


@transaction.atomic
def funding_subscription_set(*, user: User, categories: list[str]) -> FundingSubscription | None:
    """Choose the categories of the monthly e-mail; none chosen ends the subscription."""
    if not categories:
        FundingSubscription.objects.filter(user=user).delete()
        return None
    subscription, _created = FundingSubscription.objects.get_or_create(user=user)
    subscription.categories = sorted(set(categories))
    subscription.full_clean()
    subscription.save(update_fields=["categories"])
    return subscription


def unsubscribe_token(user: User) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))


def unsubscribe_url(user: User) -> str:
    return settings.SITE_URL + reverse(
        "coordination:funding-unsubscribe", kwargs={"token": unsubscribe_token(user)}
    )


def funding_unsubscribe(*, token: str) -> bool:
    """End the subscription the token names (from the link in every e-mail, no login); False if invalid."""
    try:
        user_id = int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return False
    FundingSubscription.objects.filter(user_id=user_id).delete()
    return True


@transaction.atomic
def funding_help_request(
    *, fund: Fund, organisation: Organisation, requested_by: User, message: str
) -> SupportEntry:
    """A representative asks the coordinators for help with an application: an entry in the support log, and the
    coordinators are told."""
    if not organisation.is_acted_for_by(requested_by):
        raise ValidationError(_("Du kan bara be om hjälp för organisationer som du företräder."))
    entry = SupportEntry(
        organisation=organisation,
        requested_by=requested_by,
        kind=SupportKind.FUNDING,
        description=_("Vill ha hjälp med en ansökan till %(fund)s (%(funder)s): %(message)s")
        % {"fund": fund.title, "funder": fund.funder, "message": message.strip()},
    )
    entry.full_clean()
    entry.save()
    from .tasks import funding_help_notify

    transaction.on_commit(lambda: funding_help_notify.delay(entry.pk))
    return entry


def funding_help_send(entry: SupportEntry) -> int:
    from collaboration.shared.roles import ROLE_GROUPS, Role

    recipients = list(
        User.objects.filter(groups__name=ROLE_GROUPS[Role.COORDINATOR], is_active=True).values_list(
            "email", flat=True
        )
    )

    organisation = entry.organisation
    assert organisation is not None, (
        "a request for help is logged for the organisation that asks (funding_help_request)"
    )

    def compose():
        return (
            _("Hjälp med en ansökan: %(organisation)s") % {"organisation": organisation.name},
            _("%(person)s på %(organisation)s ber om hjälp.\n\n%(description)s")
            % {
                "person": entry.requested_by,
                "organisation": organisation.name,
                "description": entry.description,
            },
        )

    return email_send_in_languages(to=recipients, compose=compose)


def _digest_body(user: User, funds: list[Fund]) -> str:
    lines = [
        _(
            "Hej! Här är fonderna och bidragen i dina kategorier med sista ansökningsdag de närmaste två månaderna:"
        ),
        "",
    ]
    for fund in funds:
        assert fund.deadline is not None, "the digest lists only funds whose deadline is coming"
        lines.append(f"{formats.date_format(fund.deadline, 'j F Y')}: {fund.title} ({fund.funder})")
        lines.append(settings.SITE_URL + fund.get_absolute_url())
        lines.append("")
    lines.append(
        _("Vill du inte längre få de här e-breven? Avsluta här: %(url)s") % {"url": unsubscribe_url(user)}
    )
    return "\n".join(lines)


def funding_digest_send(*, today: dt.date | None = None) -> int:
    """Monthly: each subscriber gets the coming deadlines in their categories, once a month (idempotent:
    last_sent_on), nothing when there are none. Returns how many were sent."""
    today = today or timezone.localdate()
    upcoming = list(
        funds_with_categories(
            Fund.objects.published().filter(
                deadline__gte=today, deadline__lte=today + dt.timedelta(days=DIGEST_DAYS)
            )
        ).order_by("deadline", "title")
    )
    month_start = today.replace(day=1)
    sent = 0
    subscriptions = list(
        FundingSubscription.objects.select_related("user")
        .filter(user__is_active=True)
        .filter(Q(last_sent_on__isnull=True) | Q(last_sent_on__lt=month_start))
    )
    from .mailings import opted_out

    unwanted = opted_out(subscription.user.email for subscription in subscriptions)
    for subscription in subscriptions:
        if subscription.user.email.lower() in unwanted:
            continue
        chosen = set(subscription.categories)
        funds = [fund for fund in upcoming if chosen & {c.category for c in fund.categories.all()}]
        if not funds:
            continue
        with transaction.atomic():
            # In the subscriber's language (their account's choice, else Swedish), dates included.
            with translation.override(subscription.user.language or settings.LANGUAGE_CODE):
                subject = _("Sista ansökningsdagar för fonder och bidrag")
                body = _digest_body(subscription.user, funds)
            email_send(subject=subject, body=body, to=[subscription.user.email])
            subscription.last_sent_on = today
            subscription.save(update_fields=["last_sent_on"])
        sent += 1
    return sent


def funding_deadlines_of_year(year: int) -> list[dict]:
    """The published funds' deadlines in `year`, for the year overview (events.yearplan's dated items)."""
    funds = Fund.objects.published().filter(deadline__year=year).only("pk", "title", "funder", "deadline")
    return [
        {
            "day": fund.deadline,
            "title": _("Sista ansökningsdag: %(fund)s (%(funder)s)")
            % {"fund": fund.title, "funder": fund.funder},
            "url": fund.get_absolute_url(),
        }
        for fund in funds
    ]
