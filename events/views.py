from django.shortcuts import render
from django.utils import timezone

from steering.models import FocusArea


def home(request):
    year = timezone.localdate().year
    context = {"focus_areas": FocusArea.objects.for_year(year), "year": year}
    return render(request, "pages/home.html", context)
