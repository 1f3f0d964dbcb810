import datetime as dt

from django import forms
from django.forms import formset_factory
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from collaboration.models import Organisation, Sector
from collaboration.shared.dates import planned_date
from collaboration.shared.query import QueryForm
from collaboration.shared.validators import single_line

from .models import Event, EventKind, QuestionKind, RegistrationStatus
from .services.events import MESSAGE_AUDIENCES


def _month_choices(months: int = 12) -> list[tuple[str, str]]:
    today = timezone.localdate().replace(day=1)
    choices = [("", _("Alla månader"))]
    for offset in range(months):
        year, month = divmod(today.month - 1 + offset, 12)
        first = dt.date(today.year + year, month + 1, 1)
        choices.append((f"{first:%Y-%m}", formats.date_format(first, "F Y").capitalize()))
    return choices


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Typ"), required=False, choices=[("", _("Alla typer")), *EventKind.choices]
    )
    month = forms.ChoiceField(label=_("Månad"), required=False)
    focus_area = forms.TypedChoiceField(label=_("Fokusområde"), required=False, coerce=int, empty_value=None)
    place = forms.ChoiceField(
        label=_("Plats"),
        required=False,
        choices=[("", _("På plats och digitalt")), ("in_person", _("På plats")), ("online", _("Digitalt"))],
    )

    def __init__(self, *args, focus_areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = _month_choices()
        self.fields["focus_area"].choices = [("", _("Alla fokusområden"))] + [
            (area.pk, area.title) for area in focus_areas
        ]


class CalendarQueryForm(QueryForm):
    invalid_message = _("Månaden i adressen kunde inte visas, så kalendern visar den här månaden.")
    manad = forms.CharField(required=False, max_length=7)

    def clean_manad(self) -> dt.date | None:
        value = self.cleaned_data["manad"]
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            first = dt.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Ange månaden som ÅÅÅÅ-MM.")) from None
        planned_date(first)
        return first


class YearQueryForm(QueryForm):
    invalid_message = _("Året i adressen kunde inte visas, så sidan visar i år.")
    ar = forms.IntegerField(required=False)


class QuestionsMixin:
    """The event's sign-up questions as fields "svar_<id>": free text, or a choice among the options.

    A required question is required only of a person actually signed up (`answers_wanted`), so an empty
    colleague row or "not myself" asks nothing; the service checks the answers again (answers_check)."""

    QUESTION_PREFIX = "svar_"

    def add_question_fields(self, questions) -> None:
        self.questions = list(questions)
        for question in self.questions:
            name = f"{self.QUESTION_PREFIX}{question.pk}"
            label = f"{question.text}{'' if question.required else ' ' + str(_('(frivillig)'))}"
            if question.kind == QuestionKind.CHOICE:
                choices = [("", _("Välj …")), *((option, option) for option in question.option_list)]
                self.fields[name] = forms.ChoiceField(label=label, choices=choices, required=False)
            else:
                self.fields[name] = forms.CharField(
                    label=label, max_length=500, required=False, validators=[single_line]
                )

    def question_fields(self):
        return [self[f"{self.QUESTION_PREFIX}{question.pk}"] for question in self.questions]

    def clean_answers(self, data: dict, *, wanted: bool) -> None:
        if not wanted:
            return
        for question in self.questions:
            name = f"{self.QUESTION_PREFIX}{question.pk}"
            if question.required and name not in self.errors and not data.get(name):
                self.add_error(name, _("Svara på frågan."))

    def answers(self) -> dict[int, str]:
        return {
            question.pk: self.cleaned_data.get(f"{self.QUESTION_PREFIX}{question.pk}") or ""
            for question in self.questions
        }


class SignupForm(QuestionsMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("För organisation"), queryset=None, empty_label=None)
    include_myself = forms.BooleanField(label=_("Anmäl mig själv"), required=False, initial=True)

    def __init__(self, *args, organisations, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.add_question_fields(questions)

    def clean(self):
        data = super().clean()
        self.clean_answers(data, wanted=bool(data.get("include_myself")))
        return data


class ColleagueForm(QuestionsMixin, forms.Form):
    name = forms.CharField(label=_("Kollegans namn"), max_length=200, required=False)
    email = forms.EmailField(label=_("Kollegans e-post"), required=False)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_question_fields(questions)

    def clean(self):
        data = super().clean()
        if self.has_error("email"):
            return data  # an invalid address has its own message; the row is not half empty
        if bool(data.get("name")) != bool(data.get("email")):
            raise forms.ValidationError(_("Ange både namn och e-post, eller lämna raden tom."))
        self.clean_answers(data, wanted=bool(data.get("email")))
        return data


ColleagueFormSet = formset_factory(ColleagueForm, extra=3, max_num=10)


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        choices=[("1", _("Närvarande")), ("0", _("Uteblev"))], coerce=lambda value: value == "1"
    )


class MoveForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (RegistrationStatus.CONFIRMED, _("Bekräftad")),
            (RegistrationStatus.WAITING, _("Väntelista")),
        ]
    )


class MessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("Mottagare"),
        choices=[
            ("confirmed", _("Bekräftade deltagare")),
            ("waiting", _("Väntelistan")),
            ("all", _("Alla anmälda")),
        ],
    )
    subject = forms.CharField(label=_("Ämnesrad"), max_length=200, validators=[single_line])
    body = forms.CharField(label=_("Meddelande"), widget=forms.Textarea(attrs={"rows": 8}))

    def clean_audience(self):
        value = self.cleaned_data["audience"]
        if value not in MESSAGE_AUDIENCES:
            raise forms.ValidationError(_("Välj mottagare."))
        return value


class TopicForm(forms.Form):
    title = forms.CharField(label=_("Ämne"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning (frivillig)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class TopicResultForm(forms.Form):
    result = forms.CharField(label=_("Dokumenterat resultat"), widget=forms.Textarea(attrs={"rows": 8}))
    # From idea to collaboration: the topic carried on to a later idea workshop, which then links back to it.
    carried_to = forms.ModelChoiceField(
        label=_("Förs vidare till idéverkstad"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("Inte vidare"),
        error_messages={"invalid_choice": _("Välj en idéverkstad efter evenemanget i listan.")},
    )

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carried_to"].queryset = workshops
        self.fields["carried_to"].label_from_instance = lambda event: (
            f"{event.title} ({formats.date_format(timezone.localtime(event.starts_at), 'j F Y')})"
        )


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Motsvarade evenemanget dina förväntningar? (1 = inte alls, 5 = helt)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Kommentar (frivillig)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


SECTOR_CHOICES = [("", _("– välj sektor –")), *Sector.choices]


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Organisation i registret"), queryset=Organisation.objects.none(), required=False
    )
    organisation_name = forms.CharField(
        label=_("Eller organisationens namn (finns inte i registret)"), max_length=200, required=False
    )
    sector = forms.ChoiceField(label=_("Sektor"), choices=SECTOR_CHOICES, required=False)
    email = forms.EmailField(label=_("E-post (frivillig)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        if not data.get("organisation") and not data.get("sector"):
            raise forms.ValidationError(
                _("Välj en organisation i registret, eller ange sektor (och gärna organisationens namn).")
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Deltagarlista (CSV eller Excel .xlsx)"),
        help_text=_("Första raden: rubriker som namn, e-post, organisation, sektor."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Filen måste vara CSV eller Excel (.xlsx)."))
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("Filen är för stor (högst 5 MB)."))
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    filename = forms.CharField(widget=forms.HiddenInput, max_length=200)


class HeadCountForm(forms.Form):
    total = forms.IntegerField(label=_("Deltagare totalt"), min_value=1, required=False)
    organisations = forms.IntegerField(label=_("Antal olika organisationer"), min_value=0, required=False)
    note = forms.CharField(label=_("Källa eller kommentar (frivillig)"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Sector.choices:
            self.fields[f"sector_{value}"] = forms.IntegerField(
                label=_("Varav %(sector)s") % {"sector": label}, min_value=0, required=False
            )

    def sectors(self) -> dict:
        return {value: self.cleaned_data.get(f"sector_{value}") for value in Sector.values}


class PaperEvaluationForm(forms.Form):
    source = forms.CharField(label=_("Insamlat via"), max_length=100, initial="papper")
    comments = forms.CharField(
        label=_("Kommentarer (frivilliga)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for score in range(1, 6):
            self.fields[f"score_{score}"] = forms.IntegerField(
                label=_("Antal svar med betyget %(score)s") % {"score": score}, min_value=0, initial=0
            )

    def per_score(self) -> dict[int, int]:
        return {score: self.cleaned_data[f"score_{score}"] for score in range(1, 6)}

    def clean(self):
        data = super().clean()
        if not self.errors and not sum(self.per_score().values()):
            raise forms.ValidationError(_("Ange antalet svar för minst ett betyg."))
        return data


class TopicRecordForm(forms.Form):
    title = forms.CharField(label=_("Ämne"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning (frivillig)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    result = forms.CharField(
        label=_("Resultat (frivilligt)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PresenterForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    role_title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    sector = forms.ChoiceField(label=_("Sektor"), choices=SECTOR_CHOICES, required=False)
