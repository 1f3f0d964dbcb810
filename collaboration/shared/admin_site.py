import functools

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .roles import coordinator_unverified, is_coordinator, two_factor_redirect

# An admin list's date filter (date_hierarchy) past these years overflows Python's dates in Django's
# own bounds arithmetic or time zone conversion; no recorded row lies there anyway.
DATE_FILTER_YEARS = range(1900, 2201)


def _date_filter_out_of_range(query) -> bool:
    for key, value in query.items():
        if key.endswith("__year"):
            try:
                year = int(value)
            except ValueError:
                return True
            if year not in DATE_FILTER_YEARS:
                return True
    return False


class PortalAdminSite(admin.AdminSite):
    """The coordinators' admin: reached only by coordinators in a session that passed two-factor.

    Logging in goes through allauth (so its rate limits and two-factor step apply); a coordinator without
    an authenticator is sent to set one up first, one with an authenticator but an unverified session to
    confirm with the code (collaboration.shared.roles.two_factor_redirect, as on the portal's pages).
    """

    site_header = _("Malmöandan – administration")
    site_title = _("Malmöandan")
    index_title = _("Samordnarnas administration")

    def has_permission(self, request) -> bool:
        user = request.user
        return user.is_active and user.is_staff and is_coordinator(user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @functools.wraps(inner)
        def view_requiring_two_factor(request, *args, **kwargs):
            user = request.user
            if user.is_authenticated and user.is_staff and coordinator_unverified(user):
                return two_factor_redirect(request)
            if _date_filter_out_of_range(request.GET):
                messages.warning(
                    request, _("Datumfiltret i adressen kunde inte användas, så listan visas utan det.")
                )
                return redirect(request.path)
            return inner(request, *args, **kwargs)

        return view_requiring_two_factor

    def login(self, request, extra_context=None):
        return secure_admin_login(super().login)(request, extra_context)
