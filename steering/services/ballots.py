"""The ballot: opening with a frozen electorate, voting, closing, ties, the decision, reminders.

Every change takes the ballot's row lock first (`select_for_update`), so a vote and a closing never
interleave and one elector's concurrent submissions are applied one after another; the unique constraint
on (ballot, elector) is the backstop.
"""

import base64
import datetime as dt
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any, TypedDict

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import Membership, MembershipRole, Organisation, User
from collaboration.services.users import email_send

from ..models import (
    AuditAction,
    AuditEvent,
    Ballot,
    BallotKind,
    BallotOption,
    BallotOutcome,
    BallotStatus,
    Elector,
    FocusArea,
    Mandate,
    Meeting,
    Proposal,
    SecretChoice,
    Side,
    Vote,
)
from ..rules import TURNOUT
from .mandates import mandate_create

logger = logging.getLogger(__name__)


class BallotError(ValidationError):
    """A refused action on a ballot, with a message for the person who tried."""


class ReceiptCodeError(BallotError):
    """A secret vote could not be changed: the receipt code is missing or does not match."""


class ReceiptIds(TypedDict):
    """What a receipt's hashes are made of: the ballot, the elector and the code the voter holds."""

    ballot_id: int
    elector_id: int
    code: str


def receipt_hash(*, ballot_id: int, elector_id: int, code: str) -> str:
    """What a secret choice stores of its receipt code. Without the code it leads nowhere."""
    return hashlib.sha256(f"steering-ballot:{ballot_id}:{elector_id}:{code.strip()}".encode()).hexdigest()


def receipt_check(*, ballot_id: int, elector_id: int, code: str) -> str:
    """What the receipt keeps of its code while the ballot is open (a salt of its own, so it never equals the
    counted choice's hash); emptied at closing."""
    return hashlib.sha256(f"steering-receipt:{ballot_id}:{elector_id}:{code.strip()}".encode()).hexdigest()


# Sealed choices: AES-GCM under a key derived from SECRET_KEY, which is not in the database, so a copy of the
# database alone cannot open them. The plaintext is padded to one length, so the ciphertext's size says nothing.
_SEAL_LENGTH = 400


def _seal_key(ballot_id: int) -> bytes:
    return hashlib.sha256(f"steering-sealed-choice:{ballot_id}:{settings.SECRET_KEY}".encode()).digest()


def _seal(ballot_id: int, *, option_ids: list[int], tracker: str) -> str:
    plain = json.dumps({"o": option_ids, "t": tracker}).encode().ljust(_SEAL_LENGTH)
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_seal_key(ballot_id)).encrypt(nonce, plain, str(ballot_id).encode())
    return base64.b64encode(nonce + sealed).decode()


def _unseal(ballot_id: int, sealed: str) -> dict:
    raw = base64.b64decode(sealed)
    plain = AESGCM(_seal_key(ballot_id)).decrypt(raw[:12], raw[12:], str(ballot_id).encode())
    return json.loads(plain.decode().strip())


def _locked(ballot: Ballot) -> Ballot:
    return Ballot.objects.select_for_update().get(pk=ballot.pk)


def _audit(
    ballot: Ballot,
    action: str,
    *,
    actor: User | None = None,
    detail: str = "",
    votes=None,
    meeting: Meeting | None = None,
) -> None:
    AuditEvent.objects.create(
        ballot=ballot, action=action, actor=actor, detail=detail, votes_total=votes, meeting=meeting
    )


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


def _option_label(nomination) -> str:
    """A candidate on the ballot: name, category and, beside it, the nominating committee's recommendation."""
    label = f"{nomination.candidate} ({nomination.category_label})"
    if nomination.recommended_for_seat:
        label += " – " + _("valberedningens förslag till plats %(seat)s") % {
            "seat": nomination.recommended_for_seat
        }
    return label[:200]


