import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["home", "about", "accessibility", "privacy"])
def test_public_page_renders_in_swedish_with_one_h1(client, db, name):
    response = client.get(reverse(name))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="sv">' in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html  # skip link
    assert "<main" in html and "<nav" in html and "<footer" in html


def test_english_is_selectable(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("home")).content.decode()


def test_unknown_page_gets_the_framed_404(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_home_shows_this_years_focus_area(client, db):
    from steering.factories import FocusAreaFactory

    FocusAreaFactory(title="Jämlik hälsa")
    assert "Jämlik hälsa" in client.get(reverse("home")).content.decode()


def test_static_assets_come_from_installed_packages(client, db):
    html = client.get(reverse("home")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "cdn" not in html.lower()


def test_swedish_is_served_whatever_the_browser_asks_for(client, db):
    html = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html
