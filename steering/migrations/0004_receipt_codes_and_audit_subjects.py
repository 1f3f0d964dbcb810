"""Receipt-code hashes on secret choices; the mandate an audit entry is about, so entries need no names.

The append-only trigger is replaced by a stricter one: the references to people (actor, mandate) may only be
cleared (an erased account, a deleted seat), never repointed; everything else stays unchangeable.
Existing entries keep their text: the trigger forbids rewriting it, and that is the point of it.
"""

import django.db.models.deletion
from django.db import migrations, models

STRICTER = """
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

PREVIOUS = """
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
"""


def stricter(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STRICTER)


def previous(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS)


class Migration(migrations.Migration):
    dependencies = [("steering", "0003_auditevent_append_only")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="mandate",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="audit_events",
                to="steering.mandate",
                verbose_name="mandat",
            ),
        ),
        migrations.AddField(
            model_name="secretchoice",
            name="receipt_hash",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(stricter, previous),
    ]
