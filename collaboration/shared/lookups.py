"""ORM lookups that keep a typed number from reaching the database driver as an error.

Django (5.0+) already turns `id=99999999999999999999999` into an empty result when the number lies outside the
column's range (``IntegerFieldOverflow``), but not `id__in=[…]` or `organisation__in=[…]`: on SQLite the driver
then raises OverflowError ("Python int too large to convert to SQLite INTEGER"), which is a 500 wherever a
form checks submitted choices with `__in`, e.g. every ModelMultipleChoiceField in the admin. A number outside
the column's range cannot match any row, so these lookups leave it out, as the exact lookup does.
"""

from typing import TYPE_CHECKING

from django.db import models
from django.db.models.fields.related import ForeignObject
from django.db.models.fields.related_lookups import RelatedIn
from django.db.models.lookups import In

# The mixin goes before an `In` lookup; the type checker sees it as one.
if TYPE_CHECKING:
    _InBase = In
else:
    _InBase = object


class _LeavesOutOfRangeNumbers(_InBase):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            bounds = _column_range(self.lhs.output_field, connection)
            if bounds is not None:
                low, high = bounds
                self.rhs = [value for value in self.rhs if not _outside(value, low, high)]
        return super().process_rhs(compiler, connection)


class IntegerFieldIn(_LeavesOutOfRangeNumbers, In):
    pass


class IntegerRelatedIn(_LeavesOutOfRangeNumbers, RelatedIn):
    pass


def _column_range(field: models.Field, connection) -> tuple[int, int] | None:
    # A foreign key's column has the type of the key it points to.
    while (target := getattr(field, "target_field", None)) is not None and target is not field:
        field = target
    if not isinstance(field, models.IntegerField):
        return None
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # a backend that does not know the type: nothing to leave out
        return None


def _outside(value: object, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (low is not None and value < low) or (high is not None and value > high)


def register() -> None:
    """Installs the lookups (called once from CollaborationConfig.ready)."""
    # IntegerField's subclasses (AutoField, BigAutoField, PositiveIntegerField …) inherit the lookup.
    models.IntegerField.register_lookup(IntegerFieldIn)
    ForeignObject.register_lookup(IntegerRelatedIn)
