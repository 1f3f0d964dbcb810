"""The steering group over five years: seats, four meetings a year, proposals, and this year's open ballot."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

CATEGORIES = ["social_trygghet", "halsa", "kultur", "idrott", "utbildning"]


def build(*, rng, scale, today: dt.date, people) -> dict[str, int]:
    from collaboration.models import User
    from steering.factories import BallotFactory, MandateFactory, MeetingFactory, ProposalFactory
    from steering.models import Mandate, MandateRole, Meeting, Proposal, ProposalStatus, Side
    from steering.services.ballots import ballot_open, vote_cast

    from .dataset import PERSONA_EMAILS, at

    first = today.year - scale.years + 1
    mandates = []
    # Two-year terms from the first year on: 3 city and 5 civil-society seats, the benchmark's steering
    # member in one of the civil-society seats of the current term.
    members = rng.sample(list(people), 8 * (scale.years // 2 + 1))
    steering_member = User.objects.get(email=PERSONA_EMAILS["steering_member"])
    for term, start in enumerate(range(first, today.year + 1, 2)):
        seats = members[term * 8 : term * 8 + 8]
        if start + 2 > today.year:
            seats[3] = steering_member
        for seat, user in enumerate(seats):
            mandates.append(
                MandateFactory.build(
                    user=user,
                    side=Side.CITY if seat < 3 else Side.CIVIL_SOCIETY,
                    category="" if seat < 3 else CATEGORIES[seat - 3],
                    role=MandateRole.CHAIR if seat == 0 else MandateRole.MEMBER,
                    starts_on=dt.date(start, 1, 1),
                    ends_on=dt.date(start + 1, 12, 31),
                )
            )
    Mandate.objects.bulk_create(mandates)

    meetings = []
    for year in range(first, today.year + 1):
        for month in (2, 5, 9, 11):
            meetings.append(MeetingFactory.build(held_at=at(dt.date(year, month, 12), 15)))
    meetings = Meeting.objects.bulk_create(meetings)
    through = Meeting.attendees.through
    field = Meeting.attendees.field.m2m_reverse_field_name()
    attendance = []
    for meeting in meetings:
        voting = [m for m in mandates if m.starts_on <= meeting.held_at.date() <= m.ends_on]
        for mandate in rng.sample(voting, min(len(voting), rng.randint(5, 8))):
            attendance.append(through(meeting=meeting, **{field: mandate}))
    through.objects.bulk_create(attendance)

    proposals = []
    for year in range(first + 1, today.year + 2):
        for _ in range(6):
            proposals.append(ProposalFactory.build(year=year, proposed_by=rng.choice(people)))
    Proposal.objects.bulk_create(proposals)

    # This year's ballot on next year's focus area, open, with half of the electorate having voted.
    ballot = BallotFactory(year=today.year + 1, title=f"Fokusområde {today.year + 1}")
    shortlisted = [p for p in proposals if p.year == today.year + 1][:4]
    Proposal.objects.filter(pk__in=[p.pk for p in shortlisted]).update(status=ProposalStatus.SHORTLISTED)
    ballot = ballot_open(ballot=ballot, now=timezone.now())
    options = list(ballot.options.values_list("pk", flat=True))
    voters = [e.user for e in ballot.electors.select_related("user") if e.user_id != steering_member.pk]
    for voter in voters[: len(voters) // 2]:
        vote_cast(ballot=ballot, user=voter, option_id=rng.choice(options))
    return {
        "mandates": len(mandates),
        "meetings": len(meetings),
        "meeting_attendance": len(attendance),
        "proposals": len(proposals),
        "ballots": 1,
    }
