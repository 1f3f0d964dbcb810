"""The Celery beat schedule, in one place. Each entry names a task that lives in its app's tasks.py."""

BEAT_SCHEDULE: dict = {}
