"""Swedish number and date formatting for the report, the same in the page, the PDF and every process."""

import datetime as dt

NBSP = "\u00a0"
MONTH_NAMES = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def number(value) -> str:
    """1 000 000 with non-breaking spaces; decimals with a comma."""
    if value is None or value == "":
        return "–"
    if isinstance(value, float) and not value.is_integer():
        whole, _, decimals = f"{value:,.1f}".partition(".")
        return whole.replace(",", NBSP) + "," + decimals
    return f"{int(value):,}".replace(",", NBSP)


def swedish_date(value) -> str:
    """'9 november 2021' from a date, datetime or ISO string."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


WORDS = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]


def in_words(value) -> str:
    """Small counts in words, as Swedish prose writes them ('fyra styrgruppsmöten'); larger ones as digits."""
    if isinstance(value, int) and 0 <= value < len(WORDS):
        return WORDS[value]
    return number(value)
