"""allauth's login-code request form, limited so that no one can use up the owner's codes.

A module of its own: allauth.account.forms imports collaboration.forms.accounts (the sign-up form class)
while it loads, so a subclass of its forms cannot live there.
"""

from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.internal.userkit import filter_users_by_email
from allauth.core import context, ratelimit
from allauth.core.internal.ratelimit import get_ip


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """allauth's "send me a login code", limited per address and account *together*.

    allauth limits code requests per account from everywhere, so an attacker asking for codes every few seconds
    would keep the owner from getting one: the one way in that the login limits promise the owner. Here the
    account's limit counts at each address; the per-address limit still stops one address mailing many.
    """

    def clean_email(self) -> str:
        adapter = get_adapter()
        email = self.cleaned_data["email"]
        if email:
            users = filter_users_by_email(email, is_active=True, prefer_verified=True, for_login=True)
            if not users and not account_settings.PREVENT_ENUMERATION:
                raise adapter.validation_error("unknown_email")
            key = f"{email.strip().lower()}@{get_ip(context.request)}"
            if not ratelimit.consume(context.request, action="request_login_code", key=key):
                raise adapter.validation_error("too_many_login_attempts")
            self._user = users[0] if users else None
        return email
