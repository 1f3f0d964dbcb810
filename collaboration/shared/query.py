"""Query parameters are read through forms, never trusted: one small form per view's GET parameters.

`reads_query(FormClass, ...)` marks a view with the forms that parse its parameters; the property-based
test (tests/test_hostile_input.py) finds each view's parameter names there.
"""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _


class QueryForm(forms.Form):
    """A view's GET parameters. An invalid one is dropped, so the view shows its default, and the visitor
    is told why."""

    invalid_message = _("En del av adressen kunde inte användas, så sidan visar standardvyn.")

    @classmethod
    def parse(cls, request) -> dict:
        form = cls(request.GET)
        if not form.is_valid():
            messages.warning(request, form.invalid_message)
        return form.cleaned_data


class PageQueryForm(QueryForm):
    """The page number of a paged list; Django's paginator falls back to the first or last page itself."""

    sida = forms.CharField(required=False, max_length=10)


def reads_query(*form_classes: type[forms.Form]):
    def decorate(view):
        view.query_forms = form_classes
        return view

    return decorate


def query_parameter_names(view) -> set[str]:
    return {name for form_class in getattr(view, "query_forms", ()) for name in form_class.base_fields}
