from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from collaboration.shared.dates import PlausibleDatesMixin, decision_date, report_year

from .models import (
    NOT_HELD,
    TEXT_SECTIONS,
    AnnualReport,
    FinanceLine,
    SocialMediaChannel,
    diarienummer_validator,
)


class AnnualReportCreateForm(PlausibleDatesMixin, forms.ModelForm):
    plausible_dates = {"year": report_year}

    class Meta:
        model = AnnualReport
        fields = ["year"]


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = [field for field, _heading in TEXT_SECTIONS] + ["grant_amount", *NOT_HELD.values()]
        widgets = {field: forms.Textarea(attrs={"rows": 5}) for field, _heading in TEXT_SECTIONS}


ChannelFormSet = inlineformset_factory(
    AnnualReport,
    SocialMediaChannel,
    fields=["name", "followers", "new_followers", "position"],
    extra=2,
    can_delete=True,
)
FinanceLineFormSet = inlineformset_factory(
    AnnualReport,
    FinanceLine,
    fields=["kind", "label", "amount", "note", "position"],
    extra=3,
    can_delete=True,
)


class VersionApproveForm(PlausibleDatesMixin, forms.Form):
    plausible_dates = {"decision_date": decision_date}

    decision_date = forms.DateField(
        label=_("Kommunstyrelsens beslutsdatum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_reference = forms.CharField(
        label=_("Diarienummer"),
        max_length=32,
        help_text=_("Till exempel STK-2023-267."),
    )

    def clean_decision_reference(self) -> str:
        reference = self.cleaned_data["decision_reference"].upper()
        diarienummer_validator(reference)
        return reference
