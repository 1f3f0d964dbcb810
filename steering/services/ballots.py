"""The ballot: opening with a frozen electorate, voting, closing, ties, the decision, reminders.

Every change takes the ballot's row lock first (`select_for_update`), so a vote and a closing never
interleave and one elector's concurrent submissions are applied one after another; the unique constraint
on (ballot, elector) is the backstop.
"""

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration import fragments
from collaboration.models import Membership, MembershipRole, Organisation, User
from collaboration.services.users import email_send

from ..models import (
    AuditAction,
    AuditEvent,
    Ballot,
    BallotKind,
    BallotOption,
    BallotStatus,
    Elector,
    FocusArea,
    Mandate,
    Proposal,
    SecretChoice,
    Side,
    Vote,
)
from .mandates import mandate_create

logger = logging.getLogger(__name__)


class BallotError(ValidationError):
    """A refused action on a ballot, with a message for the person who tried."""


class ReceiptCodeError(BallotError):
    """A secret vote could not be changed: the receipt code is missing or does not match."""


def receipt_hash(*, ballot_id: int, elector_id: int, code: str) -> str:
    """What a secret choice stores of its receipt code. Without the code it leads nowhere."""
    return hashlib.sha256(f"steering-ballot:{ballot_id}:{elector_id}:{code.strip()}".encode()).hexdigest()


