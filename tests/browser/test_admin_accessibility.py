"""axe-core (the newest, from npm) on every page of the coordinators' admin: each model's list, add form, the
add form refused for being empty, change form and delete confirmation.

One browser context for the whole walk (one database setup, one sign-in); every failure is collected and
reported together, so one run shows all that is left to fix.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from collaboration.factories import OrganisationFactory, RoomFactory
from collaboration.models import BookingSeries, Closure, Nobel21MonthlyStatistic, SupportEntry, SupportKind
from coordination.models import MailOptOut
from events.factories import RegistrationFactory
from events.models import Evaluation
from steering.factories import FocusAreaFactory
from tests.test_url_access import DECLARED
from tests.url_access import PERSONAS


@pytest.fixture
def sample_objects(request):
    """The personas and the objects the portal's url_access entries build: at least one row in most models."""
    users = {p: request.getfixturevalue(p) for p in PERSONAS if p != "anonymous"}
    for access in DECLARED.values():
        if access.kwargs:
            access.kwargs(users)
    # The models no portal URL needs a row of, so that their change and delete pages are walked too.
    room, organisation = RoomFactory(), OrganisationFactory()
    starts = timezone.now() + dt.timedelta(days=3)
    Closure.objects.create(
        room=room, starts_at=starts, ends_at=starts + dt.timedelta(days=1), reason="Städning"
    )
    BookingSeries.objects.create(
        room=room,
        organisation=organisation,
        title="Veckomöte",
        first_starts_at=starts,
        first_ends_at=starts + dt.timedelta(hours=2),
        count=4,
        booked_by=users["representative"],
    )
    Nobel21MonthlyStatistic.objects.create(
        year=2022,
        month=3,
        meetings=240,
        source="Malmö Ideellas bokningssystem",
        recorded_by=users["coordinator"],
    )
    Evaluation.objects.create(registration=RegistrationFactory(), rating=4, comment="Givande samtal")
    FocusAreaFactory()
    SupportEntry.objects.create(
        organisation=organisation,
        requested_by=users["representative"],
        kind=SupportKind.FUNDING,
        description="Hjälp med en ansökan till Allmänna arvsfonden",
    )
    MailOptOut.objects.create(email="avregistrerad@example.org")
    return users


def _admin_pages(model, model_admin, request) -> list[tuple[str, str, bool]]:
    """(label, url, submit empty) for the pages of one registered model that exist for it."""
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = [(f"{info} list", reverse(f"{info}_changelist"), False)]
    if model_admin.has_add_permission(request):
        pages.append((f"{info} add", reverse(f"{info}_add"), False))
        pages.append((f"{info} add, submitted empty", reverse(f"{info}_add"), True))
    sample = model._default_manager.order_by("-pk").first()
    if sample is not None:
        pages.append((f"{info} change", reverse(f"{info}_change", args=[sample.pk]), False))
        if model_admin.has_delete_permission(request, sample):
            pages.append((f"{info} delete", reverse(f"{info}_delete", args=[sample.pk]), False))
    return pages


def test_every_admin_page_and_error_state_passes_axe(page, checks, sample_objects, sign_in_as):
    coordinator = sample_objects["coordinator"]
    request = RequestFactory().get("/admin/")
    request.user = coordinator  # for the admin's has_add_permission / has_delete_permission
    sign_in_as(coordinator)
    problems, checked, without_sample = [], 0, []
    registry = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
    for model, model_admin in registry:
        pages = _admin_pages(model, model_admin, request)
        if not any(label.endswith(" change") for label, _, _ in pages):
            without_sample.append(model._meta.label)
        for label, url, submit_empty in pages:
            response = page.goto(url)
            if response is None or response.status >= 400:
                problems.append(f"{label}: GET {url} answered {response and response.status}")
                continue
            if submit_empty:
                page.locator("#content form [type=submit][name=_save]").click()
                page.wait_for_load_state()
                if not page.locator(".errornote, .errorlist").count():
                    continue  # a form with nothing required saved as it was: no error state to check
            try:
                checks.check_page(label=label)
                checked += 1
            except (pytest.fail.Exception, AssertionError) as error:
                problems.append(str(error))
    assert not problems, f"{len(problems)} admin page(s) with problems:\n\n" + "\n\n".join(problems)
    assert not without_sample, f"no row to open the change and delete pages of: {without_sample}"
    assert checked >= 3 * len(registry)
