"""Needs and offers, their review, the coordinators' matches and what a match grows into."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import (
    Membership,
    MembershipRole,
    Organisation,
    ParticipationLevel,
    Partnership,
    Sector,
    Side,
    User,
)
from collaboration.services.partnerships import partnership_create
from collaboration.services.users import email_send_in_languages
from collaboration.shared.access_rules import VisibilityRule
from collaboration.shared.roles import is_coordinator
from events.models import EventKind, EventStatus, Topic
from steering.models import FocusArea

from .models import Call, Match, Posting, PostingKind, PostingStatus, public_postings

SECTOR_SIDE: dict[str, Side] = {
    Sector.CITY: Side.PUBLIC,
    Sector.OTHER_PUBLIC: Side.PUBLIC,
    Sector.CIVIL_SOCIETY: Side.CIVIL_SOCIETY,
    Sector.ACADEMIA: Side.ACADEMIA,
    Sector.BUSINESS: Side.BUSINESS,
}


def _postings_seen_by(user) -> Q:
    # Public postings for anyone; one under review or declined only for coordinators and those who act for its
    # organisation (`Organisation.objects.acted_for_by`).
    if is_coordinator(user):
        return Q()
    return public_postings() | Q(organisation__in=Organisation.objects.acted_for_by(user))


def _matches_seen_by(user) -> Q:
    # Coordinators all, others the matches of organisations they act for.
    if is_coordinator(user):
        return Q()
    acted_for = Organisation.objects.acted_for_by(user)
    return Q(need__organisation__in=acted_for) | Q(offer__organisation__in=acted_for)


# The postings' and matches' rules ask the database (a membership subquery); calls are published or not.
posting_visibility = VisibilityRule(Posting, _postings_seen_by)
match_visibility = VisibilityRule(Match, _matches_seen_by)
call_visibility = VisibilityRule(Call, lambda user: Q() if is_coordinator(user) else Q(is_published=True))


def get_posting_for_user(user, pk) -> Posting:
    """The posting if the user may see it (`posting_visibility`); 404 for missing and forbidden alike."""
    rows = Posting.objects.select_related(
        "organisation", "focus_area", "call", "topic__event", "topic__carried_to"
    )
    return posting_visibility.get(rows, user, pk=pk)


def _matches():
    return Match.objects.select_related("need__organisation", "offer__organisation", "partnership")


def matches_visible_to(user):
    """The matches the user may see (`match_visibility`)."""
    return match_visibility.filter(_matches(), user)


def get_match_for_user(user, pk) -> Match:
    return match_visibility.get(_matches(), user, pk=pk)


def get_call_for_user(user, pk) -> Call:
    return call_visibility.get(Call.objects.all(), user, pk=pk)


def representative_emails(organisations) -> list[str]:
    """The e-mail addresses of those who act for the organisations (confirmed representatives of active ones:
    the rule of `collaboration.models.organisations.represented_by_q`)."""
    return sorted(
        set(
            Membership.objects.confirmed()
            .filter(
                organisation__in=organisations,
                organisation__is_active=True,
                role=MembershipRole.REPRESENTATIVE,
                user__is_active=True,
            )
            .values_list("user__email", flat=True)
        )
    )


@transaction.atomic
def posting_create(
    *,
    posted_by: User,
    organisation: Organisation,
    kind: str,
    title: str,
    description: str,
    for_whom: str,
    category: str,
    focus_area: FocusArea | None = None,
    place: str = "",
    valid_until: dt.date | None = None,
    call: Call | None = None,
    topic: Topic | None = None,
) -> Posting:
    """A need or an offer for an organisation the person acts for; public once a coordinator has reviewed it
    (coordinators' own postings are published at once)."""
    if not organisation.is_acted_for_by(posted_by):
        raise ValidationError(
            _("Du kan bara lägga in behov och erbjudanden för organisationer du företräder.")
        )
    if valid_until and valid_until < timezone.localdate():
        raise ValidationError({"valid_until": _("Datumet har redan passerat.")})
    if call is not None:
        if not call.is_open:
            raise ValidationError(_("Samordningen är stängd och tar inte emot fler erbjudanden."))
        if kind != PostingKind.OFFER:
            raise ValidationError(_("En samordning samlar erbjudanden."))
    posting = Posting(
        kind=kind,
        organisation=organisation,
        title=title,
        description=description,
        for_whom=for_whom,
        category=category,
        focus_area=focus_area,
        place=place,
        valid_until=valid_until,
        call=call,
        topic=topic,
        posted_by=posted_by,
    )
    if is_coordinator(posted_by):
        posting.status = PostingStatus.PUBLISHED
        posting.reviewed_by = posted_by
        posting.reviewed_at = timezone.now()
    posting.full_clean()
    posting.save()
    if posting.status == PostingStatus.SUBMITTED:
        from .tasks import posting_submitted_notify

        _after_commit(posting_submitted_notify, posting.pk)
    return posting


@transaction.atomic
def posting_review(*, posting: Posting, reviewed_by: User, publish: bool) -> Posting:
    """A coordinator publishes a submitted posting or declines it; its organisation is told."""
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.status != PostingStatus.SUBMITTED:
        raise ValidationError(_("Det här är redan granskat."))
    posting.status = PostingStatus.PUBLISHED if publish else PostingStatus.DECLINED
    posting.reviewed_by = reviewed_by
    posting.reviewed_at = timezone.now()
    posting.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    from .tasks import posting_reviewed_notify

    _after_commit(posting_reviewed_notify, posting.pk)
    return posting


@transaction.atomic
def match_create(*, need: Posting, offer: Posting, note: str, matched_by: User) -> Match:
    """A coordinator matches a published need with a published offer; both organisations are told by e-mail."""
    if need.kind != PostingKind.NEED or offer.kind != PostingKind.OFFER:
        raise ValidationError(_("Ett behov matchas med ett erbjudande."))
    if not (need.is_public and offer.is_public):
        raise ValidationError(_("Bara publicerade behov och erbjudanden som fortfarande gäller kan matchas."))
    if need.organisation_id == offer.organisation_id:
        raise ValidationError(_("Behovet och erbjudandet kommer från samma organisation."))
    if not note.strip():
        raise ValidationError({"note": _("Skriv en anteckning om varför de passar ihop.")})
    match = Match(need=need, offer=offer, note=note.strip(), matched_by=matched_by)
    match.full_clean(exclude=["need", "offer"], validate_constraints=False)
    try:
        with transaction.atomic():
            match.save()
    except IntegrityError:
        raise ValidationError(_("Behovet och erbjudandet är redan matchade.")) from None
    from .tasks import match_created_notify

    _after_commit(match_created_notify, match.pk)
    return match


def topic_choices():
    """The topics a posting can say it grew out of: those of published dialogue forums and idea workshops that
    have begun, the latest first."""
    return (
        Topic.objects.filter(
            event__kind__in=(EventKind.DIALOGUE_FORUM, EventKind.IDEA_WORKSHOP),
            event__status=EventStatus.PUBLISHED,
            event__starts_at__lte=timezone.now(),
        )
        .select_related("event")
        .order_by("-event__starts_at", "pk")
    )


@transaction.atomic
def posting_topic_set(*, posting: Posting, topic: Topic | None) -> Posting:
    """Link a need or an offer to the topic it came from (none: unlink); its page then links back to it."""
    if topic is not None and not topic_choices().filter(pk=topic.pk).exists():
        raise ValidationError(_("Välj ett ämne från ett dialogforum eller en idéverkstad i listan."))
    posting.topic = topic
    posting.save(update_fields=["topic"])
    return posting


def match_sides_for(user, match: Match) -> list[str]:
    """Which sides of the match ("need", "offer") the user acts for."""
    acted_for = set(
        Organisation.objects.acted_for_by(user)
        .filter(pk__in=[match.need.organisation_id, match.offer.organisation_id])
        .values_list("pk", flat=True)
    )
    if is_coordinator(user):
        return []
    sides = []
    if match.need.organisation_id in acted_for:
        sides.append("need")
    if match.offer.organisation_id in acted_for:
        sides.append("offer")
    return sides


@transaction.atomic
def match_accept(*, match: Match, accepted_by: User) -> Match:
    """A party accepts the match for the side(s) they act for; when both have, the coordinators are told."""
    sides = match_sides_for(accepted_by, match)
    if not sides:
        raise ValidationError(_("Bara parterna i matchningen kan acceptera den."))
    match = Match.objects.select_for_update().select_related("need", "offer").get(pk=match.pk)
    now = timezone.now()
    fields = []
    for side in sides:
        if getattr(match, f"{side}_accepted_at") is None:
            setattr(match, f"{side}_accepted_at", now)
            fields.append(f"{side}_accepted_at")
    if not fields:
        raise ValidationError(_("Du har redan accepterat matchningen."))
    match.save(update_fields=fields)
    if match.is_accepted:
        from .tasks import match_accepted_notify

        _after_commit(match_accepted_notify, match.pk)
    return match


@transaction.atomic
def match_partnership_create(
    *, match: Match, created_by: User, title: str, form: str, purpose: str, level: str = ""
) -> Partnership:
    """An accepted match grows into a partnership with both organisations as parties; the match links to it."""
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("need__organisation", "offer__organisation")
        .get(pk=match.pk)
    )
    if not match.is_accepted:
        raise ValidationError(_("Båda parterna måste ha accepterat matchningen först."))
    if match.partnership_id:
        raise ValidationError(_("Matchningen har redan blivit en samverkan."))
    parties = [
        (posting.organisation, SECTOR_SIDE[posting.organisation.sector], posting.title)
        for posting in (match.need, match.offer)
    ]
    partnership = partnership_create(
        created_by=created_by,
        title=title,
        form=form,
        purpose=purpose,
        level=level or ParticipationLevel.PARTNERSHIP,
        parties=parties,
        commissioned_on=timezone.localdate(),
    )
    match.partnership = partnership
    match.save(update_fields=["partnership"])
    return partnership


