from django import template

from ..formatting import in_words, number, swedish_date

register = template.Library()


@register.filter
def report_number(value) -> str:
    """Numbers the Swedish way (1 000 000); text passes through."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "–" if value is None else value
    return number(value)


@register.filter
def report_date(value) -> str:
    return swedish_date(value)


@register.filter
def get(mapping, key):
    return (mapping or {}).get(key)


@register.filter
def report_words(value) -> str:
    return in_words(value)
