""" "Mina sidor": one page with what the signed-in person has in the portal, and their calendar feed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from collaboration.models import Membership
from collaboration.shared.ics import calendar_response
from steering.models import Proposal, Vote

from ..models import PersonalCalendarToken
from ..services.mine import (
    my_bookings,
    my_upcoming_registrations,
    personal_calendar_items,
    personal_calendar_token_renew,
)
from ..tokens import CANCEL, token_make

LIST_LIMIT = 50


@login_required
def my_pages(request):
    user = request.user
    registrations = list(my_upcoming_registrations(user)[:LIST_LIMIT])
    # Made on the first request for it (a POST), never by looking at the page.
    token = PersonalCalendarToken.objects.filter(user=user).first()
    context = {
        "registrations": [(r, token_make(CANCEL, r.pk)) for r in registrations],
        "bookings": list(my_bookings(user)[:LIST_LIMIT]),
        "memberships": list(
            Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")
        ),
        "votes": list(
            Vote.objects.filter(cast_by=user).select_related("ballot").order_by("-cast_at")[:LIST_LIMIT]
        ),
        "proposals": list(
            Proposal.objects.filter(proposed_by=user).order_by("-year", "-created_at")[:LIST_LIMIT]
        ),
        "feed_url": (
            request.build_absolute_uri(reverse("my-calendar-feed", kwargs={"token": token.token}))
            if token
            else ""
        ),
    }
    return render(request, "events/my_pages.html", context)


@never_cache
def my_calendar_feed(request, token: str):
    """The feed a calendar program subscribes to: no login, the secret in the URL is the key."""
    calendar_token = get_object_or_404(PersonalCalendarToken.objects.select_related("user"), token=token)
    user = calendar_token.user
    if not user.is_active:
        raise Http404
    name = _("Malmöandan – %(name)s") % {"name": user.get_full_name() or user.email}
    return calendar_response(personal_calendar_items(user), "malmoandan.ics", name=name, inline=True)


@require_POST
@login_required
def my_calendar_renew(request):
    personal_calendar_token_renew(user=request.user)
    messages.success(request, _("Kalenderlänken är ny. Den gamla länken fungerar inte längre."))
    return redirect(reverse("my-pages") + "#kalender")
