from django.conf import settings
from django.shortcuts import render


def about(request):
    return render(request, "pages/about.html")


def accessibility(request):
    return render(request, "pages/accessibility.html")


def privacy(request):
    return render(request, "pages/privacy.html", {"retention_days": settings.GUEST_DATA_RETENTION_DAYS})


def language_choose(request):
    """Django's language switch (the cookie, back to the page), and for a signed-in person the choice is kept
    on their account, so the portal's e-mail to them is written in it too."""
    from django.views.i18n import set_language

    from ..services.users import user_language_set

    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
