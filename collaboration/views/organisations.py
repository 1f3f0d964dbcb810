from functools import cached_property
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..forms.organisations import DirectorySearchForm, MembershipRequestForm, OrganisationRegisterForm
from ..models import CivilSocietyCategory, Membership, Organisation, OrganisationKind, Sector, Umbrella
from ..services.organisations import (
    get_membership_for_manager,
    get_organisation_for_user,
    membership_confirm,
    membership_decline,
    membership_request,
    organisation_register,
)
from ..shared.query import PageQueryForm, reads_query

DIRECTORY_PAGE_SIZE = 50


class _Directory:
    """One page of the public directory, read only when the template's cached copy of it is missing."""

    def __init__(self, *, query: str, category: str, sector: str, page_number: str):
        self.query, self.category, self.sector, self.page_number = query, category, sector, page_number
        # The copy's key: the cleaned search, urlencoded so that no two searches give the same key.
        self.key = urlencode({"q": query, "category": category, "sector": sector, "sida": page_number})

    @cached_property
    def page(self):
        rows = Organisation.objects.directory(
            query=self.query, category=self.category, sector=self.sector
        ).values("name", "kind", "sector", "category", "umbrella", "website")
        return Paginator(rows, DIRECTORY_PAGE_SIZE).get_page(self.page_number)

    @cached_property
    def organisations(self) -> list[dict]:
        # The labels looked up once per page; get_FOO_display() would rebuild and translate the whole
        # choices dict for every row.
        categories = {value: str(label) for value, label in CivilSocietyCategory.choices}
        umbrellas = {value: str(label) for value, label in Umbrella.choices}
        sectors = {value: str(label) for value, label in Sector.choices}
        # A committee or department has no civil-society category: its kind (nämnd, förvaltning) says what it is.
        kinds = {value: str(label) for value, label in OrganisationKind.choices}
        return [
            {
                **row,
                "sector_label": sectors.get(row["sector"], row["sector"]),
                "category_label": categories.get(row["category"])
                or (kinds.get(row["kind"], "") if row["sector"] == Sector.CITY else ""),
                "umbrella_label": umbrellas.get(row["umbrella"], row["umbrella"]),
            }
            for row in self.page.object_list
        ]


@require_GET
@reads_query(DirectorySearchForm, PageQueryForm)
def organisation_directory(request):
    form = DirectorySearchForm(request.GET or None)
    query = category = sector = ""
    if form.is_valid():
        query, category = form.cleaned_data["q"].strip(), form.cleaned_data["category"]
        sector = form.cleaned_data["sector"]
    directory = _Directory(
        query=query, category=category, sector=sector, page_number=request.GET.get("sida", "")
    )
    context = {"form": form, "directory": directory, "query": query, "category": category, "sector": sector}
    return render(request, "collaboration/organisation_directory.html", context)


@login_required
@require_GET
def organisation_mine(request):
    """The user's organisations; for those they represent, members and pending requests to handle."""
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "organisation__memberships",
                queryset=Membership.objects.select_related("user").order_by("confirmed_at", "requested_at"),
                to_attr="all_members",
            )
        )
        .order_by("organisation__name")
    )
    represented = set(Organisation.objects.represented_by(request.user).values_list("pk", flat=True))
    rows = [
        {"membership": membership, "manages": membership.organisation_id in represented}
        for membership in memberships
    ]
    return render(request, "collaboration/organisation_mine.html", {"rows": rows})


@login_required
def organisation_members(request, pk):
    organisation = get_organisation_for_user(request.user, pk, manage=True)
    members = organisation.memberships.select_related("user", "confirmed_by").order_by(
        "confirmed_at", "requested_at"
    )
    return render(
        request, "collaboration/organisation_members.html", {"organisation": organisation, "members": members}
    )


@login_required
@reads_query(MembershipRequestForm)
def organisation_join(request):
    form = MembershipRequestForm(
        request.POST or None, initial={"organisation": request.GET.get("organisation")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_request(user=request.user, organisation=form.cleaned_data["organisation"])
        except ValidationError as error:
            form.add_error("organisation", error)
        else:
            messages.success(
                request,
                _(
                    "Din förfrågan att gå med i %(organisation)s är skickad. Du får e-post när den är bekräftad."
                )
                % {"organisation": membership.organisation.name},
            )
            return redirect("organisation-mine")
    return render(request, "collaboration/organisation_join.html", {"form": form})


@login_required
def organisation_register_view(request):
    form = OrganisationRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_register(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(organisation)s är registrerad. En samordnare bekräftar dig som representant.")
                % {"organisation": organisation.name},
            )
            return redirect("organisation-mine")
    return render(request, "collaboration/organisation_register.html", {"form": form})


def _back_to_members(membership_or_org):
    return redirect("organisation-members", pk=membership_or_org.pk)


@require_POST
@login_required
def membership_confirm_view(request, pk):
    membership = get_membership_for_manager(request.user, pk)
    membership_confirm(membership=membership, confirmed_by=request.user)
    messages.success(request, _("%(person)s är nu bekräftad.") % {"person": membership.user})
    return _back_to_members(membership.organisation)


@require_POST
@login_required
def membership_decline_view(request, pk):
    membership = get_membership_for_manager(request.user, pk)
    try:
        organisation = membership_decline(membership=membership, declined_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back_to_members(membership.organisation)
    messages.success(request, _("%(person)s är borttagen.") % {"person": membership.user})
    if organisation.is_acted_for_by(request.user):
        return _back_to_members(organisation)
    return redirect("organisation-mine")