def _locked(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().get(pk=ballot.pk)


def _audit(ballot: Ballot, action: str, *, actor: User | None = None, detail: str = "", votes=None) -> None:
    AuditEvent.objects.create(ballot=ballot, action=action, actor=actor, detail=detail, votes_total=votes)


def _describe(ballot: Ballot, options: list[BallotOption], heading: str) -> str:
    """Options for the audit trail. Candidates are people, so an election's are given by number only."""
    if ballot.kind == BallotKind.ELECTION:
        positions = ", ".join(str(o.position + 1) for o in options)
        return _("%(heading)s: %(n)s kandidater (alternativ %(positions)s)") % {
            "heading": heading,
            "n": len(options),
            "positions": positions,
        }
    return f"{heading}: {', '.join(o.label for o in options)}"


def represented_organisations(user: User):
    """Organisations the user may cast an organisation's vote for: those they represent (coordinators too
    only through a membership, as they have no vote of their own)."""
    return Organisation.objects.represented_by(user)


def electors_for(ballot: Ballot, user: User):
    """The electorate entries this user may vote for (none: not in the electorate)."""
    if not user.is_authenticated:
        return Elector.objects.none()
    if ballot.kind == BallotKind.ELECTION:
        return ballot.electors.filter(organisation__in=represented_organisations(user)).select_related(
            "organisation"
        )
    return ballot.electors.filter(user=user)


def _recipients(ballot: Ballot, electors=None) -> list[str]:
    electors = ballot.electors.all() if electors is None else electors
    if ballot.kind == BallotKind.ELECTION:
        emails = Membership.objects.confirmed().filter(
            role=MembershipRole.REPRESENTATIVE, organisation__in=electors.values("organisation")
        )
        return sorted(set(emails.values_list("user__email", flat=True)))
    return sorted(set(electors.values_list("user__email", flat=True)))


def _mail_each(*, subject: str, body: str, recipients: list[str]) -> None:
    # One message per person: members do not see each other's addresses.
    for address in recipients:
        email_send(subject=subject, body=body, to=[address])


def _build_options(ballot: Ballot) -> None:
    if not ballot.options.filter(is_abstain=False).exists():
        if ballot.kind == BallotKind.ELECTION:
            for position, nomination in enumerate(
                ballot.nominations.select_related("candidate", "nominated_by")
            ):
                BallotOption.objects.create(
                    ballot=ballot, nomination=nomination, label=str(nomination.candidate), position=position
                )
        else:
            for position, proposal in enumerate(Proposal.objects.shortlisted().filter(year=ballot.year)):
                BallotOption.objects.create(
                    ballot=ballot, proposal=proposal, label=proposal.title, position=position
                )
    if not ballot.options.filter(is_abstain=False).exists():
        raise BallotError(
            _("Omröstningen saknar alternativ: välj ut förslag eller lägg till kandidater först.")
        )
    if not ballot.options.filter(is_abstain=True).exists():
        BallotOption.objects.create(ballot=ballot, label=_("Jag avstår"), is_abstain=True, position=999)


def _freeze_electorate(ballot: Ballot, now: dt.datetime) -> int:
    if ballot.kind == BallotKind.ELECTION:
        organisations = (
            Organisation.objects.active()
            .civil_society()
            .filter(memberships__in=Membership.objects.confirmed().filter(role=MembershipRole.REPRESENTATIVE))
            .distinct()
        )
        Elector.objects.bulk_create([Elector(ballot=ballot, organisation=org) for org in organisations])
    else:
        users = (
            Mandate.objects.active_on(timezone.localdate(now))
            .voting()
            .values_list("user_id", flat=True)
            .distinct()
        )
        Elector.objects.bulk_create([Elector(ballot=ballot, user_id=user_id) for user_id in users])
    fragments.changed("ballots")  # bulk_create sends no signals; the electorate's size is in the results
    return ballot.electors.count()


@transaction.atomic
def ballot_open(*, ballot: Ballot, actor: User | None = None, now: dt.datetime | None = None) -> Ballot:
    """Open now if its time has come (freezing the electorate and mailing it), otherwise schedule it."""
    now = now or timezone.now()
    ballot = _locked(ballot)
    if ballot.status not in (BallotStatus.DRAFT, BallotStatus.SCHEDULED):
        raise BallotError(_("Omröstningen är redan öppnad eller stängd."))
    if ballot.closes_at <= now:
        raise BallotError(_("Stängningstiden har redan passerat; ändra den först."))
    if ballot.opens_at > now:
        # Options are built at the opening, so nominations and shortlisting may continue until then.
        if ballot.status != BallotStatus.SCHEDULED:
            ballot.status = BallotStatus.SCHEDULED
            ballot.save(update_fields=["status"])
            _audit(ballot, AuditAction.SCHEDULED, actor=actor, detail=f"{ballot.opens_at:%Y-%m-%d %H:%M}")
        return ballot
    _build_options(ballot)
    size = _freeze_electorate(ballot, now)
    if not size:
        raise BallotError(_("Ingen är röstberättigad: röstlängden är tom."))
    ballot.status = BallotStatus.OPEN
    ballot.save(update_fields=["status"])
    _audit(ballot, AuditAction.OPENED, actor=actor, detail=_("Röstberättigade: %(n)s") % {"n": size}, votes=0)
    closes = timezone.localtime(ballot.closes_at)
    _mail_each(
        subject=_("Omröstningen har öppnat: %(title)s") % {"title": ballot.title},
        body=_(
            "Omröstningen ”%(title)s” är öppen till %(closes)s. Logga in på portalen och rösta under "
            "Styrgrupp → Omröstningar. Du kan ändra din röst så länge omröstningen är öppen"
            "%(secret)s."
        )
        % {
            "title": ballot.title,
            "closes": f"{closes:%Y-%m-%d %H:%M}",
            "secret": _(
                " (omröstningen är sluten: för att ändra rösten behövs kvittokoden du får när du röstar)"
            )
            if ballot.is_secret
            else "",
        },
        recipients=_recipients(ballot),
    )
    return ballot


@transaction.atomic
def vote_cast(
    *,
    ballot: Ballot,
    user: User,
    option_id: int,
    organisation_id: int | None = None,
    receipt_code: str | None = None,
    now: dt.datetime | None = None,
) -> Vote:
    """Record the user's vote (or their organisation's); a second vote while open replaces the first.

    In a secret ballot a first vote gets a new receipt code (`vote.receipt_code`, for the voter's eyes only)
    and a change needs that code: the choice is found by the code's hash and nothing else.
    """
    now = now or timezone.now()
    ballot = _locked(ballot)
    if ballot.status == BallotStatus.CLOSED or now >= ballot.closes_at:
        raise BallotError(_("Omröstningen är stängd. Ingen röst registrerades."))
    if not ballot.accepts_votes(now):
        raise BallotError(_("Omröstningen har inte öppnat än. Ingen röst registrerades."))
    electors = electors_for(ballot, user)
    if organisation_id is not None:
        electors = electors.filter(organisation_id=organisation_id)
    elector = electors.first()
    if elector is None:
        raise BallotError(
            _("Du finns inte i röstlängden för den här omröstningen. Ingen röst registrerades.")
        )
    option = ballot.options.filter(pk=option_id).first()
    if option is None:
        raise BallotError(_("Välj ett av alternativen."))
    vote = Vote.objects.filter(elector=elector).first()
    if vote is None:
        vote = Vote(ballot=ballot, elector=elector, cast_by=user, option=None if ballot.is_secret else option)
        vote.save()
        if ballot.is_secret:
            code = secrets.token_urlsafe(24)
            SecretChoice.objects.create(
                ballot=ballot,
                option=option,
                receipt_hash=receipt_hash(ballot_id=ballot.pk, elector_id=elector.pk, code=code),
            )
            vote.receipt_code = code
        action = AuditAction.VOTE_CAST
    elif ballot.is_secret:
        _secret_choice_change(ballot, elector, option, receipt_code)
        action = AuditAction.VOTE_CHANGED
    else:
        vote.option, vote.cast_by, vote.changed_at = option, user, now
        vote.times_changed += 1
        vote.save(update_fields=["option", "cast_by", "changed_at", "times_changed"])
        action = AuditAction.VOTE_CHANGED
    _audit(ballot, action, votes=ballot.votes.count())
    return vote


def _secret_choice_change(ballot: Ballot, elector: Elector, option: BallotOption, code: str | None) -> None:
    """Replace the choice whose receipt code the voter holds. The receipt itself is left untouched."""
    if not (code or "").strip():
        raise ReceiptCodeError(
            _(
                "Du har redan röstat. För att ändra en röst i en sluten omröstning behövs kvittokoden du fick "
                "när du röstade: klistra in den. Ingen röst ändrades."
            )
        )
    changed = SecretChoice.objects.filter(
        ballot=ballot, receipt_hash=receipt_hash(ballot_id=ballot.pk, elector_id=elector.pk, code=code)
    ).update(option=option)
    fragments.changed("ballots")  # an update sends no signals; the choices are counted in the results
    if not changed:
        raise ReceiptCodeError(
            _(
                "Kvittokoden stämmer inte med din röst. Kontrollera koden och försök igen. Ingen röst ändrades."
            )
        )


@dataclass
class Tally:
    rows: list  # (option, votes) for every option, the abstain option last
    votes: int
    electorate: int
    winners: list = field(default_factory=list)
    tied: list = field(default_factory=list)
    needed: int = 0

    @property
    def turnout_percent(self) -> int:
        return round(100 * self.votes / self.electorate) if self.electorate else 0


def ballot_tally(ballot: Ballot) -> Tally:
    """The count, the clear winners and any tie. Only for a closed ballot: nobody sees it earlier."""
    if not ballot.is_closed:
        raise BallotError(_("Resultatet visas först när omröstningen har stängt."))
    source = SecretChoice.objects if ballot.is_secret else Vote.objects
    counts = dict(
        source.filter(ballot=ballot).values_list("option").annotate(n=Count("pk")).values_list("option", "n")
    )
    options = list(ballot.options.all())
    rows = [(option, counts.get(option.pk, 0)) for option in options]
    tally = Tally(rows=rows, votes=ballot.votes.count(), electorate=ballot.electors.count())
    ranked = sorted(((o, n) for o, n in rows if not o.is_abstain), key=lambda row: -row[1])
    if len(ranked) <= ballot.seats:
        tally.winners = [o for o, _n in ranked]
        return tally
    boundary = ranked[ballot.seats - 1][1]
    if ranked[ballot.seats][1] < boundary:
        tally.winners = [o for o, _n in ranked[: ballot.seats]]
        return tally
    tally.winners = [o for o, n in ranked if n > boundary]
    tally.tied = [o for o, n in ranked if n == boundary]
    tally.needed = ballot.seats - len(tally.winners)
    return tally


def _decide(ballot: Ballot, winners: list[BallotOption], actor: User | None, now: dt.datetime) -> None:
    if ballot.kind == BallotKind.ELECTION:
        starts_on = ballot.term_starts_on or timezone.localdate(now)
        for option in winners:
            nomination = option.nomination
            mandate_create(
                user=nomination.candidate,
                side=Side.CIVIL_SOCIETY,
                category=nomination.category,
                organisation=nomination.nominated_by,
                starts_on=starts_on,
                appointed_by=_("Valmötet %(year)s") % {"year": ballot.year},
                actor=actor,
            )
        # The new seats are in the trail as "mandate created" entries pointing to each mandate.
        detail = _describe(ballot, winners, _("Valda"))
    else:
        option = winners[0]
        focus_area = FocusArea(
            start_year=ballot.year,
            title=option.label,
            description=option.proposal.motivation if option.proposal else "",
        )
        focus_area.full_clean()
        focus_area.save()
        ballot.focus_area = focus_area
        detail = _("Fokusområde %(year)s: %(title)s") % {"year": ballot.year, "title": focus_area.title}
    ballot.decided_at = now
    ballot.save(update_fields=["focus_area", "decided_at"])
    _audit(ballot, AuditAction.DECIDED, actor=actor, detail=detail)


@transaction.atomic
def ballot_close(*, ballot: Ballot, actor: User | None = None, now: dt.datetime | None = None) -> Ballot:
    """Close (at its time or early), count, and record the decision unless the chair must break a tie."""
    now = now or timezone.now()
    ballot = _locked(ballot)
    if ballot.status != BallotStatus.OPEN:
        raise BallotError(_("Bara en öppen omröstning kan stängas."))
    ballot.status = BallotStatus.CLOSED
    ballot.closes_at = min(ballot.closes_at, now)
    ballot.save(update_fields=["status", "closes_at"])
    tally = ballot_tally(ballot)
    _audit(ballot, AuditAction.CLOSED, actor=actor, votes=tally.votes)
    if tally.tied:
        ballot.is_tied = True
        ballot.save(update_fields=["is_tied"])
        _audit(ballot, AuditAction.TIE, detail=_describe(ballot, tally.tied, _("Lika röstetal")))
    elif tally.winners:
        _decide(ballot, tally.winners, actor, now)
    return ballot


@transaction.atomic
def ballot_tie_decide(
    *, ballot: Ballot, options: list[BallotOption], actor: User, now: dt.datetime | None = None
) -> Ballot:
    """Record the chair's decision between the tied options, then the ballot's decision."""
    now = now or timezone.now()
    ballot = _locked(ballot)
    if not ballot.is_closed or not ballot.is_tied or ballot.is_decided:
        raise BallotError(_("Det finns inget lika röstetal att avgöra i den här omröstningen."))
    tally = ballot_tally(ballot)
    tied_ids = {o.pk for o in tally.tied}
    if len(options) != tally.needed or any(o.pk not in tied_ids for o in options):
        raise BallotError(
            _("Välj %(n)s av alternativen med lika röstetal: %(tied)s.")
            % {"n": tally.needed, "tied": ", ".join(o.label for o in tally.tied)}
        )
    ballot.chair_decision.set(options)
    ballot.chair_decided_by = actor
    ballot.save(update_fields=["chair_decided_by"])
    detail = _describe(ballot, options, _("Ordförandens utslag"))
    _audit(ballot, AuditAction.CHAIR_DECISION, actor=actor, detail=detail)
    _decide(ballot, [*tally.winners, *options], actor, now)
    return ballot


def ballots_advance(*, now: dt.datetime | None = None) -> dict:
    """Open the scheduled ballots whose time has come and close those whose time is up (Celery beat)."""
    now = now or timezone.now()
    opened = closed = 0
    for ballot in Ballot.objects.due_to_open(now):
        try:
            ballot_open(ballot=ballot, now=now)
            opened += 1
        except BallotError as error:
            # Stays scheduled; the coordinators see why in the admin when they open it by hand.
            logger.warning("Ballot %s could not open: %s", ballot.pk, error.messages[0])
            continue
    for ballot in Ballot.objects.due_to_close(now):
        ballot_close(ballot=ballot, now=now)
        closed += 1
    return {"opened": opened, "closed": closed}


def ballots_remind(*, now: dt.datetime | None = None) -> int:
    """A day before closing, remind those in the electorate who have not voted yet. Sent once per ballot."""
    now = now or timezone.now()
    sent = 0
    due = Ballot.objects.filter(
        status=BallotStatus.OPEN,
        reminder_sent_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + dt.timedelta(days=1),
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            ballot = Ballot.objects.select_for_update().get(pk=pk)
            if ballot.reminder_sent_at is not None:
                continue
            not_voted = ballot.electors.filter(vote__isnull=True)
            recipients = _recipients(ballot, not_voted)
            if recipients:
                closes = timezone.localtime(ballot.closes_at)
                _mail_each(
                    subject=_("Påminnelse: omröstningen stänger snart – %(title)s") % {"title": ballot.title},
                    body=_("Omröstningen ”%(title)s” stänger %(closes)s och du har inte röstat än.")
                    % {"title": ballot.title, "closes": f"{closes:%Y-%m-%d %H:%M}"},
                    recipients=recipients,
                )
            ballot.reminder_sent_at = now
            ballot.save(update_fields=["reminder_sent_at"])
            _audit(ballot, AuditAction.REMINDER_SENT, detail=str(len(recipients)))
            sent += 1
    return sent
