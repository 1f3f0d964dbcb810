from django.shortcuts import render
from django.utils import timezone

from collaboration.shared.query import reads_query
from collaboration.shared.roles import is_coordinator

from ..forms import YearQueryForm
from ..yearplan import year_cycle, year_dated_items, year_gaps


@reads_query(YearQueryForm)
def year_overview(request):
    this_year = timezone.localdate().year
    year = YearQueryForm.parse(request).get("ar") or this_year
    if not 2017 <= year <= this_year + 5:
        year = this_year
    context = {
        "year": year,
        "items": year_cycle(year),
        "gaps": year_gaps(year),
        "dated": year_dated_items(year),
        "previous": year - 1,
        "next": year + 1 if year < this_year + 5 else None,
        "is_coordinator": is_coordinator(request.user),
    }
    return render(request, "events/year_overview.html", context)
