from django import forms
from django.utils.translation import gettext_lazy as _


class SignupNameForm(forms.Form):
    """Extra fields on allauth's sign-up form: the name shown on sign-up lists and in the admin."""

    first_name = forms.CharField(
        label=_("Förnamn"), max_length=150, widget=forms.TextInput({"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Efternamn"), max_length=150, widget=forms.TextInput({"autocomplete": "family-name"})
    )

    field_order = ["first_name", "last_name"]

    def signup(self, request, user) -> None:
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.save(update_fields=["first_name", "last_name"])
