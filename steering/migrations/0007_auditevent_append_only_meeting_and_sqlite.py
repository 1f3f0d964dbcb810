"""The append-only audit trail also keeps its meeting, and SQLite refuses changes as PostgreSQL does.

Only detaching an erased person (actor, mandate set to NULL) is allowed.
"""

from django.db import migrations

POSTGRESQL = """
CREATE OR REPLACE FUNCTION steering_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'steering_auditevent is append-only';
    END IF;
    IF NEW.at IS DISTINCT FROM OLD.at OR NEW.action IS DISTINCT FROM OLD.action
       OR NEW.ballot_id IS DISTINCT FROM OLD.ballot_id OR NEW.detail IS DISTINCT FROM OLD.detail
       OR NEW.votes_total IS DISTINCT FROM OLD.votes_total
       OR NEW.meeting_id IS DISTINCT FROM OLD.meeting_id
       OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
       OR (NEW.mandate_id IS DISTINCT FROM OLD.mandate_id AND NEW.mandate_id IS NOT NULL) THEN
        RAISE EXCEPTION 'steering_auditevent is append-only';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

POSTGRESQL_BACK = """
CREATE OR REPLACE FUNCTION steering_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'steering_auditevent is append-only';
    END IF;
    IF NEW.at IS DISTINCT FROM OLD.at OR NEW.action IS DISTINCT FROM OLD.action
       OR NEW.ballot_id IS DISTINCT FROM OLD.ballot_id OR NEW.detail IS DISTINCT FROM OLD.detail
       OR NEW.votes_total IS DISTINCT FROM OLD.votes_total
       OR (NEW.actor_id IS DISTINCT FROM OLD.actor_id AND NEW.actor_id IS NOT NULL)
       OR (NEW.mandate_id IS DISTINCT FROM OLD.mandate_id AND NEW.mandate_id IS NOT NULL) THEN
        RAISE EXCEPTION 'steering_auditevent is append-only';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS steering_auditevent_no_delete BEFORE DELETE ON steering_auditevent
       BEGIN SELECT RAISE(ABORT, 'steering_auditevent is append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS steering_auditevent_no_update BEFORE UPDATE ON steering_auditevent
       WHEN NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action OR NEW.ballot_id IS NOT OLD.ballot_id
         OR NEW.detail IS NOT OLD.detail OR NEW.votes_total IS NOT OLD.votes_total
         OR NEW.meeting_id IS NOT OLD.meeting_id
         OR (NEW.actor_id IS NOT OLD.actor_id AND NEW.actor_id IS NOT NULL)
         OR (NEW.mandate_id IS NOT OLD.mandate_id AND NEW.mandate_id IS NOT NULL)
       BEGIN SELECT RAISE(ABORT, 'steering_auditevent is append-only'); END;""",
]

SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS steering_auditevent_no_delete;",
    "DROP TRIGGER IF EXISTS steering_auditevent_no_update;",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACK)
    elif vendor == "sqlite":
        for statement in SQLITE_BACK:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("steering", "0006_ballot_outcome_of_earlier_decisions")]

    operations = [migrations.RunPython(create, drop)]
