"""The report's figures, one module per section, each a `gather(year) -> dict` of a few aggregate queries.

Every number in the report comes from here (computed from what the portal recorded) or from the coordinators'
manual figures on AnnualReport; templates only format them. The result is plain JSON, so a version can keep
it as its snapshot and render the same PDF again years later.
"""

import importlib

from django.utils import timezone, translation

# In the report's order.
SECTIONS = [
    "steering",
    "focus",
    "dialogue",
    "workshops",
    "nobel21",
    "learning",
    "inspiration",
    "activities",
    "partnerships",
    "coordination",
]
SCHEMA = 2


def gather_section(name: str, year: int) -> dict:
    module = importlib.import_module(f"reports.figures.{name}")
    return module.gather(year)


def gather_all(year: int) -> dict:
    """All sections' figures for `year`, each figure with its source (see base)."""
    # Labels are stored in Swedish, the report's language, whoever asked for the figures.
    with translation.override("sv"):
        return _gather_all(year)


def _gather_all(year: int) -> dict:
    figures: dict = {"schema": SCHEMA, "year": year, "gathered_at": timezone.now().isoformat()}
    for name in SECTIONS:
        figures[name] = gather_section(name, year)
    return figures
