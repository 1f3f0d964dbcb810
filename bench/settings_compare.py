"""The benchmark's settings in one of three caching modes, for bench/compare_caching.py (COMPARE_MODE):

- "fragments": the portal as it is (template fragments keyed on data versions kept by database triggers);
- "cachalot": no fragment cache; django-cachalot caches every ORM query in Redis and invalidates per table;
- "none": no fragment cache and no query cache, every page rendered from the database.
"""

import os

from bench.settings import *  # noqa: F403
from bench.settings import CACHES, INSTALLED_APPS, REDIS_URL

MODE = os.environ.get("COMPARE_MODE", "fragments")

if MODE in ("cachalot", "none"):
    CACHES["template_fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
if MODE == "cachalot":
    INSTALLED_APPS = [*INSTALLED_APPS, "cachalot"]
    # Its own Redis database, with the backend cachalot supports (the portal's default cache is a subclass).
    CACHES["cachalot"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL.rsplit("/", 1)[0] + "/" + os.environ.get("COMPARE_CACHALOT_DB", "46"),
    }
    CACHALOT_CACHE = "cachalot"
    # The fragment versions' own table changes at every write; caching its reads would only add round trips.
    CACHALOT_UNCACHABLE_TABLES = frozenset({"django_migrations", "collaboration_datachange"})
