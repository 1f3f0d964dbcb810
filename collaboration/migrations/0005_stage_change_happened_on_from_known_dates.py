"""Give existing stage-log rows the day their change happened, from what is known.

The partnership's own dates win (commissioned_on, signed_on, starts_on, ends_on are what a coordinator
entered as the real dates); otherwise the local day the change was recorded.
"""

from django.db import migrations
from django.utils import timezone

KNOWN_DATE = {"commissioned": "commissioned_on", "signed": "signed_on", "running": "starts_on", "ended": "ends_on"}


def fill(apps, schema_editor):
    StageChange = apps.get_model("collaboration", "StageChange")
    rows = StageChange.objects.filter(happened_on__isnull=True).select_related("partnership")
    for change in rows.iterator(chunk_size=500):
        field = KNOWN_DATE.get(change.to_stage)
        known = getattr(change.partnership, field) if field else None
        change.happened_on = known or timezone.localdate(change.changed_at)
        change.save(update_fields=["happened_on"])


class Migration(migrations.Migration):
    dependencies = [("collaboration", "0004_nobel21_monthly_statistics_stage_change_dates")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
