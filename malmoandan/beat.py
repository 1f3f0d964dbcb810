"""The Celery beat schedule, in one place. Each entry names a task that lives in its app's tasks.py."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # events: reminders the day before, evaluation invitations, the coordinators' monthly two-month outlook.
    "events-reminders": {"task": "events.tasks.send_reminders", "schedule": crontab(hour=9, minute=0)},
    "events-evaluations": {
        "task": "events.tasks.send_evaluation_invitations",
        "schedule": crontab(hour=10, minute=0),
    },
    "events-coordinator-digest": {
        "task": "events.tasks.send_coordinator_digest",
        "schedule": crontab(day_of_month=1, hour=7, minute=0),
    },
    # privacy: sign-ups of people without an account are anonymised GUEST_DATA_RETENTION_DAYS after the event.
    "collaboration-privacy-retention": {
        "task": "collaboration.tasks.privacy_retention_run",
        "schedule": crontab(hour=3, minute=30),
    },
}
