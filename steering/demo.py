"""Demo steering group: focus areas (annual report 2021, memo STK-2023-267), fictional members with staggered
two-year terms, the meetings of 2021–2023 with agendas and minutes and four a year since, each later year's focus
area decided by the previous autumn's ballot (invented: the documents end with 2023's), proposals for next year
and its ballot.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from collaboration.models import Organisation, User
from collaboration.services.users import user_create

from .models import (
    Ballot,
    BallotKind,
    FocusArea,
    Mandate,
    MandateRole,
    Meeting,
    MinutesStatus,
    Nomination,
    Proposal,
    ProposalComment,
    Side,
)
from .services.ballots import ballot_close, ballot_confirm, ballot_open, vote_cast
from .services.mandates import mandate_create
from .services.proposals import proposal_comment_create, proposal_create, proposals_shortlist_decide

FOCUS_AREAS = [
    (
        2021,
        None,
        "Återstart",
        "Återstart efter pandemin: att återuppta och stärka föreningslivet och samverkan.",
    ),
    (2022, None, "Ungas trygghet och delaktighet", "Barn och ungas trygghet och delaktighet i Malmö."),
    (
        2023,
        None,
        "Jämlik hälsa – rörelse och kost, med särskild inriktning på diabetes typ 2",
        "Jämlik hälsa genom rörelse och kost, med särskild inriktning på att förebygga diabetes typ 2.",
    ),
]

# Fictional people. The group of 2021 (annual report 2021): 3 appointed by KSAU and 5 elected from civil
# society, with the coordinators co-opted. Terms run by calendar year and last two years, staggered: the
# "odd" seats are filled in 2021, 2023, 2025…; the "even" ones got a one-year first term in 2021 and are
# filled in 2022, 2024… So every year, and every day, has 3 + 5 voting members, and one person holds one
# seat at a time. (e-mail, first, last, side, category, role, cohort)
MEMBERS = [
    ("anna.lindqvist@example.org", "Anna", "Lindqvist", Side.CITY, "", MandateRole.CHAIR, "odd"),
    ("bengt.holm@example.org", "Bengt", "Holm", Side.CITY, "", MandateRole.MEMBER, "odd"),
    ("cecilia.ekberg@example.org", "Cecilia", "Ekberg", Side.CITY, "", MandateRole.MEMBER, "odd"),
    ("styrgrupp@example.org", "Stina", "Styrgren", Side.CIVIL_SOCIETY, "kultur", MandateRole.MEMBER, "odd"),
    (
        "david.nilsson@example.org",
        "David",
        "Nilsson",
        Side.CIVIL_SOCIETY,
        "idrott",
        MandateRole.MEMBER,
        "odd",
    ),
    (
        "elif.kaya@example.org",
        "Elif",
        "Kaya",
        Side.CIVIL_SOCIETY,
        "social_trygghet",
        MandateRole.MEMBER,
        "odd",
    ),
    ("fatima.ali@example.org", "Fatima", "Ali", Side.CIVIL_SOCIETY, "halsa", MandateRole.MEMBER, "even"),
    (
        "gustav.berg@example.org",
        "Gustav",
        "Berg",
        Side.CIVIL_SOCIETY,
        "utbildning",
        MandateRole.MEMBER,
        "even",
    ),
    ("samordnare@example.org", "Sara", "Samordnare", Side.CIVIL_SOCIETY, "", MandateRole.CO_OPTED, "odd"),
    ("karim.samordnare@example.org", "Karim", "Haddad", Side.CITY, "", MandateRole.CO_OPTED, "odd"),
]
FIRST_YEAR = 2021

PLACE = "Nobel 21, Nobelvägen 21, Malmö"
AGENDA = """1. Mötets öppnande och val av justerare
2. Godkännande av dagordningen
3. Föregående protokoll
4. Samordnarna rapporterar: dialogforum, idéverkstäder, Malmötimmar och lärandeluncher
5. {topic}
6. Övriga frågor
7. Mötets avslutande"""

# (date, topic, decisions). 2021: three meetings, as the annual report says; then four a year.
MEETINGS = [
    (dt.date(2021, 5, 20), "Ny styrgrupp: konstituering och arbetsformer", "Styrgruppen konstituerades."),
    (dt.date(2021, 9, 16), "Dialogforum hösten 2021 om återstart", "Höstens dialogforum hålls digitalt."),
    (
        dt.date(2021, 10, 21),
        "Beslut om fokusområde 2022",
        "Fokusområde 2022: Ungas trygghet och delaktighet.\nSamordnarna tar fram årsrapport 2021.",
    ),
    (
        dt.date(2022, 2, 17),
        "Årsrapport 2021",
        "Årsrapporten 2021 godkändes för överlämnande till kommunstyrelsen.",
    ),
    (dt.date(2022, 4, 21), "Idéverkstad om ungas trygghet", "Samordnarna bjuder in ungdomsorganisationer."),
    (
        dt.date(2022, 10, 13),
        "Beslut om fokusområde 2023",
        "Fokusområde 2023: Jämlik hälsa – rörelse och kost, med särskild inriktning på diabetes typ 2.",
    ),
    (dt.date(2022, 12, 8), "Valmöte 2023 och valberedning", "Valberedningen utsågs."),
    (dt.date(2023, 2, 16), "Årsrapport 2022 (STK-2023-267)", "Årsrapporten 2022 godkändes."),
    (dt.date(2023, 4, 20), "Malmötimmar om jämlik hälsa", "Fyra Malmötimmar planeras under året."),
    (dt.date(2023, 9, 14), "Inkomna förslag till fokusområde 2024", "Förslagen bereds till oktobermötet."),
    # The decision is the 2024 ballot's, minuted by ballot_confirm (`_focus_area_ballot`).
    (dt.date(2023, 10, 19), "Beslut om fokusområde 2024", ""),
]

# From 2024 on: four meetings a year, on the Thursday on or after each date (the group meets on Thursdays, as
# in 2021–2023), the focus-area decision at the October one ("senast i oktober"), after the ballot has closed.
YEARLY_MEETINGS = [
    (
        (2, 15),
        "Årsrapport för föregående år",
        "Årsrapporten godkändes för överlämnande till kommunstyrelsen.",
    ),
    ((4, 18), "Idéverkstad och vårens Malmötimmar", "Samordnarna planerar vårens aktiviteter."),
    ((9, 10), "Inkomna förslag till nästa års fokusområde", ""),
    ((10, 20), "Beslut om nästa års fokusområde", ""),
]

# (title, motivation, relation to the city's and the sector's priorities, shortlisted, recommended)
PROPOSALS = [
    (
        "Föreningslivet som väg till arbete för unga",
        "Föreningar ger unga erfarenhet, nätverk och första jobbet.",
        "Stadens mål om fler unga i arbete; sektorns arbete med ungas delaktighet.",
        True,
        True,
    ),
    (
        "Ensamhet bland äldre",
        "Idéburna organisationer når äldre som kommunen inte når.",
        "Stadens äldreplan; sektorns besöksverksamhet och mötesplatser.",
        True,
        False,
    ),
    (
        "Klimatomställning i vardagen",
        "Föreningar kan leda lokala initiativ för en hållbar stad.",
        "Stadens miljöprogram; sektorns lokala initiativ.",
        True,
        False,
    ),
    (
        "Fler ideella ledare",
        "Idrotten saknar domare och ledare efter pandemin.",
        "Sektorns egen prioritering; ingen motsvarighet i stadens mål i år.",
        False,
        False,
    ),
]

# The focus areas the demo's ballots decide for 2024 on, one a year in turn (invented; the documents end with
# 2023's). Each wins its ballot against the runners-up of PROPOSALS, which come back year after year.
DECIDED_FOCUS_AREAS = [
    (
        "Mötesplatser i hela staden",
        "Föreningar och förvaltningar öppnar sina lokaler så att det finns mötesplatser i alla stadsdelar.",
        "Stadens arbete för en sammanhållen stad; sektorns behov av lokaler.",
    ),
    (
        "Barns och ungas fritid",
        "En meningsfull fritid för fler barn och unga, i samverkan mellan föreningsliv och förvaltningar.",
        "Stadens mål för barn och unga; föreningslivets verksamhet på lov och kvällar.",
    ),
    (
        "Trygghet i närområdet",
        "Föreningar och staden arbetar tillsammans för trygga stadsdelar och grannskap.",
        "Stadens trygghetsarbete; sektorns lokala närvaro.",
    ),
]
FIRST_BALLOT_YEAR = 2024


def _person(email: str, first_name: str, last_name: str) -> User:
    user = User.objects.filter(email=email).first()
    return user or user_create(
        email=email, password=None, first_name=first_name, last_name=last_name, email_verified=True
    )


def _terms(cohort: str, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The cohort's terms from 2021 up to the one running today (the next one is the election's business)."""
    terms = []
    start = FIRST_YEAR
    while start <= today.year:
        length = 1 if cohort == "even" and start == FIRST_YEAR else 2
        terms.append((dt.date(start, 1, 1), dt.date(start + length - 1, 12, 31)))
        start += length
    return terms


