"""Ballots decided before outcomes existed are recorded as decided."""

from django.db import migrations


def forwards(apps, schema_editor):
    Ballot = apps.get_model("steering", "Ballot")
    Ballot.objects.filter(decided_at__isnull=False).update(outcome="decided")


class Migration(migrations.Migration):
    dependencies = [("steering", "0005_decisions_turnout_sealed_choices_audit_meeting")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
