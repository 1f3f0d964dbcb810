"""A signed-in person's own data: download all of it, or delete the account (GDPR articles 15, 17 and 20)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..forms.privacy import AccountDeleteForm
from ..services.privacy import account_delete, personal_data_export


@login_required
def personal_data(request):
    return render(request, "collaboration/personal_data.html")


@never_cache
@login_required
def personal_data_download(request):
    data = personal_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    filename = f"malmoandan-mina-uppgifter-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(request, _("Ditt konto är borttaget och dina personuppgifter är raderade."))
        return redirect("home")
    return render(request, "collaboration/account_delete.html", {"form": form})
