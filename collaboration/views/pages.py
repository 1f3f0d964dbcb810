from django.conf import settings
from django.shortcuts import render


def about(request):
    return render(request, "pages/about.html")


def accessibility(request):
    return render(request, "pages/accessibility.html")


def privacy(request):
    return render(request, "pages/privacy.html", {"retention_days": settings.GUEST_DATA_RETENTION_DAYS})
