"""Personal data in coordination: who posted, reviewed and matched needs and offers, and who opened a call.

The postings and matches are the organisations' and stay; the links to the person are cleared."""

from collaboration.services.privacy import detach_app, export_app


def export(user) -> dict:
    return export_app("coordination", user)


def erase(user) -> None:
    detach_app("coordination", user)
