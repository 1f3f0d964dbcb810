"""The report's figures, one module per section, each a `gather(year) -> dict` of a few aggregate queries.

Every number in the report comes from here (computed from what the portal recorded) or from the coordinators'
manual figures on AnnualReport; templates only format them. The result is plain JSON, so a version can keep
it as its snapshot and render the same PDF again years later.
"""

import importlib

from django.utils import timezone, translation

from .base import SourceMissing

# In the report's order. A module whose source app is not there raises SourceMissing and is listed as missing.
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
]
SCHEMA = 1


def gather_section(name: str, year: int) -> dict:
    module = importlib.import_module(f"reports.figures.{name}")
    return module.gather(year)


def gather_all(year: int) -> dict:
    """All sections' figures for `year`, plus `missing`: the sections whose source data is not available."""
    # Labels are stored in Swedish, the report's language, whoever asked for the figures.
    with translation.override("sv"):
        return _gather_all(year)


def _gather_all(year: int) -> dict:
    figures: dict = {"schema": SCHEMA, "year": year, "gathered_at": timezone.now().isoformat(), "missing": []}
    for name in SECTIONS:
        try:
            figures[name] = gather_section(name, year)
        except SourceMissing:
            figures["missing"].append(name)
            figures[name] = None
    return figures
