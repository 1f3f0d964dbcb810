"""Every admin autocomplete ignores values nobody could have picked, instead of answering 500."""

import pytest
from django.contrib import admin
from django.urls import reverse

from collaboration.shared.admin_autocomplete import SafeAutocompleteMixin


def _admins_with_autocomplete():
    for model, model_admin in admin.site._registry.items():
        if model_admin.autocomplete_fields:
            yield f"{model.__name__}Admin", type(model_admin)
        for inline in model_admin.inlines:
            if inline.autocomplete_fields:
                yield inline.__name__, inline


def test_every_admin_and_inline_with_autocomplete_fields_uses_the_safe_widgets():
    found = dict(_admins_with_autocomplete())
    assert found, "no admin with autocomplete_fields was found: the walk itself is broken"
    unsafe = sorted(name for name, cls in found.items() if not issubclass(cls, SafeAutocompleteMixin))
    assert not unsafe, f"use collaboration.shared.admin_autocomplete.SafeAutocompleteMixin in: {unsafe}"


@pytest.mark.django_db
def test_a_membership_form_reshown_with_a_non_numeric_user_answers_with_a_form_error(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:collaboration_membership_add"), {"user": "abc", "organisation": "1e999", "role": "x"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
