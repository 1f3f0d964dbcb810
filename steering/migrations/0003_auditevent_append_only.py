"""On PostgreSQL the database itself keeps the steering audit trail append-only.

Rows may be added; what happened (time, action, ballot, detail, count) can never be changed or deleted.
Only the actor column may change, so an erased account can be detached from its entries.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION steering_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'steering_auditevent is append-only';
    END IF;
    IF NEW.at IS DISTINCT FROM OLD.at OR NEW.action IS DISTINCT FROM OLD.action
       OR NEW.ballot_id IS DISTINCT FROM OLD.ballot_id OR NEW.detail IS DISTINCT FROM OLD.detail
       OR NEW.votes_total IS DISTINCT FROM OLD.votes_total THEN
        RAISE EXCEPTION 'steering_auditevent is append-only';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS steering_auditevent_append_only ON steering_auditevent;
CREATE TRIGGER steering_auditevent_append_only BEFORE UPDATE OR DELETE ON steering_auditevent
    FOR EACH ROW EXECUTE FUNCTION steering_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS steering_auditevent_append_only ON steering_auditevent;
DROP FUNCTION IF EXISTS steering_auditevent_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("steering", "0002_mandates_meetings_ballots")]

    operations = [migrations.RunPython(create, drop)]