def _build_options(ballot: Ballot) -> None:
    if not ballot.options.filter(is_abstain=False).exists():
        if ballot.kind == BallotKind.ELECTION:
            for position, nomination in enumerate(
                ballot.nominations.select_related("candidate", "nominated_by").order_by(
                    models.F("recommended_for_seat").asc(nulls_last=True), "candidate__last_name"
                )
            ):
                BallotOption.objects.create(
                    ballot=ballot, nomination=nomination, label=_option_label(nomination), position=position
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
    if ballot.kind == BallotKind.ELECTION:
        # An option added by hand in the admin may lack its nomination; elected, it would have no one to seat.
        without_candidate = ballot.options.filter(is_abstain=False, nomination__isnull=True)
        if labels := list(without_candidate.values_list("label", flat=True)):
            raise BallotError(
                _(
                    "Alternativ utan kandidat: %(options)s. I ett val är varje alternativ en nominerad kandidat: "
                    "koppla dem till en nominering eller ta bort dem."
                )
                % {"options": ", ".join(labels)}
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
    option_id: int | None = None,
    option_ids: list[int] | None = None,
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
    options = _marked_options(ballot, [option_id] if option_ids is None else option_ids)
    option = options[0]
    vote = Vote.objects.filter(elector=elector).first()
    if vote is None:
        vote = Vote(ballot=ballot, elector=elector, cast_by=user, option=None if ballot.is_secret else option)
        if ballot.is_secret:
            # The choice stays sealed in the receipt; closing writes it, unlinked, among all the others.
            code = secrets.token_urlsafe(24)
            vote.sealed_choice = _seal(
                ballot.pk,
                option_ids=[o.pk for o in options],
                tracker=receipt_hash(ballot_id=ballot.pk, elector_id=elector.pk, code=code),
            )
            vote.receipt_check = receipt_check(ballot_id=ballot.pk, elector_id=elector.pk, code=code)
            vote.cast_by = None  # who of an organisation's representatives voted is not kept either
            vote.receipt_code = code
        vote.save()
        if ballot.kind == BallotKind.ELECTION and not ballot.is_secret:
            vote.marks.set(options)
        action = AuditAction.VOTE_CAST
    elif ballot.is_secret:
        _secret_choice_change(vote, options, receipt_code)
        action = AuditAction.VOTE_CHANGED
    else:
        vote.option, vote.cast_by, vote.changed_at = option, user, now
        vote.times_changed += 1
        vote.save(update_fields=["option", "cast_by", "changed_at", "times_changed"])
        if ballot.kind == BallotKind.ELECTION:
            vote.marks.set(options)
        action = AuditAction.VOTE_CHANGED
    _audit(ballot, action, votes=ballot.votes.count())
    return vote


def _marked_options(ballot: Ballot, option_ids: list) -> list[BallotOption]:
    """The options a vote marks: one in a focus-area ballot; in an election up to as many candidates as seats,
    each once, or "Jag avstår" alone."""
    ids = list(dict.fromkeys(i for i in option_ids if i is not None))
    options = list(ballot.options.filter(pk__in=ids))
    if not ids or len(options) != len(ids):
        raise BallotError(_("Välj ett av alternativen."))
    limit = ballot.seats if ballot.kind == BallotKind.ELECTION else 1
    if len(options) > limit:
        raise BallotError(
            _("Du kan markera högst %(n)s kandidater, lika många som platserna.") % {"n": limit}
        )
    if len(options) > 1 and any(o.is_abstain for o in options):
        raise BallotError(_("Den som avstår markerar inga kandidater."))
    return sorted(options, key=lambda o: ids.index(o.pk))


def _secret_choice_change(vote: Vote, options: list[BallotOption], code: str | None) -> None:
    """Reseal the choice of the voter who holds the receipt code. The receipt keeps no time of the change."""
    if code is None or not code.strip():
        raise ReceiptCodeError(
            _(
                "Du har redan röstat. För att ändra en röst i en sluten omröstning behövs kvittokoden du fick "
                "när du röstade: klistra in den. Ingen röst ändrades."
            )
        )
    ids = ReceiptIds(ballot_id=vote.ballot_id, elector_id=vote.elector_id, code=code)
    if not vote.receipt_check or not secrets.compare_digest(vote.receipt_check, receipt_check(**ids)):
        raise ReceiptCodeError(
            _(
                "Kvittokoden stämmer inte med din röst. Kontrollera koden och försök igen. Ingen röst ändrades."
            )
        )
    vote.sealed_choice = _seal(
        vote.ballot_id, option_ids=[o.pk for o in options], tracker=receipt_hash(**ids)
    )
    vote.save(update_fields=["sealed_choice"])


def _secret_choices_write(ballot: Ballot) -> None:
    """At closing: open every sealed choice, write them all in one statement in a random order, and empty
    the receipts in one statement, so the rows share their transaction and command and no order leads back."""
    choices = []
    for sealed in ballot.votes.exclude(sealed_choice="").values_list("sealed_choice", flat=True):
        opened = _unseal(ballot.pk, sealed)
        # One row per mark; the tracker goes with the paper's first mark only (it is unique).
        for index, option_id in enumerate(opened["o"]):
            choices.append(
                SecretChoice(
                    ballot=ballot, option_id=option_id, receipt_hash=opened["t"] if index == 0 else None
                )
            )
    secrets.SystemRandom().shuffle(choices)
    SecretChoice.objects.bulk_create(choices)
    ballot.votes.update(sealed_choice="", receipt_check="")


@dataclass
class Tally:
    rows: list  # (option, votes) for every option, the abstain option last
    votes: int
    electorate: int
    winners: list = field(default_factory=list)
    tied: list = field(default_factory=list)
    needed: int = 0
    deviation: str = ""  # an election's departure from the category rule, if no candidate could avoid it
    later: set = field(default_factory=set)  # candidates whose category is already seated

    @property
    def turnout_percent(self) -> int:
        return round(100 * self.votes / self.electorate) if self.electorate else 0


def ballot_tally(ballot: Ballot) -> Tally:
    """The count, the clear winners and any tie. Only for a closed ballot: nobody sees it earlier."""
    if not ballot.is_closed:
        raise BallotError(_("Resultatet visas först när omröstningen har stängt."))
    # Where the marks are: one row per mark, whichever model holds them.
    source: QuerySet[Any]
    if ballot.is_secret:
        source, column = SecretChoice.objects.filter(ballot=ballot), "option"
    elif ballot.kind == BallotKind.ELECTION:
        source, column = Vote.marks.through.objects.filter(vote__ballot=ballot), "ballotoption"
    else:
        source, column = Vote.objects.filter(ballot=ballot), "option"
    counts = dict(source.values_list(column).annotate(n=Count("pk")).values_list(column, "n"))
    options = list(ballot.options.select_related("nomination"))
    rows = [(option, counts.get(option.pk, 0)) for option in options]
    tally = Tally(rows=rows, votes=ballot.votes.count(), electorate=ballot.electors.count())
    ranked = sorted(((o, n) for o, n in rows if not o.is_abstain), key=lambda row: -row[1])
    segments = [ranked]
    if ballot.kind == BallotKind.ELECTION:
        segments = _category_segments(ballot, ranked)
    seats = ballot.seats
    for segment in segments:
        if seats <= 0:
            break
        if len(segment) <= seats:
            tally.winners += [o for o, _n in segment]
            seats -= len(segment)
            continue
        boundary = segment[seats - 1][1]
        if segment[seats][1] < boundary:
            tally.winners += [o for o, _n in segment[:seats]]
        else:
            above = [o for o, n in segment if n > boundary]
            tally.winners += above
            tally.tied = [o for o, n in segment if n == boundary]
            tally.needed = seats - len(above)
        break
    if len(segments) > 1:
        tally.later = {o.pk for o, _n in segments[1]}
        tally.deviation = _category_deviation(tally.winners, tally.later)
    return tally


def _category_segments(ballot: Ballot, ranked: list) -> list[list]:
    """The collaboration plan's rule for the five civil-society seats: each from a different category. The
    candidates in vote order whose category is not yet seated (by members who stay on, or by a candidate
    with more votes) come first; the others only fill seats that no such candidate can."""
    starts_on = ballot.term_starts_on or timezone.localdate(ballot.closes_at)
    taken = set(
        Mandate.objects.active_on(starts_on)
        .voting()
        .filter(side=Side.CIVIL_SOCIETY)
        .exclude(category="")
        .values_list("category", flat=True)
    )
    first, later = [], []
    for option, votes in ranked:
        category = option.nomination.category if option.nomination else ""
        if category and category in taken:
            later.append((option, votes))
        else:
            first.append((option, votes))
            taken.add(category)
    return [first, later] if later else [first]


def _category_deviation(winners: list[BallotOption], later: set) -> str:
    deviating = [o for o in winners if o.pk in later]
    if not deviating:
        return ""
    # Only candidates have a category to be seated under, so every deviating option has its nomination.
    categories = ", ".join(sorted({str(o.nomination.category_label) for o in deviating if o.nomination}))
    return _(
        "Avvikelse från kategoriregeln: ingen kandidat från en kategori som saknas i styrgruppen fanns, så "
        "%(n)s plats(er) gick till kategori som redan är företrädd (%(categories)s)."
    ) % {"n": len(deviating), "categories": categories}


def _decide(ballot: Ballot, winners: list[BallotOption], actor: User | None, now: dt.datetime) -> None:
    if ballot.kind == BallotKind.ELECTION:
        starts_on = ballot.term_starts_on or timezone.localdate(now)
        # Before the new seats exist: they would count as seated categories themselves.
        ballot.category_deviation = _category_deviation(winners, ballot_tally(ballot).later)
        for option in winners:
            nomination = option.nomination
            assert nomination is not None, "ballot_open refuses an election option without a candidate"
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
        ballot.save(update_fields=["category_deviation"])
        if ballot.category_deviation:
            detail = f"{detail}. {ballot.category_deviation}"
    else:
        # A focus area is the meeting's decision: the ballot only prepares it (ballot_confirm).
        ballot.outcome = BallotOutcome.AWAITING_CONFIRMATION
        ballot.save(update_fields=["outcome"])
        detail = _("Resultat att fastställa: %(title)s") % {"title": winners[0].label}
        _audit(ballot, AuditAction.AWAITING_CONFIRMATION, actor=actor, detail=detail)
        return
    ballot.decided_at = now
    ballot.outcome = BallotOutcome.DECIDED
    ballot.save(update_fields=["focus_area", "decided_at", "outcome"])
    _audit(ballot, AuditAction.DECIDED, actor=actor, detail=detail, meeting=ballot.meeting)


def _no_decision(ballot: Ballot, reason: str, actor: User | None, meeting: Meeting | None = None) -> None:
    ballot.outcome = BallotOutcome.NO_DECISION
    ballot.no_decision_reason = reason
    ballot.save(update_fields=["outcome", "no_decision_reason"])
    _audit(ballot, AuditAction.NO_DECISION, actor=actor, detail=reason, meeting=meeting)


def turnout(ballot: Ballot, tally: "Tally") -> dict:
    """The ballot's turnout against the group's rule (`steering.rules.TURNOUT`)."""
    return {
        "votes": tally.votes,
        "electorate": tally.electorate,
        "needed": TURNOUT.needed(tally.electorate),
        "rule": TURNOUT.label,
        "met": TURNOUT.met(tally.votes, tally.electorate),
    }


def _winning_option(ballot: Ballot) -> BallotOption:
    tally = ballot_tally(ballot)
    chosen = list(ballot.chair_decision.all()) if ballot.is_tied else []
    return [*tally.winners, *chosen][0]


@transaction.atomic
def ballot_confirm(
    *,
    ballot: Ballot,
    meeting: Meeting,
    actor: User,
    confirmed: bool = True,
    now: dt.datetime | None = None,
) -> Ballot:
    """The steering meeting decides on a focus-area ballot's result: only a quorate meeting can, and the
    decision (or that none was taken) goes into that meeting's minutes and the audit trail."""
    now = now or timezone.now()
    ballot = _locked(ballot)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if ballot.kind != BallotKind.FOCUS_AREA or ballot.outcome != BallotOutcome.AWAITING_CONFIRMATION:
        raise BallotError(_("Omröstningen har inget resultat som väntar på mötets beslut."))
    quorum = meeting.quorum()
    if not quorum["quorate"]:
        raise BallotError(
            _(
                "Mötet är inte beslutsfört (%(present)s av %(seats)s närvarande; regeln: %(rule)s). "
                "Inget beslut registrerades."
            )
            % quorum
        )
    if meeting.held_at < ballot.opens_at:
        raise BallotError(_("Mötet hölls innan omröstningen öppnade och kan inte besluta om den."))
    ballot.meeting = meeting
    ballot.save(update_fields=["meeting"])
    if not confirmed:
        reason = _("Mötet %(meeting)s fastställde inte omröstningens resultat.") % {"meeting": meeting}
        _no_decision(ballot, reason, actor, meeting)
        _minutes_add(meeting, _("%(ballot)s: inget beslut.") % {"ballot": ballot.title})
        return ballot
    option = _winning_option(ballot)
    focus_area = FocusArea(
        start_year=ballot.year,
        end_year=ballot.focus_end_year,
        title=option.label,
        description=option.proposal.motivation if option.proposal else "",
    )
    focus_area.full_clean()
    focus_area.save()
    ballot.focus_area = focus_area
    ballot.decided_at = now
    ballot.outcome = BallotOutcome.DECIDED
    ballot.save(update_fields=["focus_area", "decided_at", "outcome"])
    decision = _("Styrgruppen beslutar att fokusområdet för %(years)s är ”%(title)s”.") % {
        "years": focus_area.years_label,
        "title": focus_area.title,
    }
    _minutes_add(meeting, decision)
    _audit(ballot, AuditAction.DECIDED, actor=actor, detail=decision, meeting=meeting)
    return ballot


def _minutes_add(meeting: Meeting, decision: str) -> None:
    meeting.decisions = "\n".join([*meeting.decision_list, decision])
    meeting.save(update_fields=["decisions"])


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
    if ballot.is_secret:
        _secret_choices_write(ballot)
    tally = ballot_tally(ballot)
    _audit(ballot, AuditAction.CLOSED, actor=actor, votes=tally.votes)
    if ballot.kind == BallotKind.FOCUS_AREA and not TURNOUT.met(tally.votes, tally.electorate):
        reason = _(
            "Valdeltagandet var %(votes)s av %(electorate)s; regeln kräver att %(rule)s (minst %(needed)s)."
        ) % turnout(ballot, tally)
        _no_decision(ballot, reason, actor)
    elif tally.tied:
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
    """Record the choice between a focus-area ballot's tied options, then the ballot's result to confirm.

    The collaboration plan gives nobody a casting vote: "Styrgruppen har senast i oktober varje år ett
    sammanträde där de beslutar om nästkommande års fokusområde. Beslutet fattas efter en avvägning av inkomna
    förslag." So a tie is settled by the steering group itself, at the quorate meeting that decides the focus
    area (the ballot's meeting): the choice recorded here is that meeting's, chaired by its chair, with the
    meeting in the audit trail; the same meeting then confirms the result (ballot_confirm). Never the steering
    group's chair alone, and never outside a quorate meeting. (An election's tie goes by lot, ballot_lot_draw.)
    """
    now = now or timezone.now()
    ballot = _locked(ballot)
    if not ballot.is_closed or not ballot.is_tied or ballot.outcome != BallotOutcome.PENDING:
        raise BallotError(_("Det finns inget lika röstetal att avgöra i den här omröstningen."))
    if ballot.kind == BallotKind.ELECTION:
        raise BallotError(_("Lika röstetal i ett val avgörs med lottdragning av valmötets ordförande."))
    if ballot.meeting is None:
        raise BallotError(
            _("Lika röstetal avgörs av det sammanträde som beslutar om fokusområdet: ange först mötet.")
        )
    quorum = ballot.meeting.quorum()
    if not quorum["quorate"]:
        raise BallotError(
            _(
                "Mötet är inte beslutsfört (%(present)s av %(seats)s närvarande; regeln: %(rule)s). "
                "Inget beslut registrerades."
            )
            % quorum
        )
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
    detail = _describe(ballot, options, _("Mötets val vid lika röstetal"))
    _audit(ballot, AuditAction.CHAIR_DECISION, actor=actor, detail=detail, meeting=ballot.meeting)
    _decide(ballot, [*tally.winners, *options], actor, now)
    return ballot


@transaction.atomic
def ballot_lot_draw(*, ballot: Ballot, actor: User, now: dt.datetime | None = None) -> Ballot:
    """Settle an election's tie by lot, drawn at the election meeting by its own chair (never the steering
    group's chair): the portal draws at random among the tied candidates; who drew, when and the outcome are
    in the audit trail. Then the election's result is recorded."""
    now = now or timezone.now()
    ballot = _locked(ballot)
    if ballot.kind != BallotKind.ELECTION or not ballot.is_tied or ballot.outcome != BallotOutcome.PENDING:
        raise BallotError(_("Det finns inget lika röstetal att lotta om i det här valet."))
    if ballot.election_chair_id is None or ballot.election_chair_id != actor.pk:
        raise BallotError(_("Bara valmötets ordförande drar lott."))
    steering_chair = Mandate.objects.active_on(timezone.localdate(now)).filter(role="chair", user=actor)
    if steering_chair.exists():
        raise BallotError(_("Styrgruppens ordförande kan inte avgöra valet."))
    tally = ballot_tally(ballot)
    drawn = secrets.SystemRandom().sample(tally.tied, tally.needed)
    ballot.chair_decision.set(drawn)
    ballot.chair_decided_by = actor
    ballot.save(update_fields=["chair_decided_by"])
    detail = _describe(
        ballot, drawn, _("Lottdragning %(at)s, vald genom lott") % {"at": f"{now:%Y-%m-%d %H:%M}"}
    )
    _audit(ballot, AuditAction.LOT_DRAWN, actor=actor, detail=detail, meeting=ballot.meeting)
    _decide(ballot, [*tally.winners, *drawn], actor, now)
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
