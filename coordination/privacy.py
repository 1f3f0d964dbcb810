"""Personal data in coordination: who posted, reviewed and matched needs and offers, and who opened a call.

The postings and matches are the organisations' and stay; the links to the person are cleared. A person's
subscription to the funding e-mail and an opt-out of their address are theirs alone and go."""

from collaboration.services.privacy import detach_app, export_app

from .models import FundingSubscription, MailOptOut


def export(user) -> dict:
    return export_app("coordination", user)


def erase(user) -> None:
    FundingSubscription.objects.filter(user=user).delete()
    MailOptOut.objects.filter(email__iexact=user.email).delete()
    detach_app("coordination", user)
