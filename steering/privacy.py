"""Personal data in steering: seats, proposals and comments, nominations, the electorate and votes.

Seats, nominations and electorate entries are the record of who decided what and stay, pointing to the
anonymised account; comments and nomination presentations are the person's own words and are removed."""

from collaboration.services.privacy import detach_app, export_app

from .models import Nomination, ProposalComment

REMOVED = "(borttagen)"


def export(user) -> dict:
    return export_app("steering", user)


def erase(user) -> None:
    ProposalComment.objects.filter(author=user).update(body=REMOVED)
    Nomination.objects.filter(candidate=user).update(presentation="", committee_statement="")
    # An electorate entry names either a person or an organisation (a constraint): it keeps the account.
    detach_app("steering", user, keep={"steering.Elector.user"})