def _after_commit(task, pk: int) -> None:
    transaction.on_commit(lambda: task.delay(pk))


# The e-mails, sent by the tasks in tasks.py (after the commit of what caused them).


def _url(obj) -> str:
    return settings.SITE_URL + obj.get_absolute_url()


def _coordinator_emails() -> list[str]:
    from collaboration.models import User as UserModel
    from collaboration.shared.roles import ROLE_GROUPS, Role

    return list(
        UserModel.objects.filter(groups__name=ROLE_GROUPS[Role.COORDINATOR], is_active=True).values_list(
            "email", flat=True
        )
    )


# Each e-mail is written in its recipients' language (email_send_in_languages: the language their account
# chose, else Swedish).


def posting_submitted_send(posting: Posting) -> int:
    def compose():
        return (
            _("Att granska: %(title)s") % {"title": posting.title},
            _("%(organisation)s har lagt in ”%(title)s” (%(kind)s). Granska det här: %(url)s")
            % {
                "organisation": posting.organisation.name,
                "title": posting.title,
                "kind": posting.get_kind_display().lower(),
                "url": _url(posting),
            },
        )

    return email_send_in_languages(to=_coordinator_emails(), compose=compose)


def posting_reviewed_send(posting: Posting) -> int:
    def compose():
        if posting.status == PostingStatus.PUBLISHED:
            subject = _("Publicerat: %(title)s") % {"title": posting.title}
            body = _("Samordnarna har publicerat ”%(title)s”. Det syns nu här: %(url)s")
        else:
            subject = _("Inte publicerat: %(title)s") % {"title": posting.title}
            body = _(
                "Samordnarna har inte publicerat ”%(title)s”. Hör gärna av dig till dem om du har frågor. %(url)s"
            )
        return subject, body % {"title": posting.title, "url": _url(posting)}

    return email_send_in_languages(to=representative_emails([posting.organisation_id]), compose=compose)


