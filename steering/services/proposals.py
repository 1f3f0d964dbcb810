"""Proposals for next year's focus area and the members' discussion of them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from collaboration.models import User

from ..models import AuditAction, AuditEvent, Meeting, Proposal, ProposalComment, ProposalStatus


@transaction.atomic
def proposal_create(
    *, proposed_by: User, year: int, title: str, motivation: str, priorities: str = ""
) -> Proposal:
    proposal = Proposal(
        proposed_by=proposed_by,
        year=year,
        title=title.strip(),
        motivation=motivation.strip(),
        priorities=priorities.strip(),
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_comment_create(*, proposal: Proposal, author: User, body: str) -> ProposalComment:
    comment = ProposalComment(proposal=proposal, author=author, body=body.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def proposal_recommend(
    *, proposal: Proposal, actor: User, recommended: bool, assessment: str | None = None
) -> Proposal:
    """The coordinators prepare: their assessment against the priorities and, if they wish, a recommendation.
    The choice of what goes to the vote is the steering group's (`proposals_shortlist_decide`)."""
    proposal.recommended = recommended
    fields = ["recommended"]
    if assessment is not None:
        proposal.coordinator_assessment = assessment.strip()
        fields.append("coordinator_assessment")
    proposal.full_clean()
    proposal.save(update_fields=fields)
    AuditEvent.objects.create(
        action=AuditAction.RECOMMENDED,
        actor=actor,
        detail=f"{proposal}: {_('rekommenderas') if recommended else _('rekommenderas inte')}",
    )
    return proposal


class ShortlistError(ValidationError):
    """The steering group's shortlist could not be recorded, with the reason."""


@transaction.atomic
def proposals_shortlist_decide(
    *, meeting: Meeting, year: int, proposals: list[Proposal], actor: User
) -> list[Proposal]:
    """Record the steering group's decision, at a quorate meeting, on which of the year's proposals go to the
    vote; the others of the year do not go on. In the meeting's minutes and the audit trail."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    quorum = meeting.quorum()
    if not quorum["quorate"]:
        raise ShortlistError(
            _(
                "Mötet är inte beslutsfört (%(present)s av %(seats)s närvarande; regeln: %(rule)s). "
                "Urvalet registrerades inte."
            )
            % quorum
        )
    chosen = {p.pk for p in proposals}
    year_proposals = list(Proposal.objects.select_for_update().filter(year=year).order_by("created_at"))
    if not chosen or not chosen <= {p.pk for p in year_proposals}:
        raise ShortlistError(_("Välj minst ett av förslagen för %(year)s.") % {"year": year})
    for proposal in year_proposals:
        proposal.status = ProposalStatus.SHORTLISTED if proposal.pk in chosen else ProposalStatus.DECLINED
        proposal.save(update_fields=["status"])
    titles = ", ".join(f"”{p.title}”" for p in year_proposals if p.pk in chosen)
    decision = _("Styrgruppen beslutar att dessa förslag för %(year)s går till omröstning: %(titles)s.") % {
        "year": year,
        "titles": titles,
    }
    meeting.decisions = "\n".join([*meeting.decision_list, decision])
    meeting.save(update_fields=["decisions"])
    AuditEvent.objects.create(
        action=AuditAction.SHORTLIST_DECIDED, actor=actor, meeting=meeting, detail=decision
    )
    return [p for p in year_proposals if p.pk in chosen]


@transaction.atomic
def nomination_create(
    *,
    ballot,
    nominated_by,
    candidate_email: str,
    category: str,
    presentation: str = "",
    actor: User,
):
    """An organisation nominates a candidate to an election meeting while nominations are open."""
    from ..models import BallotKind, BallotStatus, Nomination
    from .ballots import BallotError, represented_organisations

    if ballot.kind != BallotKind.ELECTION or ballot.status not in (
        BallotStatus.DRAFT,
        BallotStatus.SCHEDULED,
    ):
        raise BallotError(_("Nomineringen till det här valmötet är stängd."))
    if not represented_organisations(actor).filter(pk=nominated_by.pk).exists():
        raise BallotError(_("Du kan bara nominera för organisationer du representerar."))
    candidate = User.objects.filter(email__iexact=candidate_email.strip()).first()
    if candidate is None:
        raise BallotError(
            _("Det finns inget konto med den e-postadressen. Kandidaten behöver skapa ett konto först.")
        )
    if Nomination.objects.filter(ballot=ballot, candidate=candidate).exists():
        raise BallotError(_("Personen är redan nominerad till det här valmötet."))
    nomination = Nomination(
        ballot=ballot,
        candidate=candidate,
        nominated_by=nominated_by,
        category=category,
        presentation=presentation.strip(),
    )
    nomination.full_clean()
    nomination.save()
    return nomination


@transaction.atomic
def nomination_recommend(*, nomination, seat: int, statement: str, actor: User):
    """A member of the election's nominating committee records its recommendation for one seat: one
    candidate per seat, before the election opens; the ballot shows it beside the candidate."""
    from ..models import Ballot, BallotStatus, Nomination
    from .ballots import BallotError

    ballot = Ballot.objects.select_for_update().get(pk=nomination.ballot_id)
    if not ballot.nominating_committee.filter(pk=actor.pk).exists():
        raise BallotError(_("Bara valberedningens ledamöter lämnar valberedningens förslag."))
    if ballot.status not in (BallotStatus.DRAFT, BallotStatus.SCHEDULED):
        raise BallotError(_("Valet har öppnat; valberedningens förslag kan inte ändras."))
    if not 1 <= seat <= ballot.seats:
        raise BallotError(_("Välj en plats mellan 1 och %(n)s.") % {"n": ballot.seats})
    Nomination.objects.filter(ballot=ballot, recommended_for_seat=seat).exclude(pk=nomination.pk).update(
        recommended_for_seat=None, recommended=False
    )
    nomination.recommended_for_seat, nomination.recommended = seat, True
    nomination.committee_statement = statement.strip()
    nomination.full_clean()
    nomination.save(update_fields=["recommended_for_seat", "recommended", "committee_statement"])
    AuditEvent.objects.create(
        ballot=ballot,
        action=AuditAction.COMMITTEE_RECOMMENDATION,
        actor=actor,
        detail=_("Plats %(seat)s: kandidat %(n)s") % {"seat": seat, "n": nomination.pk},
    )
    return nomination