def _latest_elected_term(today: dt.date) -> dt.date | None:
    """The start of the civil-society terms that began most recently: the last election meeting's seats."""
    starts = [
        _terms(cohort, today)[-1][0]
        for _email, _first, _last, side, _category, role, cohort in MEMBERS
        if side == Side.CIVIL_SOCIETY and role != MandateRole.CO_OPTED
    ]
    latest = max(starts, default=None)
    return latest if latest and latest.year > FIRST_YEAR else None


def _seat_members(today: dt.date, *, elected_by_ballot: dt.date | None = None) -> None:
    """Every term of the demo's members; the civil-society terms starting on `elected_by_ballot` are left to
    the election meeting that fills them (`_last_election`)."""
    for email, first_name, last_name, side, category, role, cohort in MEMBERS:
        user = _person(email, first_name, last_name)
        for starts_on, ends_on in _terms(cohort, today):
            if side == Side.CIVIL_SOCIETY and role != MandateRole.CO_OPTED and starts_on == elected_by_ballot:
                continue
            mandate_create(
                user=user,
                side=side,
                category=category,
                role=role,
                starts_on=starts_on,
                ends_on=ends_on,
                appointed_by="KSAU" if side == Side.CITY else f"Valmötet {starts_on.year - 1}",
            )


def _hold_meetings(today: dt.date) -> None:
    stockholm = ZoneInfo("Europe/Stockholm")
    for index, (day, topic, decisions) in enumerate(MEETINGS):
        meeting = Meeting.objects.create(
            held_at=dt.datetime.combine(day, dt.time(15, 0), tzinfo=stockholm),
            place=PLACE,
            agenda=AGENDA.format(topic=topic),
            minutes=f"Protokoll fört vid styrgruppens sammanträde {day:%Y-%m-%d}.\n\n§5 {topic}: diskuterades.",
            minutes_status=MinutesStatus.APPROVED,
            decisions=decisions,
        )
        _attend(meeting, day, index)
    now = timezone.now()
    for year in range(2024, today.year + 2):
        for index, ((month, day_of_month), topic, decisions) in enumerate(YEARLY_MEETINGS):
            day = dt.date(year, month, day_of_month)
            day += dt.timedelta(days=(3 - day.weekday()) % 7)
            held_at = dt.datetime.combine(day, dt.time(15, 0), tzinfo=stockholm)
            held = held_at < now
            meeting = Meeting.objects.create(
                held_at=held_at,
                place=PLACE,
                agenda=AGENDA.format(topic=topic),
                minutes=f"Protokoll fört vid styrgruppens sammanträde {day:%Y-%m-%d}." if held else "",
                minutes_status=MinutesStatus.APPROVED if held else MinutesStatus.NONE,
                decisions=decisions if held else "",
            )
            if held:
                _attend(meeting, day, index)


