from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import PartnershipStage, SupportEntry
from ..models.partnerships import validate_document_file
from ..shared.dates import PlausibleDatesMixin, recorded_date


class StageChangeForm(forms.Form):
    stage = forms.ChoiceField(label=_("Nytt steg"), choices=PartnershipStage.choices)
    reason = forms.CharField(
        label=_("Kommentar (krävs om samverkan avbryts)"), required=False, widget=forms.Textarea({"rows": 2})
    )
    next_step = forms.CharField(label=_("Nästa steg"), required=False, max_length=300)
    changed_on = forms.DateField(
        label=_("Datum då det hände"),
        help_text=_(
            "Dagens datum om inget annat anges; ett tidigare datum för historik som registreras i efterhand."
        ),
        required=False,
        widget=forms.DateInput({"type": "date"}),
    )

    def __init__(self, *args, partnership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        if partnership is not None:
            # The select offers only the allowed steps; any stage is accepted as input so that a skipped
            # step gets the pipeline's own explanation rather than "not a valid choice".
            allowed = partnership.allowed_next_stages()
            self.fields["stage"].widget.choices = [(s, PartnershipStage(s).label) for s in allowed]
            self.fields["next_step"].initial = partnership.next_step
        self.fields["changed_on"].initial = timezone.localdate

    def clean(self):
        cleaned = super().clean()
        stage = cleaned.get("stage")
        if stage and self.partnership is not None:
            try:
                self.partnership.check_stage_change(stage, cleaned.get("reason", ""))
            except forms.ValidationError as error:
                self.add_error("stage" if error.code != "reason" else "reason", error)
        day = cleaned.get("changed_on")
        if day and self.partnership is not None:
            from ..services.partnerships import check_stage_day

            try:
                check_stage_day(self.partnership, day)
            except forms.ValidationError as error:
                self.add_error("changed_on", error)
        return cleaned


class DocumentUploadForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    file = forms.FileField(
        label=_("Fil (PDF eller Office)"),
        validators=[validate_document_file],
        widget=forms.ClearableFileInput({"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"}),
    )


class SupportEntryForm(PlausibleDatesMixin, forms.ModelForm):
    plausible_dates = {"date": recorded_date}

    class Meta:
        model = SupportEntry
        fields = ["date", "kind", "description"]
        widgets = {"date": forms.DateInput({"type": "date"}), "description": forms.Textarea({"rows": 3})}
