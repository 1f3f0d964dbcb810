"""Shared test setup: the named personas every app's tests use, and skips for services that are absent."""

import os

import pytest
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.utils import translation

from collaboration.factories import MembershipFactory, OrganisationFactory, UserFactory
from collaboration.models import MembershipRole
from collaboration.services.users import user_role_grant
from collaboration.shared.roles import Role
from malmoandan import celery_app

# The browser fixtures (one Chromium per session, axe-core checks) for tests/browser and the apps' browser tests.
pytest_plugins = ["tests.browser.fixtures"]

# Tests run tasks in-process; the one test that needs a real worker turns this off for itself.
celery_app.conf.task_always_eager = True

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

_force_login_without_two_factor = Client.force_login


def _force_login(self, user, backend=None):
    """Sign the test client in as the login form would: a user with TOTP on has also passed the code, which
    coordinators need (collaboration.shared.roles.two_factor_verified). `force_login_without_two_factor` skips it."""
    _force_login_without_two_factor(self, user, backend)
    if is_mfa_enabled(user):
        request = RequestFactory().get("/")
        request.session = self.session
        record_authentication(request, user, "mfa", type="totp")
        request.session.save()


Client.force_login = _force_login
Client.force_login_without_two_factor = _force_login_without_two_factor


def pytest_collection_modifyitems(config, items):
    redis_missing = pytest.mark.skip(reason="needs Redis: set REDIS_URL (CI does)")
    for item in items:
        if "redis" in item.keywords and not os.environ.get("REDIS_URL"):
            item.add_marker(redis_missing)


@pytest.fixture(autouse=True)
def _skip_without_postgres(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL (CI does)")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached: roles, sessions and page fragments are keyed by primary keys,
    which a rolled-back test database hands out again (and CI's Redis outlives the run)."""
    for alias in django_settings.CACHES:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _swedish_between_tests():
    """Each test starts in Swedish: a request in English (the language cookie) leaves English activated in the
    thread, and a later test's direct service call would then speak English."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    # Mail goes the production way (queued on commit for the in-process task), delivered into mail.outbox.
    settings.EMAIL_BACKEND = "collaboration.shared.mail.CeleryEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Hashing a password properly takes ~0.3 s; the personas alone would cost seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Föreningen Gemenskap")


@pytest.fixture
def coordinator(db):
    """Sara, one of the two coordinators: staff, in the coordinators' group, with TOTP turned on."""
    user = UserFactory(email="sara@example.org", first_name="Sara", last_name="Samordnare")
    user_role_grant(user=user, role=Role.COORDINATOR)
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def representative(db, organisation):
    """Farid, who represents Föreningen Gemenskap."""
    user = UserFactory(email="farid@example.org", first_name="Farid", last_name="Föreningsson")
    MembershipFactory(user=user, organisation=organisation)
    user_role_grant(user=user, role=Role.REPRESENTATIVE)
    return user


@pytest.fixture
def contact(db, organisation):
    """Kim, the confirmed contact person (kontaktperson) of Föreningen Gemenskap: reached on its behalf, but
    acting for it is its representatives' (collaboration.models.organisations.represented_by_q)."""
    user = UserFactory(email="kim@example.org", first_name="Kim", last_name="Kontaktsson")
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.CONTACT)
    return user


@pytest.fixture
def steering_member(db):
    """Stina, a voting member of the steering group."""
    user = UserFactory(email="stina@example.org", first_name="Stina", last_name="Styrgren")
    user_role_grant(user=user, role=Role.STEERING_MEMBER)
    return user


@pytest.fixture
def city_official(db):
    """Tove, an official at the city office who downloads the annual report."""
    user = UserFactory(email="tove@example.org", first_name="Tove", last_name="Tjänstesson")
    user_role_grant(user=user, role=Role.CITY_OFFICIAL)
    return user


@pytest.fixture
def outsider(db):
    """Olle, signed in but with no role and no organisation."""
    return UserFactory(email="olle@example.org", first_name="Olle", last_name="Utomstående")


@pytest.fixture
def login_as(client, request):
    """login_as("coordinator") signs the test client in as that persona and returns the user (None: anonymous).
    The personas' names are listed once, in tests/url_access.PERSONAS."""

    def _login(persona: str):
        if persona == "anonymous":
            client.logout()
            return None
        user = request.getfixturevalue(persona)
        client.force_login(user)
        return user

    return _login
