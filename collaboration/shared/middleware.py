import uuid

import sentry_sdk
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from .logging_filters import SANE_REQUEST_ID, current_request_id
from .roles import withhold_unverified_coordinator


class StaffSessionTimeoutMiddleware:
    """Staff sessions expire after STAFF_SESSION_IDLE_SECONDS without a request; others keep the default age."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """Swedish unless the visitor chose English with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: a Swedish public-sector
    site speaks Swedish first, and the choice is the visitor's (kept in the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class CoordinatorTwoFactorMiddleware:
    """A coordinator acts as one only in a session that passed the second factor (collaboration.shared.roles): the
    admin and every portal page alike. Must come after the session and authentication middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            withhold_unverified_coordinator(request)
        return self.get_response(request)


# --- Request ids, body limits and private caching (issue 14) ------------------------------------------------


class RequestIdMiddleware:
    """Gives each request an id: the proxy's X-Request-ID when it is sane, otherwise a new one. It is put on
    every log line (and Sentry event) written for the request and answered in the X-Request-ID header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            sentry_sdk.set_tag("request_id", request_id)
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response.headers["X-Request-ID"] = request_id
        return response


class RequestBodyLimitMiddleware:
    """Refuses with 413 a request whose body would exceed MAX_REQUEST_BODY_SIZE, before anything reads it.

    Django's own limits come too late: it spools a file upload to disk while parsing it, and the CSRF check
    parses the body first, so an anonymous 200 MB POST would be written to /tmp before being refused. A body
    without a Content-Length (chunked) cannot be measured up front and is refused the same way; browsers always
    send the length of a form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_SIZE
        raw_length = request.META.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower()
        try:
            length = int(raw_length) if raw_length.strip() else 0
        except ValueError:
            length = -1
        if length < 0:
            return HttpResponseBadRequest(_("Ogiltig längd på förfrågan."), content_type="text/plain")
        if length > limit or (chunked and not raw_length.strip()):
            # This runs before the language is chosen (ChosenLanguageMiddleware): honour the cookie here too.
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            languages = {code for code, _name in settings.LANGUAGES}
            with translation.override(chosen if chosen in languages else settings.LANGUAGE_CODE):
                message = _("Förfrågan är för stor. Största tillåtna storlek är %(size)s.") % {
                    "size": filesizeformat(limit)
                }
            # Django's request logger writes the one line for it ("Request Entity Too Large").
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PrivateCacheMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in visitor and on every download
    (Content-Disposition: attachment) that does not set its own caching, so no personal page or export can be
    kept by a shared cache or the browser's disk because a view forgot it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        attachment = response.get("Content-Disposition", "").lower().startswith("attachment")
        if signed_in or attachment:
            response["Cache-Control"] = "private, no-store"
        return response


class NullCharacterMiddleware:
    """A NUL character in the path, the query or a posted field is never typed by a person, and PostgreSQL
    refuses it in any text it is compared with: answer 400 before a view sends it to a query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)
