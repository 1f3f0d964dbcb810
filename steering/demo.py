"""Demo focus areas, as the steering group decided them (annual report 2021, memo STK-2023-267)."""

from .models import FocusArea

FOCUS_AREAS = [
    (
        2021,
        None,
        "Återstart",
        "Återstart efter pandemin: att återuppta och stärka föreningslivet och samverkan.",
    ),
    (2022, None, "Ungas trygghet och delaktighet", "Barn och ungas trygghet och delaktighet i Malmö."),
    (
        2023,
        None,
        "Jämlik hälsa – rörelse och kost, med särskild inriktning på diabetes typ 2",
        "Jämlik hälsa genom rörelse och kost, med särskild inriktning på att förebygga diabetes typ 2.",
    ),
]


def load() -> None:
    for start_year, end_year, title, description in FOCUS_AREAS:
        FocusArea.objects.create(
            start_year=start_year, end_year=end_year, title=title, description=description
        )
