"""On SQLite the model refuses deletes (AuditEvent.delete and its QuerySet); the database trigger for
DELETE goes, because the test database is emptied with DELETE between transactional tests (live-server
browser tests). Changes stay refused by the SQLite UPDATE trigger; PostgreSQL keeps refusing both
(TRUNCATE, which empties its test database, fires no row trigger)."""

from django.db import migrations

DELETE_TRIGGER = """CREATE TRIGGER IF NOT EXISTS steering_auditevent_no_delete BEFORE DELETE ON steering_auditevent
       BEGIN SELECT RAISE(ABORT, 'steering_auditevent is append-only'); END;"""


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS steering_auditevent_no_delete;")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(DELETE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [("steering", "0010_nominating_committee_and_seat_recommendations")]

    operations = [migrations.RunPython(drop, restore)]
