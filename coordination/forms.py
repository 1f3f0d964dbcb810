from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from collaboration.forms.organisations import OrganisationChoiceField
from collaboration.models import CivilSocietyCategory, PartnershipForm
from collaboration.shared.dates import planned_date
from collaboration.shared.query import QueryForm
from collaboration.shared.validators import SingleLineMixin
from collaboration.shared.widgets import SwedishChoicesSelect
from events.models import Event

from .models import Mailing, Posting, PostingKind


class PostingQueryForm(QueryForm):
    typ = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Behov och erbjudanden")), *PostingKind.choices]
    )
    kategori = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        choices=[("", _("Alla kategorier")), *CivilSocietyCategory.choices],
    )
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)


class PostingCreateQueryForm(QueryForm):
    """`?samordning=<id>` preselects the call an offer answers, `?typ=` the kind."""

    samordning = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    typ = forms.ChoiceField(required=False, choices=[("", ""), *PostingKind.choices])


class PostingForm(SingleLineMixin, forms.ModelForm):
    single_line_fields = ("title", "for_whom", "place")
    organisation = OrganisationChoiceField(
        label=_("För organisation"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Välj en organisation som du företräder.")},
    )

    class Meta:
        model = Posting
        fields = [
            "kind",
            "organisation",
            "title",
            "description",
            "for_whom",
            "category",
            "focus_area",
            "place",
            "valid_until",
        ]
        widgets = {"valid_until": forms.DateInput(attrs={"type": "date"})}
        help_texts = {
            "title": _("Kort: vad behövs eller erbjuds?"),
            "valid_until": _("Lämna tomt om det gäller tills vidare."),
        }

    def __init__(self, *args, organisations, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if kinds:
            self.fields["kind"].choices = [(k, PostingKind(k).label) for k in kinds]
        self.fields["focus_area"].required = False

    def clean_valid_until(self):
        day = self.cleaned_data.get("valid_until")
        planned_date(day)
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("Datumet har redan passerat."))
        return day


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslut"), choices=[("publish", _("Publicera")), ("decline", _("Publicera inte"))]
    )


class MatchForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Erbjudande"),
        queryset=None,
        empty_label=_("Välj ett erbjudande"),
        error_messages={"invalid_choice": _("Välj ett publicerat erbjudande i listan.")},
    )
    note = forms.CharField(label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["offer"].label_from_instance = lambda o: f"{o.title} ({o.organisation.name})"


class PostingTopicForm(forms.Form):
    """A coordinator notes the forum or workshop topic a need or an offer grew out of."""

    topic = forms.ModelChoiceField(
        label=_("Började som ämnet"),
        queryset=None,
        required=False,
        empty_label=_("Inget ämne"),
        error_messages={
            "invalid_choice": _("Välj ett ämne från ett dialogforum eller en idéverkstad i listan.")
        },
    )

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics
        self.fields["topic"].label_from_instance = lambda topic: (
            f"{topic.title} ({topic.event.title}, {formats.date_format(timezone.localtime(topic.event.starts_at), 'j F Y')})"
        )


class MatchPartnershipForm(SingleLineMixin, forms.Form):
    single_line_fields = ("title",)
    title = forms.CharField(label=_("Namn på samverkan"), max_length=200)
    form = forms.ChoiceField(label=_("Samverkansform"), choices=PartnershipForm.choices)
    purpose = forms.CharField(label=_("Syfte"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class FundQueryForm(QueryForm):
    q = forms.CharField(label=_("Sök"), required=False, max_length=100)
    kategori = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        choices=[("", _("Alla kategorier")), *CivilSocietyCategory.choices],
    )
    alla = forms.BooleanField(label=_("Visa även de som passerat sista ansökningsdag"), required=False)


class FundingSubscriptionForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Kategorier"),
        choices=CivilSocietyCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Välj inga kategorier för att sluta få e-breven."),
    )


class FundingHelpForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("För organisation"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Välj en organisation som du företräder.")},
    )
    message = forms.CharField(
        label=_("Vad vill ni ha hjälp med?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MailingForm(SingleLineMixin, forms.ModelForm):
    single_line_fields = ("subject",)

    class Meta:
        model = Mailing
        fields = ["subject", "body", "audience", "sector", "category", "event_kind", "event"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10}), "event": SwedishChoicesSelect}
        help_texts = {
            "sector": _("När mottagarna är en sektors representanter."),
            "category": _("När mottagarna är en kategoris representanter."),
            "event_kind": _("När mottagarna är de som deltagit i en typ av evenemang."),
            "event": _("När mottagarna är ett evenemangs väntelista."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = Event.objects.order_by("-starts_at").only("id", "title", "starts_at")
