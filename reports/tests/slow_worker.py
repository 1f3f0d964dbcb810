"""The worker-kill test's Celery app: the portal's own, with every PDF render held for RENDER_PAUSE_SECONDS so
that the test can kill the worker in the middle of one. Test code only: production never loads it."""

import os
import time

from celery.signals import task_prerun

from malmoandan.celery import app

__all__ = ["app"]


@task_prerun.connect
def _hold_each_render(**kwargs) -> None:
    from reports import services

    if getattr(services.html_to_pdf, "held", False):
        return
    pause = float(os.environ["RENDER_PAUSE_SECONDS"])
    render = services.html_to_pdf

    def held_render(*args, **kw):
        time.sleep(pause)
        return render(*args, **kw)

    held_render.held = True
    services.html_to_pdf = held_render
