"""`{{ value|swedish }}`: stored content, written in Swedish, marked as such (WCAG 3.1.2 language of parts) where
it sits inside a translated sentence, e.g. a blocktranslate variable. Elsewhere templates put lang="sv" on the
element that holds the content."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def swedish(value):
    return format_html('<span lang="sv">{}</span>', value)
