from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import KIND_SECTOR, CivilSocietyCategory, Organisation, Sector
from ..models.organisations import DIRECTORY_SECTORS, normalise_organisation_number
from ..shared.validators import SingleLineMixin


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label=_("Sök på namn"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("Kategori"),
        required=False,
        choices=[("", _("Alla kategorier")), *CivilSocietyCategory.choices],
    )
    sector = forms.ChoiceField(
        label=_("Sektor"),
        required=False,
        choices=[
            ("", _("Båda sektorerna")),
            *((value, label) for value, label in Sector.choices if value in DIRECTORY_SECTORS),
        ],
    )


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class MembershipRequestForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.active().only("id", "name"),
        empty_label=_("Välj organisation"),
        error_messages={
            "invalid_choice": _(
                "Organisationen finns inte. Välj en organisation i listan eller registrera en ny."
            ),
            "required": _("Välj vilken organisation du vill gå med i."),
        },
    )


class OrganisationRegisterForm(SingleLineMixin, forms.ModelForm):
    single_line_fields = ("name",)
    website = forms.URLField(label=_("Webbplats"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "category",
            "organisation_number",
            "umbrella",
            "email",
            "phone",
            "website",
            "address",
            "description",
        ]
        help_texts = {
            "organisation_number": _("Valfritt. Tio siffror, NNNNNN-NNNN."),
            "category": _("För idéburna organisationer."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_number"].required = False

    def clean_organisation_number(self) -> str | None:
        value = (self.cleaned_data.get("organisation_number") or "").strip()
        if not value:
            return None
        number = normalise_organisation_number(value)
        if Organisation.objects.filter(organisation_number=number).exists():
            raise ValidationError(
                _(
                    "En organisation med organisationsnummer %(number)s finns redan. Ansök om att gå med i den i stället."
                ),
                params={"number": number},
            )
        return number

    def clean(self):
        cleaned = super().clean()
        civil_society = KIND_SECTOR.get(cleaned.get("kind")) == Sector.CIVIL_SOCIETY
        if civil_society and not cleaned.get("category"):
            self.add_error("category", _("Välj en kategori för en idéburen organisation."))
        return cleaned

    def _post_clean(self):
        # The service validates and saves; the form only checks the fields.
        pass
