"""Who may see which rows of a model, said once: one condition that both the database and a cached copy obey.

A page that reads its object from a process's cached copy (`fragments.remembered`) cannot ask the database
whether the visitor may see it, so the check used to be written twice: a QuerySet filter for lists and the
uncached path, and a Python comparison for the cached one. They drift apart. Here each model's rule is one
function from the person to a Q:

    event_visibility = VisibilityRule(Event, lambda user: Q() if is_coordinator(user) else VISIBLE_TO_ALL)

    event_visibility.filter(Event.objects.all(), user)   # the database applies the Q
    event_visibility.allows(user, cached_event)          # the same Q, evaluated on the object's attributes

`allows` evaluates only what it can answer exactly as the database would: `exact`, `in`, `isnull` and the
comparisons `lt`, `lte`, `gt`, `gte` on the model's own loaded columns and on annotations the rule names
(`annotations=`), combined with AND, OR, XOR and NOT. Anything else (a subquery, a join, another lookup, a
deferred column) raises `NotEvaluable`: such a rule can serve queries only. `tests/test_access_rules.py`
proves for every rule, every persona and every row that the two answers agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar, cast

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import Combinable
from django.http import Http404

M = TypeVar("M", bound=Model)

_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda actual, wanted: actual < wanted,
    "lte": lambda actual, wanted: actual <= wanted,
    "gt": lambda actual, wanted: actual > wanted,
    "gte": lambda actual, wanted: actual >= wanted,
}
_EVALUABLE_LOOKUPS = {"exact", "in", "isnull", *_COMPARISONS}
_RULES: list[VisibilityRule[Any]] = []


class NotEvaluable(Exception):
    """The rule's Q for this person needs the database: `allows` cannot answer it on a loaded object."""


class VisibilityRule(Generic[M]):
    def __init__(
        self,
        model: type[M],
        condition: Callable[[Any], Q],
        *,
        annotations: Mapping[str, Callable[[], Any]] | None = None,
    ) -> None:
        self.model = model
        self.condition = condition
        # Annotations the condition reads (`approved` of a report): added by `filter` when the queryset lacks
        # them, and required on an object given to `allows`.
        self.annotations = dict(annotations or {})
        _RULES.append(self)

    def __repr__(self) -> str:
        return f"<VisibilityRule {self.model._meta.label}>"

    def q(self, user: Any) -> Q:
        return self.condition(user)

    def filter(self, queryset: QuerySet[M], user: Any) -> QuerySet[M]:
        """The rows of `queryset` the user may see."""
        missing = {
            name: make() for name, make in self.annotations.items() if name not in queryset.query.annotations
        }
        if missing:
            queryset = queryset.annotate(**missing)
        return queryset.filter(self.q(user))

    def get(self, queryset: QuerySet[M], user: Any, **lookup: Any) -> M:
        """The one row of `queryset` matching `lookup` that the user may see; 404 for missing and forbidden
        alike (and for a lookup value of the wrong type)."""
        try:
            return self.filter(queryset, user).get(**lookup)
        except (ObjectDoesNotExist, ValueError, TypeError):
            raise Http404 from None

    def allows(self, user: Any, obj: M) -> bool:
        """Whether the user may see `obj`, a row already loaded: the same Q as `filter`, on its attributes."""
        return holds(self.q(user), obj)

    def check(self, user: Any, obj: M | None) -> M:
        """`obj` if the user may see it; 404 when it is missing or forbidden."""
        if obj is None or not self.allows(user, obj):
            raise Http404
        return obj


def rules() -> list[VisibilityRule[Any]]:
    """Every rule defined, for the test that checks both answers agree."""
    return list(_RULES)


def holds(q: Q, obj: Model) -> bool:
    """Whether the loaded row `obj` meets `q`, answered as the database would (or NotEvaluable): for a model's
    property that states the same condition as one of its QuerySet's filters."""
    value = _evaluate(q, obj)
    return True if value is None else value


def _evaluate(q: Q, obj: Model) -> bool | None:
    """True or False, or None for a Q without conditions: Django leaves an empty Q out of the query at any
    depth, negated or not, so it neither narrows an AND nor widens an OR."""
    # Every child is evaluated (no short-circuit), so a Q that cannot be answered fails every time, not only
    # for the rows that happen to reach its unanswerable part.
    results = [
        _evaluate(child, obj) if isinstance(child, Q) else _lookup_holds(cast(tuple, child), obj, type(obj))
        for child in q.children
    ]
    conditions = [result for result in results if result is not None]
    if not conditions:
        return None
    if q.connector == Q.AND:
        value = all(conditions)
    elif q.connector == Q.OR:
        value = any(conditions)
    else:  # XOR: an odd number of true children
        value = sum(conditions) % 2 == 1
    return not value if q.negated else value


def _lookup_holds(child: tuple[str, Any], obj: Model, model: type[Model]) -> bool:
    path, wanted = child
    parts = path.split(LOOKUP_SEP)
    lookup = parts.pop() if len(parts) > 1 and parts[-1] in _EVALUABLE_LOOKUPS else "exact"
    if len(parts) != 1:
        raise NotEvaluable(f"{path!r} follows a relation or uses another lookup")
    if isinstance(wanted, (QuerySet, Combinable)) or (
        lookup == "in" and any(isinstance(item, (QuerySet, Combinable)) for item in _items(wanted))
    ):
        raise NotEvaluable(f"{path!r} compares with a query or an expression")
    actual = _attribute(obj, model, parts[0])
    if lookup == "isnull":
        return (actual is None) == bool(wanted)
    if actual is None:  # NULL equals nothing in SQL
        return False
    if lookup == "in":
        return actual in {_plain(item) for item in _items(wanted)}
    if lookup in _COMPARISONS:
        return _COMPARISONS[lookup](actual, _plain(wanted))
    return actual == _plain(wanted)


def _attribute(obj: Model, model: type[Model], name: str) -> Any:
    if name == "pk":
        return obj.pk
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    if field is not None and getattr(field, "concrete", False) and not field.many_to_many:
        attname = field.attname  # type: ignore[union-attr]  # concrete fields have an attname
        if attname in obj.get_deferred_fields():  # reading it would query the database, from a cached copy
            raise NotEvaluable(f"{name!r} was not loaded (only()/defer())")
        return getattr(obj, attname)
    if field is None and name in obj.__dict__:  # an annotation the rule names
        return obj.__dict__[name]
    raise NotEvaluable(f"{name!r} is no column of {model._meta.label} nor an annotation on the object")


def _items(value: Any) -> Iterable[Any]:
    return value if isinstance(value, (list, tuple, set, frozenset)) else [value]


def _plain(value: Any) -> Any:
    """A model instance compares by its primary key, a choice by its value."""
    if isinstance(value, Model):
        return value.pk
    return getattr(value, "value", value) if hasattr(value, "label") else value
