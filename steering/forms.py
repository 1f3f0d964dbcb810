from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collaboration.models import CivilSocietyCategory


class ProposalForm(forms.Form):
    year = forms.TypedChoiceField(label=_("För år"), coerce=int)
    title = forms.CharField(label=_("Förslag på fokusområde"), max_length=200)
    motivation = forms.CharField(
        label=_("Motivering"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Varför är området viktigt för Malmö, och för vem?"),
    )
    priorities = forms.CharField(
        label=_("Koppling till stadens och sektorns prioriteringar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
        help_text=_("Hur hänger förslaget ihop med Malmö stads och den idéburna sektorns prioriteringar?"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, str(y)) for y in (this_year + 1, this_year + 2)]
        self.fields["year"].initial = this_year + 1


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Din kommentar"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class MarksField(forms.Field):
    """An election's marks: the option ids ticked (how many may be is the service's rule)."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return [int(v) for v in values]
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        if not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class VoteForm(forms.Form):
    # Which options count is the service's decision (it also refuses votes outside the opening hours).
    option = forms.IntegerField(
        label=_("Ditt val"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj ett alternativ."), "invalid": _("Välj ett alternativ.")},
    )
    organisation = forms.TypedChoiceField(label=_("Jag röstar för"), coerce=int, required=False)
    receipt_code = forms.CharField(
        label=_("Kvittokod"),
        required=False,
        max_length=100,
        strip=True,
        help_text=_(
            "Behövs bara för att ändra en röst du redan lagt, om den här webbläsaren inte har koden sparad: "
            "klistra in koden du fick när du röstade."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, ballot, electors, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable: the options are read only when the form is rendered (the page caches them otherwise).
        if ballot.kind == "election":
            self.fields["option"] = MarksField(
                label=_("Dina kandidater (markera högst %(n)s)") % {"n": ballot.seats},
                error_messages={
                    "required": _("Markera minst en kandidat, eller Jag avstår."),
                    "invalid": _("Välj bland kandidaterna."),
                },
            )
        self.fields["option"].widget.choices = lambda: [(o.pk, o.label) for o in ballot.options.all()]
        if not ballot.is_secret:
            del self.fields["receipt_code"]
        organisations = [e.organisation for e in electors if e.organisation_id]
        if len(organisations) > 1:
            self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
            self.fields["organisation"].required = True
        else:
            del self.fields["organisation"]


class NominationForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("Nominerande organisation"), coerce=int)
    candidate_email = forms.EmailField(
        label=_("Kandidatens e-postadress"), help_text=_("Kandidaten behöver ha ett konto i portalen.")
    )
    category = forms.ChoiceField(label=_("Kategori"), choices=CivilSocietyCategory.choices)
    presentation = forms.CharField(
        label=_("Presentation av kandidaten"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class CommitteeRecommendationForm(forms.Form):
    nomination = forms.TypedChoiceField(label=_("Kandidat"), coerce=int)
    seat = forms.TypedChoiceField(label=_("Plats"), coerce=int)
    statement = forms.CharField(
        label=_("Valberedningens motivering"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, ballot, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].choices = [
            (n.pk, f"{n.candidate} ({n.category_label})") for n in nominations
        ]
        self.fields["seat"].choices = [(i, str(i)) for i in range(1, ballot.seats + 1)]
