from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from collaboration.shared.admin_autocomplete import SafeAutocompleteMixin

from ..models import (
    DecisionReference,
    Partnership,
    PartnershipDocument,
    PartnershipParty,
    StageChange,
    SupportEntry,
)
from ..services.partnerships import check_stage_day, partnership_save
from ..shared.dates import PlausibleDatesMixin, agreement_date, decision_date, recorded_date
from ..shared.exports import Column, Export

PARTNERSHIP_EXPORT = Export(
    "samverkan",
    [
        Column(_("Namn"), "title"),
        Column(_("Samverkansform"), "get_form_display"),
        Column(_("Steg"), "get_stage_display"),
        Column(_("Nivå"), "get_level_display"),
        Column(
            _("Parter"),
            lambda p: "; ".join(f"{x.organisation.name} ({x.get_side_display()})" for x in p.parties.all()),
        ),
        Column(_("Syfte"), "purpose"),
        Column(_("Diarienummer"), lambda p: ", ".join(d.diarienummer for d in p.decisions.all())),
        Column(_("Uppdrag givet"), "commissioned_on"),
        Column(_("Avtal undertecknat"), "signed_on"),
        Column(_("Startar"), "starts_on"),
        Column(_("Slutar"), "ends_on"),
        Column(_("Skäl till avbrott"), "stopped_reason"),
    ],
)


class PartyInline(SafeAutocompleteMixin, admin.TabularInline):
    model = PartnershipParty
    extra = 1
    autocomplete_fields = ["organisation"]


class DecisionAdminForm(PlausibleDatesMixin, forms.ModelForm):
    plausible_dates = {"decided_on": decision_date}


class SupportAdminForm(PlausibleDatesMixin, forms.ModelForm):
    plausible_dates = {"date": recorded_date}


class DecisionInline(admin.TabularInline):
    model = DecisionReference
    form = DecisionAdminForm
    extra = 0


class DocumentInline(admin.TabularInline):
    model = PartnershipDocument
    extra = 0
    fields = ["title", "file", "download", "content_type", "size", "uploaded_at"]
    readonly_fields = ["download", "content_type", "size", "uploaded_at"]
    # A plain file input: the default widget links to MEDIA_URL, which the portal never serves.
    formfield_overrides = {PartnershipDocument._meta.get_field("file").__class__: {"widget": forms.FileInput}}

    @admin.display(description=_("Ladda ner"))
    def download(self, obj):
        if not obj.pk:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("partnership-document-download", args=[obj.pk]), obj.original_name
        )


class SupportInline(SafeAutocompleteMixin, admin.TabularInline):
    model = SupportEntry
    form = SupportAdminForm
    extra = 0
    autocomplete_fields = ["coordinator"]
    exclude = ["organisation", "requested_by"]


@admin.register(SupportEntry)
class SupportEntryAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    """The whole support log: the partnerships' entries and organisations' requests for help (funding)."""

    form = SupportAdminForm
    list_display = ["date", "kind", "partnership", "organisation", "requested_by", "coordinator"]
    list_filter = ["kind", "date"]
    list_select_related = ["partnership", "organisation", "requested_by", "coordinator"]
    search_fields = ["description", "organisation__name", "partnership__title"]
    autocomplete_fields = ["partnership", "organisation", "coordinator"]
    readonly_fields = ["requested_by"]


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    fields = ["happened_on", "from_stage", "to_stage", "changed_by", "note", "changed_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class PartnershipAdminForm(PlausibleDatesMixin, forms.ModelForm):
    # Commissioned and signed are things that happened; start and end may be planned years ahead.
    plausible_dates = {
        "commissioned_on": decision_date,
        "signed_on": decision_date,
        "starts_on": agreement_date,
        "ends_on": agreement_date,
        "stage_changed_on": decision_date,
    }
    website = forms.URLField(label=_("webbplats"), required=False, assume_scheme="https")
    stage_changed_on = forms.DateField(
        label=_("datum för stegbytet"),
        required=False,
        help_text=_("Dagen då steget ändrades, om inte i dag (historik som registreras i efterhand)."),
        widget=forms.DateInput({"type": "date"}),
    )

    class Meta:
        model = Partnership
        fields = [
            "title",
            "form",
            "purpose",
            "level",
            "website",
            "stage",
            "stopped_reason",
            "next_step",
            "commissioned_on",
            "signed_on",
            "starts_on",
            "ends_on",
        ]

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        if self.instance.pk and stage and stage != self.initial.get("stage"):
            # Check the move against the stored stage, not the edited copy.
            stored = Partnership.objects.get(pk=self.instance.pk)
            try:
                stored.check_stage_change(stage, cleaned.get("stopped_reason", ""))
            except ValidationError as error:
                self.add_error("stopped_reason" if error.code == "reason" else "stage", error)
            day = cleaned.get("stage_changed_on")
            if day:
                try:
                    check_stage_day(stored, day)
                except ValidationError as error:
                    self.add_error("stage_changed_on", error)
        return cleaned


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    ordering = ["-stage_changed_at", "title"]  # newest first
    form = PartnershipAdminForm
    list_display = ["title", "form", "stage", "level", "stage_changed_at", "signed_on", "ends_on"]
    list_filter = ["stage", "form", "level"]
    search_fields = ["title", "purpose", "decisions__diarienummer", "parties__organisation__name"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ["stage_changed_at"]
    inlines = [PartyInline, DecisionInline, DocumentInline, SupportInline, StageChangeInline]
    actions = PARTNERSHIP_EXPORT.admin_actions()
    fieldsets = (
        (None, {"fields": ("title", "form", "purpose", "level", "website")}),
        (
            _("Steg"),
            {"fields": ("stage", "stage_changed_on", "stage_changed_at", "stopped_reason", "next_step")},
        ),
        (_("Datum"), {"fields": ("commissioned_on", "signed_on", "starts_on", "ends_on")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("parties", queryset=PartnershipParty.objects.select_related("organisation")),
                "decisions",
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # A new partnership starts at the beginning of the pipeline.
        return [*self.readonly_fields, "stage"] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        partnership_save(
            partnership=obj,
            saved_by=request.user,
            stage_before=form.initial.get("stage") if change else None,
            changed_on=form.cleaned_data.get("stage_changed_on"),
        )

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, PartnershipDocument):
                instance.uploaded_by = instance.uploaded_by or request.user
                instance.describe_file()
            if isinstance(instance, SupportEntry) and instance.coordinator_id is None:
                instance.coordinator = request.user
            instance.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()
