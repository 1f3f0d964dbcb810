"""Validators for text that ends up in a mail header (a subject, a name in a subject)."""

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def single_line(value: str) -> None:
    """A line break in a header would split it: Django's mail refuses it (BadHeaderError), in the worker,
    long after the person who typed it has left. Refuse it where it is typed."""
    if "\r" in value or "\n" in value:
        raise ValidationError(_("Texten ska stå på en rad, utan radbrytningar."), code="line_break")


# The mixin goes before a form class; the type checker sees it as one.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class SingleLineMixin(_FormBase):
    """For a form: the fields named in `single_line_fields` refuse line breaks."""

    single_line_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.single_line_fields:
            if name in self.fields:
                self.fields[name].validators.append(single_line)