def match_created_send(match: Match) -> int:
    sent = 0
    for mine, other in ((match.need, match.offer), (match.offer, match.need)):

        def compose(mine=mine, other=other):
            return (
                _("Ett förslag på samverkan: %(title)s") % {"title": mine.title},
                _(
                    "Samordnarna i Malmöandan tror att ”%(mine)s” passar ihop med ”%(other)s” från "
                    "%(organisation)s.\n\n%(note)s\n\nLäs mer och acceptera här: %(url)s"
                )
                % {
                    "mine": mine.title,
                    "other": other.title,
                    "organisation": other.organisation.name,
                    "note": match.note,
                    "url": _url(match),
                },
            )

        sent += email_send_in_languages(to=representative_emails([mine.organisation_id]), compose=compose)
    return sent


def match_accepted_send(match: Match) -> int:
    recipients = representative_emails([match.need.organisation_id, match.offer.organisation_id])
    if match.matched_by and match.matched_by.email:
        recipients = sorted({*recipients, match.matched_by.email})

    def compose():
        return (
            _("Båda parter har accepterat: %(match)s") % {"match": str(match)},
            _("%(need)s och %(offer)s har båda accepterat matchningen. %(url)s")
            % {
                "need": match.need.organisation.name,
                "offer": match.offer.organisation.name,
                "url": _url(match),
            },
        )

    return email_send_in_languages(to=recipients, compose=compose)
