"""Run by bench/scenarios.py in its own process: the report task, then WeasyPrint alone on the same HTML.

Prints one line `RENDER {json}`: the best time of the whole task (render_report_version: load the version,
render the HTML, WeasyPrint, write the file, mark it ready) and of WeasyPrint alone on the HTML the task
renders, the queries gathering the figures takes, and the peak resident memory of this process (VmHWM)
after the first render.
"""

import json
import os
import sys
import time
from pathlib import Path
from unittest import mock

RUNS = 5


def rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main() -> dict:
    import django

    django.setup()
    from malmoandan import celery_app

    celery_app.conf.task_always_eager = True
    try:
        from reports.models import AnnualReport
        from reports.rendering import html_to_pdf, render_report_html
        from reports.services import report_content, report_version_create
        from reports.tasks import render_report_version
    except ImportError as exc:
        return {"unavailable": exc.msg}
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.dataset import PERSONA_EMAILS
    from collaboration.models import User

    year = timezone.localdate().year - 1
    report = AnnualReport.objects.filter(year=year).first()
    if report is None:
        return {"unavailable": f"no annual report for {year} in the data set"}
    coordinator = User.objects.get(email=PERSONA_EMAILS["coordinator"])

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        report_content(report)
        gather_s = time.perf_counter() - started
    gather_queries = len(captured.captured_queries)

    def new_version():
        # The version is created as "Generate PDF" does, but its task is run by hand below, so it is timed alone.
        with mock.patch.object(render_report_version, "delay_on_commit"):
            return report_version_create(report=report, user=coordinator)

    baseline = rss_kib("VmRSS")
    task_times, weasy_times, html_times, result = [], [], [], {}
    for run in range(RUNS + 1):
        version = new_version()
        started = time.perf_counter()
        render_report_version(version.pk)
        elapsed = time.perf_counter() - started
        version.refresh_from_db()
        if version.status != "ready":
            return {"error": f"version {version.number} ended {version.status}: {version.failure_reason}"}
        if run == 0:
            result["peak_rss_kib"] = rss_kib("VmHWM")  # the first render, fonts and all, is the peak
            result["pdf_bytes"] = version.pdf_size
            try:
                from pypdf import PdfReader

                result["pages"] = len(PdfReader(version.pdf.path).pages)
            except Exception:  # pypdf is a dev dependency; the page count is a nicety
                pass
            continue  # the first run of each is a warm-up (fonts, templates)
        task_times.append(elapsed)
        started = time.perf_counter()
        html = render_report_html(version.content, version=version, for_pdf=True)
        html_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        html_to_pdf(html)
        weasy_times.append(time.perf_counter() - started)
    result.update(
        year=year,
        runs=RUNS,
        task_s=min(task_times),
        weasyprint_s=min(weasy_times),
        html_s=min(html_times),
        gather_s=gather_s,
        queries=gather_queries,
        baseline_rss_kib=baseline,
    )
    return result


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    print("RENDER " + json.dumps(main()), flush=True)
