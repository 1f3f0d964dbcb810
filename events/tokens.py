"""Signed, expiring links in e-mails that work without logging in: cancelling a sign-up, the evaluation."""

from django.core import signing

CANCEL = "events.registration-cancel"
EVALUATION = "events.evaluation"
MAX_AGE = 60 * 60 * 24 * 180  # seconds: half a year, longer than any sign-up is open


def token_make(purpose: str, registration_id: int) -> str:
    return signing.TimestampSigner(salt=purpose).sign(str(registration_id))


def token_read(purpose: str, token: str) -> int | None:
    """The registration id in the token, or None if it was tampered with or has expired."""
    try:
        return int(signing.TimestampSigner(salt=purpose).unsign(token, max_age=MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None