def _attend(meeting: Meeting, day: dt.date, index: int) -> None:
    seated = list(Mandate.objects.active_on(day).order_by("pk"))
    # Someone is always away; every third meeting two are.
    away = 2 if index % 3 == 0 else 1
    meeting.attendees.set(seated[: max(len(seated) - away, 0)])


def _meeting_in(year: int, month: int) -> Meeting | None:
    return Meeting.objects.filter(held_at__year=year, held_at__month=month).order_by("held_at").first()


def _proposals_for(year: int, today: dt.date) -> list[tuple]:
    """Next year's proposals as PROPOSALS has them; a past year's with that year's decided area in first place."""
    if year > today.year:
        return PROPOSALS
    title, motivation, priorities = DECIDED_FOCUS_AREAS[(year - FIRST_BALLOT_YEAR) % len(DECIDED_FOCUS_AREAS)]
    return [(title, motivation, priorities, True, True), *PROPOSALS[1:]]


def _focus_area_ballot(year: int, today: dt.date) -> None:
    """`year`'s focus area as the plan has it: proposals weighed, the group's shortlist at the September
    meeting of the year before, a ballot from late September to mid-October, the decision at the October
    meeting. What of it has happened depends on today's date: a past year's ballot has run to its decision."""
    autumn = year - 1
    stockholm = ZoneInfo("Europe/Stockholm")
    now = timezone.now()
    stina = User.objects.get(email="styrgrupp@example.org")
    proposer = User.objects.filter(email="forening@example.org").first() or stina
    coordinator = User.objects.filter(email="samordnare@example.org").first() or stina
    opens = dt.datetime.combine(dt.date(autumn, 9, 20), dt.time(9, 0), tzinfo=stockholm)
    closes = dt.datetime.combine(dt.date(autumn, 10, 15), dt.time(18, 0), tzinfo=stockholm)
    shortlist = []
    for title, motivation, priorities, shortlisted, recommended in _proposals_for(year, today):
        proposal = proposal_create(
            proposed_by=proposer, year=year, title=title, motivation=motivation, priorities=priorities
        )
        proposal.recommended = recommended
        proposal.save(update_fields=["recommended"])
        comment = proposal_comment_create(
            proposal=proposal, author=stina, body="Bra förslag – hur knyter det an till kommunens budgetmål?"
        )
        if opens < now:  # proposed in the summer before the ballot, not on the day the demo was loaded
            summer = opens - dt.timedelta(days=30)
            Proposal.objects.filter(pk=proposal.pk).update(created_at=summer)
            ProposalComment.objects.filter(pk=comment.pk).update(created_at=summer + dt.timedelta(days=2))
        if shortlisted:
            shortlist.append(proposal)
    september, october = _meeting_in(autumn, 9), _meeting_in(autumn, 10)
    if now < opens:  # early in the year: the ballot waits for the group's shortlist
        opens, closes = now - dt.timedelta(hours=1), now + dt.timedelta(days=10)
    ballot = Ballot.objects.create(
        title=f"Fokusområde {year}",
        year=year,
        description="Styrgruppen röstar om nästa års fokusområde bland de förslag den valt ut. "
        "Resultatet fastställs vid oktobermötet.",
        opens_at=opens,
        closes_at=closes,
        meeting=october,
    )
    if september and september.held_at < now:
        proposals_shortlist_decide(meeting=september, year=year, proposals=shortlist, actor=coordinator)
    else:  # the September meeting is still to come; so that the demo has a ballot to vote in
        for proposal in shortlist:
            proposal.status = "shortlisted"
            proposal.save(update_fields=["status"])
    ballot_open(ballot=ballot, actor=coordinator, now=opens)
    if closes > now:
        return
    # The ballot has run: six of the eight voting members voted, most for the first proposal.
    voters = list(ballot.electors.select_related("user").order_by("pk"))[:6]
    options = list(ballot.options.filter(is_abstain=False).order_by("position"))
    for index, elector in enumerate(voters):
        option = options[0] if index < 4 else options[index % len(options)]
        vote_cast(ballot=ballot, user=elector.user, option_id=option.pk, now=opens + dt.timedelta(days=1))
    ballot = ballot_close(ballot=ballot, actor=coordinator, now=closes)
    if october and october.held_at < now:
        ballot_confirm(ballot=ballot, meeting=october, actor=coordinator, now=october.held_at)


