"""The Celery beat schedule, in one place. Each entry names a task that lives in its app's tasks.py."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # privacy: sign-ups of people without an account are anonymised GUEST_DATA_RETENTION_DAYS after the event.
    "collaboration-privacy-retention": {
        "task": "collaboration.tasks.privacy_retention_run",
        "schedule": crontab(hour=3, minute=30),
    },
}
