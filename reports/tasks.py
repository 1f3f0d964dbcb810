"""The report's one task: render a version's PDF. Thin and idempotent; the service does the work.

Late acknowledgement and reject_on_worker_lost put the message back when a worker dies in the middle of a
render; the next worker finds the version unfinished and renders it again (the PDF is written atomically to
a path fixed per version, so there is never more than one). The hard time limit stays below the broker's
visibility timeout, so Redis never hands a still-running render to a second worker.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

logger = logging.getLogger(__name__)

VISIBILITY_TIMEOUT = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
TIME_LIMIT = max(2, min(settings.CELERY_TASK_TIME_LIMIT, int(VISIBILITY_TIMEOUT * 0.8)))
SOFT_TIME_LIMIT = max(1, TIME_LIMIT - max(1, TIME_LIMIT // 10))
MAX_RETRIES = 3


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    time_limit=TIME_LIMIT,
    soft_time_limit=SOFT_TIME_LIMIT,
)
def render_report_version(self, version_id: int) -> None:
    from .services import report_version_fail, report_version_render

    try:
        report_version_render(version_id=version_id)
    except Exception as exc:
        if isinstance(exc, SoftTimeLimitExceeded):
            reason = f"Tidsgränsen ({SOFT_TIME_LIMIT} s) överskreds."
        else:
            reason = f"{type(exc).__name__}: {exc}"
        if self.request.retries < MAX_RETRIES and not self.request.is_eager:
            logger.warning("Rendering report version %s failed, retrying: %s", version_id, reason)
            raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc
        logger.exception("Rendering report version %s failed for good", version_id)
        report_version_fail(version_id=version_id, reason=reason)


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    time_limit=TIME_LIMIT,
    soft_time_limit=SOFT_TIME_LIMIT,
)
def render_meeting_report(self, report_id: int, revision: int) -> None:
    """The PDF of the coordinators' report to a steering meeting, for one revision of its texts."""
    from .meeting_report import meeting_report_fail, meeting_report_render

    try:
        meeting_report_render(report_id=report_id, revision=revision)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"
        if self.request.retries < MAX_RETRIES and not self.request.is_eager:
            logger.warning("Rendering meeting report %s failed, retrying: %s", report_id, reason)
            raise self.retry(exc=exc, countdown=min(300, 10 * 2**self.request.retries)) from exc
        logger.exception("Rendering meeting report %s failed for good", report_id)
        meeting_report_fail(report_id=report_id, revision=revision, reason=reason)
