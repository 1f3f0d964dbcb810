"""The Celery beat schedule, in one place. Each entry names a task that lives in its app's tasks.py."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict = {
    # steering: ballots open and close at their set times; reminders a day before closing; seats → roles.
    "steering-ballots-advance": {"task": "steering.tasks.ballots_advance", "schedule": 60.0},
    "steering-ballots-remind": {"task": "steering.tasks.ballots_remind", "schedule": 15 * 60.0},
    "steering-mandates-sync-roles": {
        "task": "steering.tasks.mandates_sync_roles",
        "schedule": crontab(hour=0, minute=15),
    },
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
    # coordination: the monthly e-mail of funding deadlines to those who chose categories.
    "coordination-funding-digest": {
        "task": "coordination.tasks.send_funding_digest",
        "schedule": crontab(day_of_month=1, hour=8, minute=0),
    },
    # privacy: sign-ups of people without an account are anonymised GUEST_DATA_RETENTION_DAYS after the event.
    "collaboration-privacy-retention": {
        "task": "collaboration.tasks.privacy_retention_run",
        "schedule": crontab(hour=3, minute=30),
    },
}
