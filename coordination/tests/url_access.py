"""Access per persona for needs and offers, matches and calls."""

from tests.url_access import LOGIN, Access, coordinators_only, post_only, public, signed_in


def _public_posting(users) -> dict:
    from coordination.factories import PostingFactory

    return {"pk": PostingFactory().pk}


def _submitted_posting_of_representative(users) -> dict:
    """Under review: its own organisation's representative and the coordinators see it, nobody else."""
    from coordination.factories import PostingFactory

    organisation = users["representative"].memberships.get().organisation
    return {"pk": PostingFactory(organisation=organisation, status="submitted").pk}


def _match_of_representative(users) -> dict:
    from coordination.factories import MatchFactory

    organisation = users["representative"].memberships.get().organisation
    return {"pk": MatchFactory(need__organisation=organisation).pk}


def _call(users) -> dict:
    from coordination.factories import CallFactory

    return {"pk": CallFactory().pk}


def _own_only(status_for_others: int) -> dict:
    expected = dict.fromkeys(["outsider", "contact", "steering_member", "city_official"], status_for_others)
    return expected | {"representative": 200, "coordinator": 200}


URL_ACCESS = {
    "coordination:posting-list": public(),
    "coordination:posting-create": signed_in(),
    "coordination:posting-review-list": coordinators_only(),
    "coordination:posting-detail": public(kwargs=_public_posting),
    "coordination:posting-review": post_only(kwargs=_public_posting),
    "coordination:posting-topic": post_only(kwargs=_public_posting),
    "coordination:match-create": post_only(kwargs=_public_posting),
    "coordination:match-list": signed_in(),
    "coordination:match-detail": Access(
        {"anonymous": LOGIN, **_own_only(404)}, kwargs=_match_of_representative
    ),
    "coordination:match-accept": post_only(kwargs=_match_of_representative),
    "coordination:match-partnership": post_only(kwargs=_match_of_representative),
    "coordination:call-detail": public(kwargs=_call),
}


def _accepted_match(users) -> dict:
    from django.utils import timezone

    from coordination.factories import MatchFactory

    now = timezone.now()
    return {"pk": MatchFactory(need_accepted_at=now, offer_accepted_at=now).pk}


# Pages in a state none of the samples above has, walked by the hostile-input test for their forms: a posting
# under review (the review form) and a match both sides accepted (the form that makes it a partnership).
HOSTILE_PAGES = {
    "posting under review": ("coordination:posting-detail", _submitted_posting_of_representative),
    "accepted match": ("coordination:match-detail", _accepted_match),
}

# A posting under review is not public: the same page, a 404 for everyone but its organisation and coordinators.
SUBMITTED_POSTING_ACCESS = Access(
    {"anonymous": 404, **_own_only(404)}, kwargs=_submitted_posting_of_representative
)


def _fund(users) -> dict:
    from coordination.factories import FundFactory

    return {"pk": FundFactory().pk}


def _unsubscribe_token(users) -> dict:
    from coordination.funding import unsubscribe_token

    return {"token": unsubscribe_token(users["representative"])}


URL_ACCESS |= {
    "coordination:fund-list": public(),
    "coordination:fund-detail": public(kwargs=_fund),
    "coordination:fund-help": post_only(kwargs=_fund),
    "coordination:funding-subscription": signed_in(),
    "coordination:funding-unsubscribe": public(kwargs=_unsubscribe_token),
}


def _mailing(users) -> dict:
    from coordination.models import Mailing

    return {
        "pk": Mailing.objects.create(subject="Nyhetsbrev", body="Hej!", created_by=users["coordinator"]).pk
    }


def _opt_out_token(users) -> dict:
    from coordination.mailings import opt_out_token

    return {"token": opt_out_token(users["representative"].email)}


URL_ACCESS |= {
    "coordination:mailing-list": coordinators_only(),
    "coordination:mailing-create": coordinators_only(),
    "coordination:mailing-detail": coordinators_only(kwargs=_mailing),
    "coordination:mailing-send": post_only(kwargs=_mailing),
    "coordination:mail-opt-out": public(kwargs=_opt_out_token),
}
