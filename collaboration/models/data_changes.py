from django.db import models


class DataChange(models.Model):
    """One write to a watched table, recorded by a database trigger (collaboration/shared/fragments.py).

    The triggers insert a row per statement (PostgreSQL) or per row (SQLite) whatever issued the write: the
    ORM, bulk operations, QuerySet.update, raw SQL, a migration or a psql session. A data set's version is
    derived from the rows of its sources, so nothing has to remember to renew it. Inserting never waits for
    another writer (no row is updated in place), and a row becomes visible to others when its transaction
    commits, together with the change it records.
    """

    source = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["source", "id"], name="datachange_source_id")]

    def __str__(self) -> str:
        return f"{self.source} #{self.pk}"
