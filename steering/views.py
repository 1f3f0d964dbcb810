import datetime as dt
from functools import cached_property, partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from collaboration.shared import fragments
from collaboration.shared.roles import Role, is_coordinator, role_required

from .access import (
    get_ballot_for_user,
    get_cached_ballot_for_user,
    get_meeting_for_user,
    get_proposal_for_user,
    is_member,
)
from .forms import CommentForm, CommitteeRecommendationForm, NominationForm, ProposalForm, VoteForm
from .models import (
    Ballot,
    BallotKind,
    BallotStatus,
    Elector,
    FocusArea,
    Mandate,
    Meeting,
    Proposal,
    ProposalComment,
    Vote,
    composition_on,
)
from .services.ballots import (
    BallotError,
    ReceiptCodeError,
    ballot_tally,
    electors_for,
    represented_organisations,
    turnout,
    vote_cast,
)
from .services.proposals import (
    nomination_create,
    nomination_recommend,
    proposal_comment_create,
    proposal_create,
)

SIX_MONTHS = dt.timedelta(days=183)
# Only what the pages show: a person is shown by name or e-mail (User.__str__), an organisation by its name.
MANDATE_COLUMNS = (
    "side", "role", "category", "starts_on", "ends_on",
    "user__first_name", "user__last_name", "user__email", "organisation__name",
)  # fmt: skip
NOMINATION_COLUMNS = (
    "ballot", "category", "recommended", "recommended_for_seat", "committee_statement",
    "candidate__first_name", "candidate__last_name", "candidate__email", "nominated_by__name",
)  # fmt: skip


# A secret vote's receipt code lives in the voter's browser only (never in the server-side session, which
# would put the link between person and choice on the server): a signed HttpOnly cookie for this ballot's path.
def _receipt_cookie(ballot: Ballot, organisation_id: int | None) -> dict:
    return {
        "key": f"kvitto_{organisation_id}" if organisation_id else "kvitto",
        "salt": f"steering.ballot-receipt.{ballot.pk}",
    }


def _receipt_from_cookie(request, ballot: Ballot, organisation_id: int | None) -> str | None:
    return request.get_signed_cookie(**_receipt_cookie(ballot, organisation_id), default=None)


