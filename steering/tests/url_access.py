from tests.url_access import PERSONAS, for_roles, post_only, public, signed_in


def _meeting(users):
    from steering.factories import MeetingFactory

    return {"pk": MeetingFactory().pk}


def _proposal(users):
    from steering.factories import ProposalFactory

    return {"pk": ProposalFactory(proposed_by=users["outsider"]).pk}


def _open_ballot(users):
    from steering.factories import open_focus_ballot

    return {"pk": open_focus_ballot().pk}


def _election(users):
    from steering.factories import BallotFactory
    from steering.models import BallotKind

    return {"pk": BallotFactory(kind=BallotKind.ELECTION, title="Valmöte").pk}


URL_ACCESS = {
    "steering:group": public(),
    "steering:meeting-list": public(),
    "steering:meeting-detail": public(kwargs=_meeting),
    # No PDF uploaded: 404 for everyone (the PDF itself is covered in steering/tests/test_meetings.py).
    "steering:meeting-minutes-pdf": public(kwargs=_meeting, **dict.fromkeys(PERSONAS, 404)),
    "steering:focusarea-list": public(),
    "steering:proposal-list": signed_in(),
    "steering:proposal-create": signed_in(),
    "steering:proposal-weigh": for_roles("steering_member", kwargs=lambda users: {"year": 2027}),
    "steering:proposal-detail": signed_in(kwargs=_proposal),
    "steering:proposal-comment": post_only(kwargs=_proposal),
    "steering:ballot-list": signed_in(),
    "steering:ballot-detail": signed_in(kwargs=_open_ballot),
    "steering:ballot-vote": post_only(kwargs=_open_ballot),
    "steering:nomination-create": for_roles("representative", kwargs=_election),
    # Only the election's own nominating committee: none of the personas sits on it.
    "steering:nomination-committee": signed_in(kwargs=_election, **dict.fromkeys(PERSONAS[1:], 404)),
}
