import pytest
from django.core import mail
from django.urls import reverse

from collaboration.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_requires_e_mail_verification(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "email": "ny@example.org",
                "first_name": "Nina",
                "last_name": "Ny",
                "password1": "ett-bra-lösenord-77",
                "password2": "ett-bra-lösenord-77",
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="ny@example.org")
    assert (user.first_name, user.last_name) == ("Nina", "Ny")
    assert len(mail.outbox) == 1 and "ny@example.org" in mail.outbox[0].to
    # Until the address is verified the user is not signed in.
    assert "_auth_user_id" not in client.session


def test_login_failures_are_rate_limited_and_the_limit_is_per_account(client, representative, settings):
    url = reverse("account_login")
    for _ in range(5):
        client.post(url, {"login": representative.email, "password": "fel"})
    response = client.post(url, {"login": representative.email, "password": "correct-horse-battery"})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_coordinator_without_two_factor_is_sent_to_set_it_up(client, db):
    from collaboration.factories import UserFactory
    from collaboration.services.users import user_role_grant
    from collaboration.shared.roles import Role

    user = UserFactory()
    user_role_grant(user=user, role=Role.COORDINATOR)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_coordinator_with_two_factor_reaches_the_admin(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("persona", ["representative", "steering_member", "city_official", "outsider"])
def test_only_coordinators_reach_the_admin(client, login_as, persona):
    login_as(persona)
    assert client.get(reverse("admin:index")).status_code in (302, 403)


def test_staff_sessions_expire_after_thirty_idle_minutes(client, coordinator):
    client.force_login(coordinator)
    client.get(reverse("home"))
    assert client.session.get_expiry_age() == 30 * 60
