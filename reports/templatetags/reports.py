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


@register.filter
def plural(count, forms: str) -> str:
    """'1 träff' / '3 träffar': `{{ n|plural:"träff,träffar" }}` gives the count and the right form."""
    singular, _sep, many = forms.partition(",")
    return f"{number(count)} {singular if count == 1 else many}"


@register.filter
def per_occasion(totals: dict) -> str:
    """'30 per tillfälle' when every event had the same, '25–31 per tillfälle' otherwise."""
    low, high = totals.get("min"), totals.get("max")
    if low is None:
        return ""
    if low == high:
        return f"{number(low)} per tillfälle"
    return f"{number(low)}–{number(high)} per tillfälle"


@register.filter
def plural_words(count, forms: str) -> str:
    """As `plural`, with small counts in words: 'en Malmötimme', 'fyra lärandeluncher'."""
    singular, _sep, many = forms.partition(",")
    return f"{in_words(count)} {singular if count == 1 else many}"


@register.filter
def sector_phrase(label: str) -> str:
    """A sector inside a sentence: common nouns in lower case, proper names ('Malmö stad') as they are."""
    return label if label.startswith("Malmö") else label[:1].lower() + label[1:]
