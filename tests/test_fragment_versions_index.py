"""Every request reads its data versions with one query (collaboration/shared/fragments.py); on PostgreSQL that query must
use the partial index of the unkeyed changes (migration collaboration/0011), not scan every recorded sign-up."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from collaboration.models import DataChange
from collaboration.shared import fragments

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan of PostgreSQL's own planner")
def test_the_versions_read_uses_the_index_of_the_unkeyed_changes_not_every_sign_up():
    # One keyed row per changed sign-up makes the bulk of the table; every request's read must skip them.
    DataChange.objects.bulk_create(
        [DataChange(source=f"events_registration#event_id={n % 50}") for n in range(2_000)]
    )
    fragments._forget()
    with CaptureQueriesContext(connection) as captured:
        fragments.version("organisations")
    (read,) = captured.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small would be scanned anyway
        cursor.execute("EXPLAIN " + read["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "datachange_unkeyed" in plan, plan
