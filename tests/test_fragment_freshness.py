"""Every write to a watched table renews its data set's version, whatever issued it (collaboration/fragments.py).

Run on SQLite by default and on PostgreSQL with DATABASE_URL: the triggers differ (row- and statement-level),
the promise does not.
"""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaboration import fragments
from collaboration.factories import OrganisationFactory, UserFactory
from collaboration.models import DataChange, Organisation, User

pytestmark = pytest.mark.django_db


def _versions() -> dict[str, str]:
    return {
        name: fragments.version(name, key=0 if fragments.keyed(name) else None)
        for name in fragments.watched()
    }


def test_queryset_update_renews_the_version():
    organisation = OrganisationFactory()
    before = fragments.version("organisations")
    Organisation.objects.filter(pk=organisation.pk).update(name="Nytt namn")
    assert fragments.version("organisations") != before


def test_bulk_create_bulk_update_and_queryset_delete_renew_the_version():
    seen = {fragments.version("organisations")}
    created = Organisation.objects.bulk_create(
        [OrganisationFactory.build(name=f"Förening {n}") for n in range(3)]
    )
    seen.add(fragments.version("organisations"))
    for organisation in created:
        organisation.name += " (ny)"
    Organisation.objects.bulk_update(created, ["name"])
    seen.add(fragments.version("organisations"))
    Organisation.objects.filter(pk__in=[o.pk for o in created]).delete()
    seen.add(fragments.version("organisations"))
    assert len(seen) == 4


def test_raw_sql_renews_the_version():
    organisation = OrganisationFactory()
    before = fragments.version("organisations")
    table = connection.ops.quote_name(Organisation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET name = %s WHERE id = %s", ["Rått", organisation.pk])
    assert fragments.version("organisations") != before


def test_a_many_to_many_table_renews_its_models_data_set():
    from events.factories import EventFactory

    event, organisation = EventFactory(), OrganisationFactory()
    before = fragments.version("events")
    through = event.organisers.through
    through.objects.bulk_create([through(event=event, organisation=organisation)])
    assert fragments.version("events") != before


def test_a_write_renews_only_the_data_sets_that_show_the_table():
    organisation = OrganisationFactory()
    before = _versions()
    Organisation.objects.filter(pk=organisation.pk).update(name="Nytt namn")
    after = _versions()
    renewed = {name for name in before if before[name] != after[name]}
    showing = {
        name for name, tables in fragments.watched_tables().items() if Organisation._meta.db_table in tables
    }
    assert renewed == showing
    assert "reports" not in renewed


def test_a_login_or_a_password_change_renews_nothing():
    user = UserFactory()
    before = _versions()
    user_logged_in.send(sender=User, request=RequestFactory().get("/"), user=user)  # sets last_login
    user.set_password("ett annat lösenord 42")
    user.save(update_fields=["password"])
    assert _versions() == before
    User.objects.filter(pk=user.pk).update(last_name="Nyman")  # a name is shown: the steering pages renew
    after = _versions()
    assert after["steering"] != before["steering"] and after["ballots"] != before["ballots"]
    assert after["events"] == before["events"]


def test_every_watched_table_has_its_trigger_and_installing_again_changes_nothing():
    fragments.install_triggers()  # what migrate did
    with CaptureQueriesContext(connection) as captured:
        fragments.install_triggers()
    assert not [
        q for q in captured if q["sql"].lstrip().upper().startswith(("CREATE TRIGGER", "DROP TRIGGER"))
    ]
    for tables in fragments.watched_tables().values():
        for table in tables:
            count = DataChange.objects.count()
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)} WHERE 1 = 0")
            if connection.vendor == "postgresql":  # statement-level: fires for no rows too
                assert DataChange.objects.count() == count + 1, table


def test_compacting_the_record_keeps_every_version_new():
    seen = {fragments.version("organisations")}
    for n in range(5):
        OrganisationFactory(name=f"Förening {n}")
        seen.add(fragments.version("organisations"))
    sources = set(DataChange.objects.values_list("source", flat=True))
    fragments.prune(sources)
    assert DataChange.objects.filter(source="collaboration_organisation").count() == 1
    seen.add(fragments.version("organisations"))
    OrganisationFactory(name="Efter")
    seen.add(fragments.version("organisations"))
    assert len(seen) == 8


def test_a_page_reads_the_versions_with_one_query(client):
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    assert len([q for q in captured if DataChange._meta.db_table in q["sql"]]) == 1


def test_a_change_in_another_request_shows_on_the_next_page(client):
    organisation = OrganisationFactory(name="Gamla namnet")
    url = reverse("organisation-directory")
    assert "Gamla namnet" in client.get(url).content.decode()
    Organisation.objects.filter(pk=organisation.pk).update(name="Nya namnet")
    page = client.get(url).content.decode()
    assert "Nya namnet" in page and "Gamla namnet" not in page


def test_a_sign_up_renews_its_own_event_page_and_the_lists_not_the_other_events():
    from events.factories import EventFactory, RegistrationFactory
    from events.models import Registration

    first, second, organisation = EventFactory(), EventFactory(), OrganisationFactory()
    lists, pages = (
        fragments.version("events"),
        {e.pk: fragments.version("event-page", key=e.pk) for e in (first, second)},
    )
    RegistrationFactory(event=first, organisation=organisation, position=1)
    assert fragments.version("events") != lists  # the lists show places left
    assert fragments.version("event-page", key=first.pk) != pages[first.pk]
    assert fragments.version("event-page", key=second.pk) == pages[second.pk]
    before = {e.pk: fragments.version("event-page", key=e.pk) for e in (first, second)}
    Registration.objects.filter(event=first).update(event=second)  # moved: both pages renew
    assert all(fragments.version("event-page", key=pk) != before[pk] for pk in before)
    before = fragments.version("event-page", key=first.pk)
    first.title = "Nytt namn"  # the event itself: its page renews
    first.save()
    assert fragments.version("event-page", key=first.pk) != before


def test_a_data_set_versioned_per_key_needs_the_key():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        fragments.version("event-page")