def _last_election(term_starts_on: dt.date) -> None:
    """The election meeting of December before `term_starts_on`, run to its result: the representatives of the
    member organisations vote (one vote per organisation, up to as many marks as seats), the seats go to the
    most-voted candidates within the category rule, and the elected become the members whose terms start then.
    A well-supported candidate from a category already seated (kultur) steps aside, as the rule says."""
    from collaboration.models import Membership, MembershipRole

    elected = [
        (email, first_name, last_name, category)
        for email, first_name, last_name, side, category, role, _cohort in MEMBERS
        if side == Side.CIVIL_SOCIETY
        and role != MandateRole.CO_OPTED
        and _terms(_cohort, term_starts_on)[-1][0] == term_starts_on
    ]
    representatives = Membership.objects.confirmed().filter(role=MembershipRole.REPRESENTATIVE)
    voting = Organisation.objects.active().civil_society().filter(memberships__in=representatives)
    organisations = list(Organisation.objects.active().civil_society().order_by("pk")[:3])
    if not voting.exists():
        organisations = []  # no member organisation could vote (the steering demo alone)
    stockholm = ZoneInfo("Europe/Stockholm")
    opens = dt.datetime.combine(dt.date(term_starts_on.year - 1, 12, 5), dt.time(17, 0), tzinfo=stockholm)
    closes = opens + dt.timedelta(hours=2)
    coordinator = User.objects.filter(email="samordnare@example.org").first()
    ballot = None
    if organisations:
        ballot = Ballot.objects.create(
            kind=BallotKind.ELECTION,
            title=f"Valmöte {opens.year}: idéburen sektor {term_starts_on.year}–{term_starts_on.year + 1}",
            year=term_starts_on.year,
            description=f"{len(elected)} platser för idéburen sektor.",
            seats=len(elected),
            opens_at=opens,
            closes_at=closes,
            term_starts_on=term_starts_on,
        )
        candidates = [*elected, ("nora.kultur@example.org", "Nora", "Kulturell", "kultur")]
        for index, (email, first_name, last_name, category) in enumerate(candidates):
            seat = index + 1 if index < len(elected) else None
            Nomination.objects.create(
                ballot=ballot,
                candidate=_person(email, first_name, last_name),
                nominated_by=organisations[index % len(organisations)],
                category=category,
                presentation=f"{first_name} är aktiv i föreningslivet sedan många år.",
                recommended=seat is not None,
                recommended_for_seat=seat,
                committee_statement="Valberedningen föreslår kandidaten: kategorin har en plats på val."
                if seat
                else "Kategorin är redan företrädd i styrgruppen.",
            )
        _name_election_bodies(ballot)
        ballot_open(ballot=ballot, actor=coordinator, now=opens)
        options = {
            option.nomination.candidate.email: option
            for option in ballot.options.filter(is_abstain=False).select_related("nomination__candidate")
        }
        for index, elector in enumerate(ballot.electors.select_related("organisation").order_by("pk")):
            membership = representatives.filter(organisation=elector.organisation).first()
            if membership is None:
                continue
            # Every organisation marks the kultur candidate; most mark the recommended candidates too.
            marks = ["nora.kultur@example.org", *(email for email, *_rest in elected)][: ballot.seats]
            if index % 3 == 2:
                marks = [email for email, *_rest in elected]
            vote_cast(
                ballot=ballot,
                user=membership.user,
                option_ids=[options[email].pk for email in marks],
                organisation_id=elector.organisation_id,
                now=opens + dt.timedelta(minutes=30),
            )
        ballot = ballot_close(ballot=ballot, actor=coordinator, now=closes)
    if ballot is None:
        # No member organisations to vote (the steering demo alone): the seats as the election gave them.
        for email, first_name, last_name, category in elected:
            mandate_create(
                user=_person(email, first_name, last_name),
                side=Side.CIVIL_SOCIETY,
                category=category,
                starts_on=term_starts_on,
                appointed_by=f"Valmötet {term_starts_on.year - 1}",
            )


