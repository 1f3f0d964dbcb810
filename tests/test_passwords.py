"""Passwords built on the site's name or the person's own name are refused, with a clear Swedish message."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from collaboration.models import User

pytestmark = pytest.mark.django_db


def _sign_up(client, password, **fields):
    data = {"email": "nina.nyberg@example.org", "first_name": "Nina", "last_name": "Nyberg"}
    data.update(fields, password1=password, password2=password)
    return client.post(reverse("account_signup"), data)


@pytest.mark.parametrize(
    "password", ["Malmöandan2024!", "malmoandan-host", "MALM0ANDAN!!xy", "Nobel 21 är bäst", "nobel21nobel21"]
)
def test_a_password_with_the_sites_name_is_refused_at_sign_up(client, password):
    response = _sign_up(client, password)
    assert response.status_code == 200
    assert "Lösenordet får inte innehålla Malmöandans eller Nobel 21:s namn." in response.content.decode()
    assert not User.objects.filter(email="nina.nyberg@example.org").exists()


@pytest.mark.parametrize("password", ["nyberg-hösten-77", "Nina2024!xyzq", "hemligt-ninanyberg"])
def test_a_password_with_the_persons_name_or_address_is_refused_at_sign_up(client, password):
    response = _sign_up(client, password)
    assert response.status_code == 200
    assert "Lösenordet får inte innehålla ditt namn eller din e-postadress." in response.content.decode()
    assert not User.objects.filter(email="nina.nyberg@example.org").exists()


def test_a_password_like_the_e_mail_address_is_refused_by_djangos_similarity_validator():
    user = User(email="kalle.karlsson@example.org", first_name="", last_name="")
    with pytest.raises(ValidationError) as error:
        validate_password("karlssonkalle", user)
    assert "password_too_similar" in {e.code for e in error.value.error_list}


def test_a_good_password_is_accepted(client):
    response = _sign_up(client, "ett-bra-lösenord-77")
    assert response.status_code == 302
    assert User.objects.filter(email="nina.nyberg@example.org").exists()


def test_changing_the_password_checks_the_persons_name_too(client, representative):
    client.force_login(representative)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "correct-horse-battery",
            "password1": "farid-2024-hemma",
            "password2": "farid-2024-hemma",
        },
    )
    assert response.status_code == 200
    assert "Lösenordet får inte innehålla ditt namn eller din e-postadress." in response.content.decode()


def test_short_names_do_not_refuse_ordinary_passwords():
    user = User(email="bo@ex.se", first_name="Bo", last_name="Li")
    validate_password("en-bok-om-livet-7", user)
