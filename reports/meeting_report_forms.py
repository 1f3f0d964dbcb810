from django import forms
from django.utils.translation import gettext_lazy as _

from .meeting_report_models import MEETING_REPORT_SECTIONS, SECTION_FIELDS, MeetingReport


class MeetingReportForm(forms.ModelForm):
    """The coordinators' texts, one per section; plain text, a line starting with "–" is a list item."""

    class Meta:
        model = MeetingReport
        fields = SECTION_FIELDS
        labels = dict(MEETING_REPORT_SECTIONS)
        widgets = {field: forms.Textarea(attrs={"rows": 6}) for field in SECTION_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.validators.append(_max_length)


def _max_length(value: str) -> None:
    if len(value) > 20_000:
        raise forms.ValidationError(_("Texten får vara högst 20 000 tecken."))


class MeetingReportDraftForm(forms.Form):
    replace_edited = forms.BooleanField(
        label=_("Ersätt också de avsnitt som samordnarna har ändrat"),
        required=False,
        help_text=_("Utan detta behålls de ändrade avsnitten och det nya utkastet visas bredvid dem."),
    )
