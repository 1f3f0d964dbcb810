from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from collaboration.shared.admin_autocomplete import SafeAutocompleteMixin

from ..models import Membership, Organisation
from ..services.organisations import membership_confirm, organisation_merge
from ..shared.exports import Column, Export
from ..shared.validators import SingleLineMixin

ORGANISATION_EXPORT = Export(
    "organisationer",
    [
        Column(_("Namn"), "name"),
        Column(_("Organisationsform"), "get_kind_display"),
        Column(_("Sektor"), "get_sector_display"),
        Column(_("Kategori"), "get_category_display"),
        Column(_("Paraplyorganisation"), "get_umbrella_display"),
        Column(_("Organisationsnummer"), "organisation_number"),
        Column(_("E-post"), "email"),
        Column(_("Telefon"), "phone"),
        Column(_("Webbplats"), "website"),
        Column(_("Adress"), "address"),
        Column(_("Aktiv"), "is_active"),
        Column(_("Bekräftade medlemmar"), lambda o: o.confirmed_members),
        Column(_("Skapad"), "created_at"),
    ],
)

MEMBERSHIP_EXPORT = Export(
    "medlemskap",
    [
        Column(_("Organisation"), "organisation.name"),
        Column(_("Förnamn"), "user.first_name"),
        Column(_("Efternamn"), "user.last_name"),
        Column(_("E-post"), "user.email"),
        Column(_("Roll"), "get_role_display"),
        Column(_("Begärd"), "requested_at"),
        Column(_("Bekräftad"), "confirmed_at"),
    ],
)


class MembershipInline(SafeAutocompleteMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "city_role", "requested_at", "confirmed_at", "confirmed_by"]
    # Confirming goes through the service (it grants the representative role): the Membership list's action.
    readonly_fields = ["requested_at", "confirmed_at", "confirmed_by"]


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("Behåll"), queryset=Organisation.objects.none(), widget=forms.RadioSelect, empty_label=None
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = organisations


class OrganisationAdminForm(SingleLineMixin, forms.ModelForm):
    # The name goes into mail subjects.
    single_line_fields = ("name",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    ordering = ["-created_at", "name"]  # newest first
    form = OrganisationAdminForm
    list_display = [
        "name",
        "kind",
        "sector",
        "category",
        "umbrella",
        "organisation_number",
        "confirmed_members",
        "is_active",
    ]
    list_filter = ["kind", "sector", "category", "umbrella", "is_active"]
    search_fields = ["name", "organisation_number", "email"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [MembershipInline]
    actions = ["merge", *ORGANISATION_EXPORT.admin_actions()]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "kind",
                    "sector",
                    "category",
                    "umbrella",
                    "organisation_number",
                    "is_active",
                )
            },
        ),
        (_("Kontaktuppgifter"), {"fields": ("email", "phone", "website", "address", "description")}),
    )
    readonly_fields = ["sector"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_members=Count("memberships", filter=Q(memberships__confirmed_at__isnull=False))
            )
        )

    @admin.display(description=_("Bekräftade medlemmar"), ordering="confirmed_members")
    def confirmed_members(self, obj) -> int:
        return obj.confirmed_members

    @admin.action(description=_("Slå ihop två dubbletter"))
    def merge(self, request, queryset):
        organisations = queryset.order_by("created_at")
        if organisations.count() != 2:
            self.message_user(request, _("Markera exakt två organisationer att slå ihop."), messages.ERROR)
            return None
        form = MergeForm(
            request.POST if "merge_confirmed" in request.POST else None,
            organisations=organisations,
            initial={"keep": organisations[0]},
        )
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            duplicate = organisations.exclude(pk=keep.pk).get()
            try:
                organisation_merge(keep=keep, duplicate=duplicate)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return None
            self.message_user(
                request,
                _("%(duplicate)s är sammanslagen med %(keep)s.")
                % {"duplicate": duplicate.name, "keep": keep.name},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Slå ihop organisationer"),
            "organisations": organisations,
            "form": form,
            "opts": self.model._meta,
            "action_name": "merge",
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return render(request, "collaboration/organisation_merge.html", context)


@admin.register(Membership)
class MembershipAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    ordering = ["-requested_at", "-pk"]  # newest first
    list_display = ["user", "organisation", "role", "city_role", "requested_at", "confirmed_at"]
    list_filter = ["role", "city_role", ("confirmed_at", admin.EmptyFieldListFilter), "organisation__sector"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
    readonly_fields = ["requested_at", "confirmed_at", "confirmed_by"]
    actions = ["confirm", *MEMBERSHIP_EXPORT.admin_actions()]

    @admin.action(description=_("Bekräfta markerade medlemskap"))
    def confirm(self, request, queryset):
        pending = queryset.filter(confirmed_at__isnull=True)
        count = 0
        for membership in pending:
            membership_confirm(membership=membership, confirmed_by=request.user)
            count += 1
        self.message_user(request, _("%(count)s medlemskap bekräftade.") % {"count": count}, messages.SUCCESS)
