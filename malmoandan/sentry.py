"""Sentry's SDK, set up only when SENTRY_DSN is given (malmoandan/settings.py)."""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import ignore_logger


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=traces_sample_rate,
        # The portal holds personal data of association members: no user, cookies or form bodies in events.
        send_default_pii=False,
        max_request_body_size="never",
    )
    # A request with a wrong Host header is a bot's doing, logged as an error by Django; not an incident.
    ignore_logger("django.security.DisallowedHost")
