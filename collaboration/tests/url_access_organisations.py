"""Access per persona for the organisation, membership and partnership URLs (merged into url_access.py)."""

from pathlib import Path

from django.conf import settings

from tests.url_access import Access, coordinators_only, for_roles, post_only, public, signed_in


def _own_organisation(users) -> dict:
    return {"pk": users["representative"].memberships.get().organisation_id}


def _pending_membership(users) -> dict:
    from collaboration.factories import MembershipFactory

    return {"pk": MembershipFactory(confirmed_at=None).pk}


def _running_partnership(users) -> dict:
    from collaboration.factories import PartnershipFactory

    return {"pk": PartnershipFactory(stage="running").pk}


def _document_of_own_partnership(users) -> dict:
    """A document of a running partnership the representative's (and the contact's) organisation is a party
    to: its representative reads it, its contact does not act for it."""
    from collaboration.factories import PartnershipPartyFactory
    from collaboration.models import PartnershipDocument

    party = PartnershipPartyFactory(
        organisation=users["representative"].memberships.get().organisation, partnership__stage="running"
    )
    name = "partnerships/url-access.pdf"  # one fixed file, overwritten on each run
    path = Path(settings.MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    document = PartnershipDocument.objects.create(
        partnership=party.partnership,
        title="Avtal",
        file=name,
        original_name="avtal.pdf",
        content_type="application/pdf",
        size=15,
    )
    return {"pk": document.pk}


ORGANISATION_URL_ACCESS = {
    "organisation-directory": public(),
    "organisation-mine": signed_in(),
    "organisation-join": signed_in(),
    "organisation-register": signed_in(),
    "organisation-members": for_roles("representative", kwargs=_own_organisation, forbidden=404),
    "membership-confirm": post_only(kwargs=_pending_membership),
    "membership-decline": post_only(kwargs=_pending_membership),
    "partnership-list": public(),
    "partnership-pipeline": coordinators_only(),
    "partnership-detail": public(kwargs=_running_partnership),
    "partnership-stage-change": post_only(kwargs=_running_partnership),
    "partnership-document-upload": post_only(kwargs=_running_partnership),
    "partnership-support-add": post_only(kwargs=_running_partnership),
    # Documents are for coordinators and members of the parties; everyone else, signed in or not, gets 404.
    "partnership-document-download": Access(
        for_roles("representative", forbidden=404).expected | {"anonymous": 404}, _document_of_own_partnership
    ),
}
