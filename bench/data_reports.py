"""Annual reports in the data set: one per complete year, with the coordinators' texts filled in."""

from __future__ import annotations

TEXT = (
    "Malmöandan samlar Malmö stad och den idéburna sektorn kring årets fokusområde. "
    "Under året har dialogforum, idéverkstäder, Malmötimmar och lärandeluncher genomförts, "
    "och föreningscentret Nobel 21 har varit fullt av möten. "
) * 4


def build(*, rng, today, years: int = 5) -> dict[str, int]:
    from reports.models import TEXT_SECTIONS, AnnualReport
    from reports.services import annual_report_create

    made = 0
    for year in range(today.year - years + 1, today.year):
        report = annual_report_create(year=year, user=None)
        for field, _heading in TEXT_SECTIONS:
            setattr(report, field, TEXT)
        report.full_clean()
        report.save(update_fields=[field for field, _heading in TEXT_SECTIONS])
        made += 1
    return {"annual_reports": made, "annual_report_rows": AnnualReport.objects.count()}
