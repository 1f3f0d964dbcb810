"""The request id on every log line, and one line (no traceback) for a client's error.

Kept apart from the middleware: Django configures logging before the apps are loaded, so this module may
import nothing that touches models (the middleware imports the roles, and through them allauth).
"""

import contextvars
import logging
import re

# The id of the request being handled, for every log line written while handling it (RequestIdLogFilter).
current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
# What a proxy's X-Request-ID may look like to be kept: short, printable, nothing that could forge a log line.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,99}")


class RequestIdLogFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request, e.g. in the Celery worker)."""

    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class ClientErrorWithoutTracebackFilter(logging.Filter):
    """A refused request (403, 400, 404…) is the client's doing: one line, no traceback. Django logs
    PermissionDenied and SuspiciousOperation with their exception attached; errors (5xx) keep theirs."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
