"""allauth's account adapter for the portal: login limits that an attacker cannot turn against the owner.

allauth counts failed logins before it checks the password, so whatever limit is reached refuses the right
password too. The portal therefore counts
- per address (`login_failed`'s ip rate): one address guessing at many accounts;
- per account *at one address* (`login_failed`'s key rate, the key carrying the client address): an attacker
  elsewhere never locks the owner out, and the limit lifts by itself after its short window;
- per account from everywhere (`login_failed_account`): a generous ceiling against guessing from many
  addresses; reaching it tells the owner by e-mail, once per window, that they can still sign in with a
  one-time code sent to their address (ACCOUNT_LOGIN_BY_CODE_ENABLED; two-factor still applies).
The client address is read behind the configured number of proxies (ALLAUTH_TRUSTED_PROXY_COUNT).
"""

import hashlib
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.internal import ratelimit as ratelimit_usage
from allauth.core.internal.httpkit import clean_client_ip
from allauth.core.internal.ratelimit import get_ip, get_rates
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

ACCOUNT_CEILING_ACTION = "login_failed_account"


def _login(credentials: dict) -> str:
    return (credentials.get("email") or credentials.get("username") or "").strip().lower()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "För många misslyckade inloggningsförsök. Vänta en stund och försök igen, "
            "eller logga in med en engångskod som skickas till din e-postadress."
        ),
    }

    def get_client_ip(self, request) -> str:
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            # Fewer X-Forwarded-For entries than trusted proxies: the request did not come through them all,
            # so nothing in the header can be trusted; the connecting address is all there is.
            logger.warning("X-Forwarded-For has fewer entries than TRUSTED_PROXY_COUNT; using REMOTE_ADDR")
            ip = clean_client_ip(request.META.get("REMOTE_ADDR", ""))
            if not ip:
                raise
            return ip

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        return f"{_login(credentials)}@{get_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        login = _login(credentials)
        self._account_ceiling_usage = ratelimit_usage.consume(
            request, app="allauth.account", action=ACCOUNT_CEILING_ACTION, key=login
        )
        if not self._account_ceiling_usage:
            self._account_ceiling_reached(login)
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_account_ceiling_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # After a password reset the owner starts afresh, from this address and account-wide.
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(request, action=ACCOUNT_CEILING_ACTION, key=_login(credentials))

    def _account_ceiling_reached(self, login: str) -> None:
        from ..services.users import user_login_ceiling_notify

        rates = get_rates(app="allauth.account", action=ACCOUNT_CEILING_ACTION)
        window = max((rate.duration for rate in rates), default=3600)
        digest = hashlib.sha256(login.encode()).hexdigest()
        # Once per window, however many more attempts are refused in it.
        if cache.add(f"login-ceiling-notified:{digest}", True, timeout=window):
            user_login_ceiling_notify(email=login, window_seconds=int(window))