def _election_in_preparation(today: dt.date) -> None:
    """The election meeting for the civil-society seats whose terms end this year, taking nominations;
    the nomination committee has recommended two candidates."""
    organisations = list(Organisation.objects.active().civil_society()[:3])
    if not organisations:
        return
    stockholm = ZoneInfo("Europe/Stockholm")
    opens = dt.datetime.combine(today + dt.timedelta(days=14), dt.time(17, 0), tzinfo=stockholm)
    year = opens.year + 1  # new terms start on 1 January
    seats = (
        Mandate.objects.voting().filter(side=Side.CIVIL_SOCIETY, ends_on=dt.date(year - 1, 12, 31)).count()
    )
    ballot = Ballot.objects.create(
        kind=BallotKind.ELECTION,
        title=f"Valmöte {opens.year}: idéburen sektor {year}–{year + 1}",
        year=year,
        description=f"{seats} platser för idéburen sektor. En röst per medlemsorganisation, lagd av dess "
        f"representant, som markerar högst {max(seats, 1)} kandidater. De fem ledamöterna från idéburen sektor "
        "kommer från olika kategorier.",
        seats=max(seats, 1),
        opens_at=opens,
        closes_at=opens + dt.timedelta(hours=2),
        term_starts_on=dt.date(year, 1, 1),
    )
    ending = list(
        Mandate.objects.voting()
        .filter(side=Side.CIVIL_SOCIETY, ends_on=dt.date(year - 1, 12, 31))
        .order_by("category")
        .values_list("category", flat=True)
    )
    staying = (
        Mandate.objects.active_on(dt.date(year, 1, 1))
        .voting()
        .filter(side=Side.CIVIL_SOCIETY)
        .values_list("category", flat=True)
        .first()
    )
    # One candidate for each category whose seat is up (the committee recommends them, seat by seat), and one
    # from a category that stays seated, who would step aside by the category rule.
    people = [
        ("hanna.svensson@example.org", "Hanna", "Svensson"),
        ("ivan.petrovic@example.org", "Ivan", "Petrović"),
        ("julia.ahmed@example.org", "Julia", "Ahmed"),
        ("kalle.lind@example.org", "Kalle", "Lind"),
        ("lina.osman@example.org", "Lina", "Osman"),
        ("mats.ek@example.org", "Mats", "Ek"),
    ]
    categories = [*ending, staying or "kultur"]
    for index, ((email, first_name, last_name), category) in enumerate(zip(people, categories, strict=False)):
        seat = index + 1 if index < len(ending) else None
        Nomination.objects.create(
            ballot=ballot,
            candidate=_person(email, first_name, last_name),
            nominated_by=organisations[index % len(organisations)],
            category=category,
            presentation=f"{first_name} är aktiv i föreningslivet sedan många år.",
            recommended=seat is not None,
            recommended_for_seat=seat,
            committee_statement="Valberedningen föreslår kandidaten: kategorin har en plats på val i år."
            if seat
            else "",
        )
    _name_election_bodies(ballot)


def _name_election_bodies(ballot: Ballot) -> None:
    """The demo's nominating committee and the election meeting's own chair, who draws any lot (never the
    steering group's chair)."""
    ballot.nominating_committee.set(
        [
            _person("valberedning.ordf@example.org", "Rut", "Valberedare"),
            _person("valberedning.ledamot@example.org", "Omar", "Valberedare"),
        ]
    )
    ballot.election_chair = _person("valmote.ordf@example.org", "Vera", "Valmötesordförande")
    ballot.save(update_fields=["election_chair"])


def load() -> None:
    for start_year, end_year, title, description in FOCUS_AREAS:
        FocusArea.objects.create(
            start_year=start_year, end_year=end_year, title=title, description=description
        )
    today = timezone.localdate()
    elected_by_ballot = _latest_elected_term(today)
    _seat_members(today, elected_by_ballot=elected_by_ballot)
    if elected_by_ballot:
        _last_election(elected_by_ballot)
    # After the election: the members it seated attend this year's meetings too.
    _hold_meetings(today)
    # Every year after the documents' last focus area (2023) has the one its previous autumn decided.
    for year in range(FIRST_BALLOT_YEAR, today.year + 2):
        _focus_area_ballot(year, today)
    _election_in_preparation(today)
