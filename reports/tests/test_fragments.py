"""The annual report page's cached state and body: each change shows at once, each viewer sees only what they
may, and a warm page costs no query of its own whatever the number of versions."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collaboration.shared import fragments
from reports.models import AnnualReport, ReportVersion, VersionStatus
from reports.services import report_version_fail

pytestmark = pytest.mark.django_db

DETAIL = reverse("reports:annualreport-detail", kwargs={"year": 2022})


def _client(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user:
        client.force_login(user)
    return client


def _page(client) -> str:
    response = client.get(DETAIL)
    assert response.status_code == 200
    return response.content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(DETAIL).status_code == 200
    return len(captured)


def _version(report, number: int, **fields) -> ReportVersion:
    return ReportVersion.objects.create(report=report, number=number, content={"year": 2022}, **fields)


def test_the_reports_data_set_watches_reports_and_versions():
    assert {AnnualReport, ReportVersion} <= set(fragments.watched()["reports"])


def test_each_step_of_a_version_shows_at_once(report, coordinator, city_official):
    official = _client(city_official)
    assert "Ingen PDF har skapats än." in _page(official)
    # Ordered by a coordinator; the worker has not started it yet.
    _client(coordinator).post(reverse("reports:reportversion-create", kwargs={"year": 2022}))
    page = _page(official)
    assert "I kö" in page and '<meta http-equiv="refresh" content="5">' in page
    version = ReportVersion.objects.get()
    report_version_fail(version_id=version.pk, reason="WeasyPrint föll")
    page = _page(official)
    assert "Misslyckades" in page and "WeasyPrint föll" in page and "refresh" not in page
    ready = _version(report, 2, status=VersionStatus.READY, pdf="x.pdf")
    page = _page(official)
    download = reverse("reports:reportversion-download", kwargs={"year": 2022, "number": 2})
    assert download in page and "Godkänd av kommunstyrelsen" not in page
    # The board approves it; the coordinator registers that.
    approve = reverse("reports:reportversion-approve", kwargs={"year": 2022, "number": ready.number})
    data = {"decision_date": "2023-04-12", "decision_reference": "STK-2023-267"}
    assert _client(coordinator).post(approve, data).status_code == 302
    assert "Godkänd av kommunstyrelsen 12 april 2023 (STK-2023-267)." in _page(official)


def test_each_viewer_sees_only_what_they_may(report, city_official, steering_member, outsider):
    ready = _version(report, 1, status=VersionStatus.READY, pdf="x.pdf")
    download = reverse("reports:reportversion-download", kwargs={"year": 2022, "number": 1})
    assert download in _page(_client(city_official))
    # A steering member sees the draft's versions but downloads none; the public does not see the draft.
    page = _page(_client(steering_member))
    assert "Versioner" in page and download not in page
    for viewer in (_client(outsider), _client()):
        assert viewer.get(DETAIL).status_code == 404
    ready.decision_date, ready.decision_reference = "2023-04-12", "STK-2023-267"
    ready.save(update_fields=["decision_date", "decision_reference"])
    assert download in _page(_client(city_official))
    for viewer in (_client(outsider), _client()):
        page = _page(viewer)
        assert "Godkänd av kommunstyrelsen" in page and "Versioner" not in page and download not in page


def test_a_coordinator_approves_with_their_own_csrf_token(report, coordinator, city_official):
    _version(report, 1, status=VersionStatus.READY, pdf="x.pdf")
    _page(_client(city_official))  # the officials' copy is cached; the coordinators' page is not
    client = _client(coordinator, enforce_csrf_checks=True)
    page = _page(client)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    approve = reverse("reports:reportversion-approve", kwargs={"year": 2022, "number": 1})
    data = {"decision_date": "2023-04-12", "decision_reference": "STK-2023-267", "csrfmiddlewaretoken": token}
    assert client.post(approve, data).status_code == 302
    assert ReportVersion.objects.get().is_approved


@pytest.mark.parametrize("persona", ["city_official", "steering_member"])
def test_report_page_queries_cold_and_warm_do_not_grow_with_the_versions(report, request, persona):
    client = _client(request.getfixturevalue(persona))
    client.get(DETAIL)  # the viewer's roles into the cache
    counts = []
    for first, last in ((1, 2), (3, 12)):
        for number in range(first, last + 1):
            _version(report, number, status=VersionStatus.READY, pdf=f"v{number}.pdf")
        counts.append((_queries(client), _queries(client)))
    assert counts[0] == counts[1], counts
    cold, warm = counts[0]
    # Cold: the report's state and its versions. Warm: only the data versions (once per request), the session
    # and the user (the user with Redis).
    assert cold - warm == 2 and warm <= 3, counts
