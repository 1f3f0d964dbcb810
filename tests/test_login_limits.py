"""Failed logins cannot be turned against the account's owner (issue 14).

Limits count per address and per account at an address, read behind the configured proxy; a generous
account-wide ceiling e-mails the owner once; the e-mailed login code always lets the owner in.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # collaboration.factories.UserFactory's


def _login(client, email, password, **address):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **address)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _code_from(message) -> str:
    return next(
        line.strip() for line in message.body.splitlines() if re.fullmatch(r"[A-Z0-9-]{6,}", line.strip())
    )


def test_an_attacker_elsewhere_does_not_lock_the_owner_out(client, representative):
    for _ in range(8):
        _login(client, representative.email, "fel-lösenord", REMOTE_ADDR="203.0.113.66")
    # The attacker's address is now refused even with the right password ...
    response = _login(client, representative.email, PASSWORD, REMOTE_ADDR="203.0.113.66")
    assert not _signed_in(client)
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    # ... while the owner, from their own address, gets in with it.
    response = _login(client, representative.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert _signed_in(client)


def test_behind_the_proxy_each_client_has_its_own_limit_and_a_spoofed_hop_does_not_help(
    client, representative, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}  # every request arrives from the load balancer
    for _ in range(6):
        _login(client, representative.email, "fel", HTTP_X_FORWARDED_FOR="203.0.113.66", **proxy)
    # The attacker claims the owner's address as an extra hop; the proxy appended the real one.
    _login(client, representative.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.66", **proxy)
    assert not _signed_in(client)
    response = _login(client, representative.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert response.status_code == 302 and _signed_in(client)


def test_one_address_guessing_at_many_accounts_is_stopped_without_stopping_others(client, representative):
    for n in range(20):
        _login(client, f"gissning{n}@example.org", "fel", REMOTE_ADDR="203.0.113.66")
    _login(client, representative.email, PASSWORD, REMOTE_ADDR="203.0.113.66")
    assert not _signed_in(client)
    _login(client, representative.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert _signed_in(client)


def test_too_few_forwarded_addresses_fall_back_to_the_connecting_address(client, representative, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    response = _login(client, representative.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 302 and _signed_in(client)


def test_the_account_wide_ceiling_tells_the_owner_once_and_the_login_code_still_lets_them_in(
    client, representative, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_account": "10/h/key"}
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(15):  # from fifteen addresses, each under its own limit
            _login(client, representative.email, "fel", REMOTE_ADDR=f"203.0.113.{n + 1}")
    warnings = [m for m in mail.outbox if m.to == [representative.email]]
    assert len(warnings) == 1
    assert reverse("account_request_login_code") in warnings[0].body
    assert "60 minuter" in warnings[0].body

    # Password login is paused account-wide, also for the owner ...
    _login(client, representative.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert not _signed_in(client)
    # ... but the code sent to the owner's address gets them in.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_request_login_code"), {"email": representative.email}, REMOTE_ADDR="198.51.100.7"
        )
    assert response.status_code == 302
    code = _code_from(mail.outbox[0])
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    assert _signed_in(client)


def test_an_unknown_address_at_the_ceiling_sends_no_mail(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_account": "3/h/key"}
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            _login(client, "finns-inte@example.org", "fel", REMOTE_ADDR=f"203.0.113.{n + 1}")
    assert mail.outbox == []


def test_a_coordinator_signing_in_by_code_still_needs_two_factor(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": coordinator.email})
    response = client.post(reverse("account_confirm_login_code"), {"code": _code_from(mail.outbox[0])})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    assert not _signed_in(client)


def test_the_admin_login_takes_no_password_itself(client, coordinator):
    # The admin's own login form would bypass allauth's limits; it only ever redirects to allauth's.
    response = client.post(reverse("admin:login"), {"username": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _signed_in(client)


def test_the_login_page_offers_the_login_code(client):
    response = client.get(reverse("account_login"))
    assert reverse("account_request_login_code") in response.content.decode()


def test_an_attacker_asking_for_codes_does_not_use_up_the_owners(
    client, representative, django_capture_on_commit_callbacks
):
    url = reverse("account_request_login_code")
    for _ in range(5):  # a fresh session each time, as a script would
        Client().post(url, {"email": representative.email}, REMOTE_ADDR="203.0.113.66")
    response = Client().post(url, {"email": representative.email}, REMOTE_ADDR="203.0.113.66")
    assert response.status_code == 200  # refused at the attacker's address
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": representative.email}, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302
    response = client.post(
        reverse("account_confirm_login_code"),
        {"code": _code_from(mail.outbox[0])},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302 and _signed_in(client)
