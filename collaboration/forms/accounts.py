from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.utils.translation import gettext_lazy as _

from ..shared.passwords import SiteAndPersonWordsValidator


class SignupNameForm(forms.Form):
    """Extra fields on allauth's sign-up form: the name shown on sign-up lists and in the admin."""

    first_name = forms.CharField(
        label=_("Förnamn"), max_length=150, widget=forms.TextInput({"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Efternamn"), max_length=150, widget=forms.TextInput({"autocomplete": "family-name"})
    )

    field_order = ["first_name", "last_name"]

    def clean(self):
        cleaned_data = super().clean()
        # allauth checks the password against a stand-in user that has only the e-mail address; the name
        # entered on this form is checked here, with only the validators that look at the person.
        password = cleaned_data.get("password1")
        if password:
            from ..models import User

            person = User(
                first_name=cleaned_data.get("first_name", ""), last_name=cleaned_data.get("last_name", "")
            )
            validators = [
                UserAttributeSimilarityValidator(user_attributes=("first_name", "last_name")),
                SiteAndPersonWordsValidator(check_site_words=False),
            ]
            try:
                password_validation.validate_password(password, person, password_validators=validators)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
