"""What the portal keeps in its caches stays true: roles, sessions, data versions and the page frame."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaboration.factories import UserFactory
from collaboration.models import User
from collaboration.services.users import user_role_grant, user_role_revoke
from collaboration.shared import fragments
from collaboration.shared.roles import Role, has_role, is_coordinator, user_roles


def _fresh(user: User) -> User:
    """The user as the next request loads it: nothing cached on the object."""
    return User.objects.get(pk=user.pk)


def test_roles_are_read_once_then_come_from_the_cache(db):
    user = UserFactory()
    user_role_grant(user=user, role=Role.CITY_OFFICIAL)
    first_request, second_request = _fresh(user), _fresh(user)
    with CaptureQueriesContext(connection) as first:
        assert user_roles(first_request) == {Role.CITY_OFFICIAL}
    with CaptureQueriesContext(connection) as second:
        assert user_roles(second_request) == {Role.CITY_OFFICIAL}
    assert (len(first), len(second)) == (1, 0)


def test_a_role_granted_or_revoked_shows_at_the_next_request(db):
    user = UserFactory()
    assert not has_role(_fresh(user), Role.STEERING_MEMBER)
    user_role_grant(user=user, role=Role.STEERING_MEMBER)
    assert has_role(_fresh(user), Role.STEERING_MEMBER)
    user_role_revoke(user=user, role=Role.STEERING_MEMBER)
    assert not has_role(_fresh(user), Role.STEERING_MEMBER)


def test_group_changes_from_either_side_forget_the_cached_roles(db):
    """The admin edits membership from the user (user.groups) or in bulk from the group (group.user_set)."""
    first, second = UserFactory(), UserFactory()
    coordinators = Group.objects.get(name="Samordnare")
    assert not is_coordinator(_fresh(first)) and not is_coordinator(_fresh(second))
    coordinators.user_set.add(first, second)
    assert is_coordinator(_fresh(first)) and is_coordinator(_fresh(second))
    coordinators.user_set.clear()
    assert not is_coordinator(_fresh(first)) and not is_coordinator(_fresh(second))
    _fresh(first).groups.set([coordinators])
    assert is_coordinator(_fresh(first))
    coordinators.name = "Samordnare (gamla)"  # a renamed group is no longer the role's group
    coordinators.save()
    assert not is_coordinator(_fresh(first))


def test_a_deleted_group_takes_its_role_away(db):
    user = UserFactory()
    user_role_grant(user=user, role=Role.CITY_OFFICIAL)
    assert has_role(_fresh(user), Role.CITY_OFFICIAL)
    Group.objects.get(name="Tjänstepersoner").delete()
    assert not has_role(_fresh(user), Role.CITY_OFFICIAL)


def test_superusers_and_deactivated_accounts_are_read_from_the_account_itself(db):
    user = UserFactory()
    user_role_grant(user=user, role=Role.CITY_OFFICIAL)
    assert user_roles(_fresh(user)) == {Role.CITY_OFFICIAL}
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    assert is_coordinator(_fresh(user))
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert user_roles(_fresh(user)) == frozenset()


def _render(source: str, context: dict) -> str:
    request = RequestFactory().get("/")
    request.user = UserFactory.build()
    return engines["django"].from_string("{% load cache %}" + source).render(context, request)


@pytest.fixture
def users_set(db):
    """A data set of all of User's columns, watched (and its trigger put in place) for one test only."""
    saved = (
        {k: list(v) for k, v in fragments._WATCHED.items()},
        {k: set(v) for k, v in fragments._SOURCES.items()},
        dict(fragments._TRIGGERS),
    )
    fragments.watch("test-users", User)
    fragments.install_triggers()
    yield "test-users"
    fragments._WATCHED, fragments._SOURCES, fragments._TRIGGERS = saved


def test_a_cached_fragment_is_rendered_again_when_its_data_changes(users_set):
    block = '{% cache 60 "users" version %}{{ n }}{% endcache %}'

    def render(n):
        return _render(block, {"n": n, "version": fragments.version(users_set)})

    assert render(1) == "1"
    assert render(2) == "1"  # cached: the data set did not change
    UserFactory()
    assert render(3) == "3"
    fragments.changed(users_set)  # renewed by hand, for what no table records
    assert render(4) == "4"


def test_templates_reading_an_undeclared_data_set_fail_loudly(db):
    with pytest.raises(ImproperlyConfigured):
        _render('{% cache 60 "x" data_versions.no_such_set %}{% endcache %}', {})


def test_the_version_lives_in_the_database_not_in_the_cache(users_set):
    """An emptied (or unreachable) Redis neither loses a version nor hands out an old one."""
    from django.core.cache import cache

    before = fragments.version(users_set)
    cache.clear()
    assert fragments.version(users_set) == before
    UserFactory()
    assert fragments.version(users_set) != before


def test_the_cached_navigation_still_follows_language_and_role(client, coordinator, representative):
    """The menu's links are cached per language and role; the forms in it (CSRF) are not."""
    client.force_login(representative)
    page = client.get(reverse("about")).content.decode()
    assert 'href="/admin/"' not in page and "Logga ut" in page
    client.force_login(coordinator)
    assert 'href="/admin/"' in client.get(reverse("about")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("about")).content.decode()
    assert "Organisations" in english and "Sign out" in english
    client.logout()  # a new cookie jar: Swedish again
    tokens = set()
    for _ in range(2):
        page = client.get(reverse("about")).content.decode()
        assert 'href="/admin/"' not in page and "Logga in" in page
        tokens.add(page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])
    assert len(tokens) == 2  # each response masks the token anew: the form is rendered per request


@pytest.mark.redis
def test_sessions_and_the_cache_use_redis_when_it_is_configured(client, representative, settings):
    from django.core.cache import cache

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    cache.set("probe", {"a": 1}, 10)
    assert cache.get("probe") == {"a": 1}
    client.force_login(representative)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("about")).status_code == 200
    assert not any("django_session" in query["sql"] for query in captured)
