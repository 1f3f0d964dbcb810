"""The error summary every portal page shows after a refused submit (templates/base.html).

`{% form_errors as errors %}` finds the bound forms and formsets of the page's context that have errors, so
no view has to pass them on: the page title then starts with "Fel:" and `includes/error_summary.html` lists
each error at the top of the page as a link to its field (WCAG 3.3.1), taking the focus when the page loads
(static/js/error_summary.js). The query-string forms (collaboration.shared.query) tell of a dropped parameter in a
message instead and are left out.
"""

from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BaseFormSet

from collaboration.shared.query import QueryForm

register = template.Library()


@dataclass(frozen=True)
class FieldError:
    message: str
    label: str = ""
    field_id: str = ""  # the id of the control the label points at; empty for errors of the whole form


def _form_errors(form: BaseForm) -> list[FieldError]:
    """A field's errors link to the field; the form's own errors (and a hidden field's) to its first field."""
    found = []
    visible = form.visible_fields()
    first_id = (visible[0].id_for_label or "") if visible else ""
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        if name == "__all__" or field is None or form[name].is_hidden:
            found += [FieldError(str(message), field_id=first_id) for message in errors]
            continue
        bound = form[name]
        found += [FieldError(str(message), str(bound.label), bound.id_for_label or "") for message in errors]
    return found


def _errors_of(value) -> list[FieldError] | None:
    if isinstance(value, BaseFormSet):
        if not value.is_bound:
            return None
        found = [FieldError(str(message)) for message in value.non_form_errors()]
        for form in value.forms:
            found += _form_errors(form)
        return found
    if isinstance(value, BaseForm) and not isinstance(value, QueryForm):
        return _form_errors(value) if value.is_bound else None
    return None


@register.simple_tag(takes_context=True)
def form_errors(context) -> list[FieldError]:
    """Every error of the page's bound forms, in the order the forms appear in the context, each once."""
    found, seen_forms, seen = [], set(), set()
    for value in context.flatten().values():
        if id(value) in seen_forms:
            continue
        seen_forms.add(id(value))
        for error in _errors_of(value) or ():
            if error not in seen:
                seen.add(error)
                found.append(error)
    return found
