"""Settings for the benchmark: production-like (DEBUG off, PostgreSQL, persistent connections) on loopback.

They import the portal's own settings, so every page runs exactly as in production, and add the reference
page (bench/urls.py) that only exists here. The environment is set before the import because the portal's
settings derive production defaults from DEBUG at import time.
"""

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"

os.environ["DEBUG"] = "false"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/malmoandan_bench"
)
# The cache in Redis, as in production: sessions and cached fragments are shared by the gunicorn workers (its
# own database number, emptied at the start of each run). Tasks always run in-process here.
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ.setdefault("SECRET_KEY", "bench-only-" + "k7Qm2xW9pR4tZ8vN3bL6yH1cJ5sD0fG" * 2)
os.environ["ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"
os.environ["SECURE_SSL_REDIRECT"] = "false"  # plain HTTP on loopback
os.environ["SECURE_HSTS_SECONDS"] = "0"
os.environ["STATIC_ROOT"] = str(RESULTS_DIR / "static")
os.environ["MEDIA_ROOT"] = str(RESULTS_DIR / "media")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from malmoandan.settings import *  # noqa: E402,F403
from malmoandan.settings import TEMPLATES  # noqa: E402

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]

# Tasks run in the process that queues them; mail goes nowhere.
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# The same manifest lookups as production's CompressedManifestStaticFilesStorage, without compressing every
# file on each run (77 s here): wrk loads HTML pages only, so compression changes nothing measured.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
