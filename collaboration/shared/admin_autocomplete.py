"""Autocomplete fields in the admin that survive a value nobody could have picked.

Django's AutocompleteSelect draws the chosen options by filtering `pk__in` with the submitted values as
they are; a re-shown form with "abc" in an integer field then answers 500 (found by tests/test_hostile_input).
Every ModelAdmin and inline with `autocomplete_fields` uses this mixin (tests/test_admin_autocomplete.py).
"""

from typing import TYPE_CHECKING

from django.contrib.admin.options import BaseModelAdmin
from django.contrib.admin.widgets import AutocompleteMixin, AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError

# The mixins go before Django's classes; the type checker sees them as those.
if TYPE_CHECKING:
    _WidgetBase = AutocompleteMixin
    _AdminBase = BaseModelAdmin
else:
    _WidgetBase = object
    _AdminBase = object


class _ValidChoicesOnly(_WidgetBase):
    def optgroups(self, name, value, attr=None):
        # The field the widget filters on, found as Django's AutocompleteMixin finds it.
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", remote.model._meta.pk.attname))
        return super().optgroups(name, [v for v in value if _is_valid(target, v)], attr)


def _is_valid(field, value) -> bool:
    if value in (None, ""):
        return True
    try:
        field.to_python(value)
    except (ValidationError, TypeError, ValueError, OverflowError):
        return False
    return True


class ValidChoicesAutocompleteSelect(_ValidChoicesOnly, AutocompleteSelect):
    pass


class ValidChoicesAutocompleteSelectMultiple(_ValidChoicesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin(_AdminBase):
    """For ModelAdmin and InlineModelAdmin alike: autocomplete widgets that ignore unparseable values."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidChoicesAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = ValidChoicesAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
