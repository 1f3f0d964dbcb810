"""Personal data in coordination: who posted, reviewed and matched needs and offers, and who opened a call.

The postings and matches are the organisations' and stay; the links to the person are cleared. A person's
subscription to the funding e-mail is theirs alone and goes."""

from collaboration.services.privacy import detach_app, export_app

from .models import FundingSubscription


def export(user) -> dict:
    return export_app("coordination", user)


def erase(user) -> None:
    FundingSubscription.objects.filter(user=user).delete()
    detach_app("coordination", user)
