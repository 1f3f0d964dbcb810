"""Open election votes cast before marks existed count through their one option."""

from django.db import migrations


def forwards(apps, schema_editor):
    Vote = apps.get_model("steering", "Vote")
    through = Vote.marks.through
    votes = Vote.objects.filter(ballot__kind="election", option__isnull=False, marks__isnull=True)
    through.objects.bulk_create(
        [through(vote_id=pk, ballotoption_id=option_id) for pk, option_id in votes.values_list("pk", "option")]
    )


class Migration(migrations.Migration):
    dependencies = [("steering", "0008_election_marks_and_category_deviation")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
