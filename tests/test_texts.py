"""One word per thing: "tvåstegsverifiering" for two-factor in Swedish, "sign in" in English, the admin in
Swedish down to the two-factor list, and the admin's lists newest first with their columns."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real


def _catalogue(language: str) -> dict:
    """Every translation the running portal uses for `language`: its own catalogue merged over the packages'."""
    with translation.override(language):
        catalog = trans_real.translation(language)._catalog
        # keys(): a TranslationCatalog is not iterable; [key] is the translation in use where several exist.
        return {key: catalog[key] for key in catalog.keys()}  # noqa: SIM118


def test_two_factor_has_one_name_in_swedish():
    other_names = re.compile(r"tvåfaktor|två-faktor|2fa\b|\bMFA\b", re.IGNORECASE)
    texts = [text for text in _catalogue("sv").values() if isinstance(text, str)]
    assert not [text for text in texts if other_names.search(text)]
    with translation.override("sv"):
        assert "tvåstegsverifiering" in translation.gettext(
            "You cannot deactivate two-factor authentication."
        )
        assert translation.gettext("Two-Factor Authentication") == "Tvåstegsverifiering"


def test_english_says_sign_in_not_log_in():
    log_in = re.compile(r"\blog ?(in|out)\b|\blogged in\b|\blogins?\b", re.IGNORECASE)
    texts = [text for text in _catalogue("en").values() if isinstance(text, str)]
    assert not [text for text in texts if log_in.search(text)]
    with translation.override("en"):
        assert translation.gettext("Logga in") == "Sign in"


def test_the_two_factor_list_in_the_admin_is_swedish(client, coordinator):
    client.force_login(coordinator)
    with translation.override("sv"):
        response = client.get(reverse("admin:collaboration_twofactorauthenticator_changelist"))
    html = response.content.decode()
    text = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.DOTALL)  # what the coordinator reads
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=coordinator).exists() and "Sara Samordnare" in html
    for english in ("Authenticator", "User", "Type", "Created at", "Last used", "MFA"):
        assert not re.search(rf"\b{english}\b", text, re.IGNORECASE), english
    for swedish in ("Tvåstegsverifieringar", "Användare", "Typ", "Skapad", "Senast använd"):
        assert swedish in text, swedish


def _date_fields(model) -> set[str]:
    return {field.name for field in model._meta.fields if isinstance(field, models.DateField)}


@pytest.mark.parametrize(
    "model_admin", [ma for m, ma in admin.site._registry.items() if _date_fields(m)], ids=lambda ma: str(ma)
)
def test_admin_lists_are_newest_first_with_their_columns(model_admin, rf, coordinator):
    request = rf.get("/admin/")
    request.user = coordinator
    ordering = list(model_admin.get_ordering(request) or model_admin.model._meta.ordering)
    assert ordering and ordering[0].startswith("-"), f"{model_admin}: ordered by {ordering}"
    first = ordering[0].lstrip("-").split("__")[0]
    fields = {field.name: field for field in model_admin.model._meta.fields}
    assert first in _date_fields(model_admin.model) or isinstance(
        fields.get(first), (models.IntegerField, models.AutoField)
    ), f"{model_admin}: newest first needs a date or a year, not {first}"
    assert list(model_admin.get_list_display(request)) != ["__str__"], f"{model_admin} shows one column"


def test_past_events_of_the_same_name_have_titles_of_their_own(client, db):
    """Malmötimmen comes back every month: a past one's page title carries its date, so each title is unique."""
    import datetime as dt

    from django.utils import timezone

    from events.factories import EventFactory

    now = timezone.now()
    titles = set()
    for weeks in (5, 9):
        starts = now - dt.timedelta(weeks=weeks)
        event = EventFactory(title="Malmötimmen", starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
        html = client.get(reverse("events:event-detail", kwargs={"pk": event.pk})).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1).strip()
        assert title.startswith("Malmötimmen, ") and str(timezone.localtime(starts).year) in title
        titles.add(title)
    assert len(titles) == 2