def _receipt_keep(response, ballot: Ballot, organisation_id: int | None, code: str) -> None:
    response.set_signed_cookie(
        **_receipt_cookie(ballot, organisation_id),
        value=code,
        expires=ballot.closes_at,
        path=reverse("steering:ballot-detail", args=[ballot.pk]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


class _GroupPage:
    """What the group page shows as of `now` (to the minute), read only when its cached block is rendered."""

    def __init__(self, now: dt.datetime, *, coordinator: bool):
        self.now = now
        self.today = timezone.localdate(now)
        self.coordinator = coordinator

    @cached_property
    def mandates(self) -> list[Mandate]:
        return list(
            Mandate.objects.active_on(self.today)
            .select_related("user", "organisation")
            .only(*MANDATE_COLUMNS)
            .order_by("side", "-role", "ends_on")
        )

    @cached_property
    def ending_soon(self) -> list[Mandate]:
        return [m for m in self.mandates if m.ends_on <= self.today + SIX_MONTHS]

    @cached_property
    def next_election(self) -> dict | None:
        """The civil-society seats the next election fills: those whose terms end first (staggered terms)."""
        seats = [m for m in self.mandates if m.side == "civil_society" and m.has_vote]
        if not seats:
            return None
        ends_on = min(m.ends_on for m in seats)
        return {"ends_on": ends_on, "seats": [m for m in seats if m.ends_on == ends_on]}

    @cached_property
    def election_deviation(self) -> str:
        """The category rule's deviation stated on the last election's result, while its seats are held."""
        last = (
            Ballot.objects.filter(kind=BallotKind.ELECTION, outcome="decided")
            .order_by("-decided_at")
            .values_list("category_deviation", flat=True)
            .first()
        )
        return last or ""

    @cached_property
    def composition(self) -> dict | None:
        return composition_on(self.today) if self.coordinator else None

    @cached_property
    def upcoming(self) -> list[Meeting]:
        return list(Meeting.objects.filter(held_at__gte=self.now).order_by("held_at")[:2])

    @cached_property
    def focus_areas(self) -> list[FocusArea]:
        return list(FocusArea.objects.for_year(self.today.year))


def group(request):
    # Now to the minute: the cached page holds "the next meetings" for that minute, and today's seats.
    page = _GroupPage(fragments.this_minute(), coordinator=is_coordinator(request.user))
    return render(request, "steering/group_detail.html", {"group": page, "today": page.today})


def meeting_list(request):
    meetings = Meeting.objects.with_counts().order_by("-held_at")
    return render(request, "steering/meeting_list.html", {"meetings": meetings})


def meeting_detail(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    context = {
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("user").order_by("side", "user__last_name"),
        "quorum": meeting.quorum(),
        "show_minutes": meeting.minutes_public or is_member(request.user),
        # The coordinators' report (återrapportering) is attached to the agenda for the members and coordinators.
        "can_read_report": is_member(request.user),
        "ballots": meeting.ballots.visible(),
    }
    return render(request, "steering/meeting_detail.html", context)


def meeting_minutes_pdf(request, pk: int):
    meeting = get_meeting_for_user(request.user, pk)
    if not meeting.minutes_pdf or not (meeting.minutes_public or is_member(request.user)):
        raise Http404
    filename = f"protokoll-styrgrupp-{meeting.held_at:%Y-%m-%d}.pdf"
    return FileResponse(
        meeting.minutes_pdf.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )


def focusarea_list(request):
    return render(request, "steering/focusarea_list.html", {"focus_areas": FocusArea.objects.all()})


@login_required
def proposal_list(request):
    proposals = Proposal.objects.select_related("proposed_by").annotate(comment_count=Count("comments"))
    return render(request, "steering/proposal_list.html", {"proposals": proposals})


@role_required(Role.STEERING_MEMBER)
def proposal_weigh(request, year: int):
    """The steering group weighs the year's proposals: all of them, with the discussion, how each relates
    to the city's and the sector's priorities and what the coordinators recommend."""
    comments = Prefetch("comments", ProposalComment.objects.select_related("author"))
    proposals = Proposal.objects.filter(year=year).select_related("proposed_by").prefetch_related(comments)
    context = {
        "year": year,
        "proposals": proposals,
        "ballot": Ballot.objects.visible().filter(year=year).first(),
    }
    return render(request, "steering/proposal_weigh.html", context)


@login_required
def proposal_create_view(request):
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = proposal_create(proposed_by=request.user, **form.cleaned_data)
        messages.success(request, _("Tack! Ditt förslag är registrerat."))
        return redirect("steering:proposal-detail", pk=proposal.pk)
    return render(request, "steering/proposal_create.html", {"form": form})


@login_required
def proposal_detail(request, pk: int, comment_form=None):
    proposal = get_proposal_for_user(request.user, pk)
    context = {
        "proposal": proposal,
        "comments": ProposalComment.objects.filter(proposal=proposal).select_related("author"),
        "can_comment": is_member(request.user),
        "can_weigh": is_member(request.user),
        "form": comment_form or CommentForm(),
    }
    return render(request, "steering/proposal_detail.html", context, status=400 if comment_form else 200)


@require_POST
@role_required(Role.STEERING_MEMBER)
def proposal_comment(request, pk: int):
    proposal = get_proposal_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return proposal_detail(request, pk, comment_form=form)
    proposal_comment_create(proposal=proposal, author=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Din kommentar är publicerad."))
    return redirect("steering:proposal-detail", pk=proposal.pk)


@login_required
def ballot_list(request):
    ballots = Ballot.objects.select_related("focus_area")
    if not is_coordinator(request.user):
        ballots = ballots.visible()
    return render(request, "steering/ballot_list.html", {"ballots": ballots})


def _my_electors(ballot: Ballot, user) -> list[Elector]:
    """The electorate entries the user votes for. A focus-area ballot's electorate (people) comes with the
    cached ballot; an election's entries are organisations, and whom the user represents is one query."""
    if ballot.kind == BallotKind.ELECTION:
        return list(electors_for(ballot, user))
    return [elector for elector in ballot.people_electors if elector.user_id == user.pk]


def _my_votes(ballot: Ballot, electors: list[Elector]) -> list[Vote]:
    """The votes cast for these entries (one query, none if there are no entries), with their entries and
    options, which the page already holds."""
    if not electors:
        return []
    by_pk = {elector.pk: elector for elector in electors}
    options = {option.pk: option for option in ballot.options.all()}
    votes = list(Vote.objects.filter(elector__in=list(by_pk)))
    for vote in votes:
        vote.elector = by_pk[vote.elector_id]
        if vote.option_id in options:
            vote.option = options[vote.option_id]
    return votes


def _nominations(ballot: Ballot):
    return ballot.nominations.select_related("candidate", "nominated_by").only(*NOMINATION_COLUMNS)


class _BallotResults:
    """A closed ballot's count, roll call and decision: the same for everyone, read only when its cached
    block is rendered again."""

    def __init__(self, ballot: Ballot):
        self.ballot = ballot

    @cached_property
    def tally(self):
        return ballot_tally(self.ballot)

    @cached_property
    def turnout(self) -> dict:
        return turnout(self.ballot, self.tally)

    @cached_property
    def roll_call(self) -> list[Vote]:
        if self.ballot.is_secret:
            return []
        votes = Vote.objects.filter(ballot=self.ballot)
        return list(votes.select_related("elector__user", "elector__organisation", "option"))

    @cached_property
    def chair_decision(self) -> list:
        return list(self.ballot.chair_decision.all()) if self.ballot.is_tied else []


@login_required
def ballot_detail(request, pk: int, form=None):
    # One data version for the ballot and the page's cached blocks: all of them as of the same change.
    version = fragments.version("ballots")
    ballot = get_cached_ballot_for_user(request.user, pk, version)
    electors = _my_electors(ballot, request.user)
    my_votes = _my_votes(ballot, electors)
    for vote in my_votes:
        vote.receipt_saved = ballot.is_secret and bool(
            _receipt_from_cookie(request, ballot, vote.elector.organisation_id)
        )
    context = {
        "ballot": ballot,
        "ballots_version": version,
        "electors": electors,
        "my_votes": my_votes,
        # A form with errors (from ballot_vote); otherwise the empty one, built only if the page needs it.
        "form": form or SimpleLazyObject(lambda: _vote_form(ballot, electors, has_voted=bool(my_votes))),
        "form_bound": form is not None,
        "can_vote": bool(electors) and ballot.accepts_votes(),
        "results": _BallotResults(ballot) if ballot.is_closed else None,
        "nominations": partial(_nominations, ballot),  # the template calls it, in the cached block only
        # The committee works while the election is being prepared; an open ballot's page spends no query on it.
        "on_committee": ballot.kind == BallotKind.ELECTION
        and ballot.status in (BallotStatus.DRAFT, BallotStatus.SCHEDULED)
        and ballot.nominating_committee.filter(pk=request.user.pk).exists(),
    }
    return render(request, "steering/ballot_detail.html", context, status=400 if form else 200)


def _vote_form(ballot: Ballot, electors: list, *, has_voted: bool) -> VoteForm:
    form = VoteForm(ballot=ballot, electors=electors)
    if ballot.is_secret and not has_voted:
        del form.fields["receipt_code"]  # only a change needs the code
    return form


def _chosen(ballot: Ballot, value) -> dict:
    return {"option_ids": value} if ballot.kind == BallotKind.ELECTION else {"option_id": value}


@require_POST
@login_required
def ballot_vote(request, pk: int):
    ballot = get_ballot_for_user(request.user, pk)
    electors = list(electors_for(ballot, request.user))
    form = VoteForm(request.POST, ballot=ballot, electors=electors)
    if not form.is_valid():
        return ballot_detail(request, pk, form=form)
    organisation_id = form.cleaned_data.get("organisation") or (
        electors[0].organisation_id if electors else None
    )
    code = form.cleaned_data.get("receipt_code") or _receipt_from_cookie(request, ballot, organisation_id)
    try:
        vote = vote_cast(
            ballot=ballot,
            user=request.user,
            **_chosen(ballot, form.cleaned_data["option"]),
            organisation_id=form.cleaned_data.get("organisation"),
            receipt_code=code,
        )
    except BallotError as error:
        form.add_error("receipt_code" if isinstance(error, ReceiptCodeError) else None, error.messages[0])
        return ballot_detail(request, pk, form=form)
    if vote.receipt_code:  # a new secret vote: its code is shown this once and kept in this browser
        response = render(request, "steering/ballot_receipt.html", {"ballot": ballot, "vote": vote})
        add_never_cache_headers(response)
        _receipt_keep(response, ballot, vote.elector.organisation_id, vote.receipt_code)
        return response
    response = redirect("steering:ballot-detail", pk=ballot.pk)
    if ballot.is_secret:
        messages.success(request, _("Din röst är ändrad. Det nya valet ersätter det förra."))
        _receipt_keep(response, ballot, vote.elector.organisation_id, code)
    else:
        messages.success(request, _("Din röst är registrerad."))
    return response


@role_required(Role.REPRESENTATIVE)
def nomination_create_view(request, pk: int):
    ballot = get_ballot_for_user(request.user, pk)
    if ballot.kind != BallotKind.ELECTION:
        raise Http404
    organisations = list(represented_organisations(request.user))
    form = NominationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination_create(
                ballot=ballot,
                nominated_by=next(o for o in organisations if o.pk == data["organisation"]),
                candidate_email=data["candidate_email"],
                category=data["category"],
                presentation=data["presentation"],
                actor=request.user,
            )
        except BallotError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Nomineringen är registrerad. Valberedningen bereder den."))
            return redirect("steering:ballot-detail", pk=ballot.pk)
    status = 400 if form.errors else 200
    context = {"ballot": ballot, "form": form, "organisations": organisations}
    return render(request, "steering/nomination_create.html", context, status=status)


@login_required
def nomination_committee(request, pk: int):
    """The election's nominating committee (valberedning): its members see the nominations and record a
    recommendation per seat. Nobody else sees this page."""
    ballot = get_ballot_for_user(request.user, pk)
    if (
        ballot.kind != BallotKind.ELECTION
        or not ballot.nominating_committee.filter(pk=request.user.pk).exists()
    ):
        raise Http404
    nominations = list(ballot.nominations.select_related("candidate", "nominated_by").order_by("pk"))
    form = CommitteeRecommendationForm(request.POST or None, ballot=ballot, nominations=nominations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination_recommend(
                nomination=next(n for n in nominations if n.pk == data["nomination"]),
                seat=data["seat"],
                statement=data["statement"],
                actor=request.user,
            )
        except BallotError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Valberedningens förslag är registrerat."))
            return redirect("steering:nomination-committee", pk=ballot.pk)
    context = {"ballot": ballot, "nominations": nominations, "form": form}
    return render(request, "steering/nomination_committee.html", context, status=400 if form.errors else 200)
