"""Recording the real year afterwards: Nobel 21 usage from outside the portal, bookings recorded as history,
and partnership stages as they stood at a date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from collaboration import statistics
from collaboration.factories import BookingFactory, OrganisationFactory, PartnershipFactory, RoomFactory
from collaboration.models import Booking, Nobel21MonthlyStatistic, Partnership, PartnershipStage
from collaboration.services.partnerships import partnership_create, partnership_stage_change
from collaboration.services.rooms import booking_create

pytestmark = pytest.mark.django_db
S = PartnershipStage


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _record(year: int, month: int, meetings: int, visitors: int | None = None) -> Nobel21MonthlyStatistic:
    return Nobel21MonthlyStatistic.objects.create(
        year=year, month=month, meetings=meetings, visitors=visitors, source="Malmö Ideellas bokningssystem"
    )


# --- Nobel 21 per month -------------------------------------------------------------------------------


def test_a_month_with_portal_bookings_never_adds_the_recorded_statistics():
    room = RoomFactory()
    BookingFactory(room=room, starts_at=_at(dt.date(2025, 3, 4), 10), ends_at=_at(dt.date(2025, 3, 4), 11))
    BookingFactory(room=room, starts_at=_at(dt.date(2025, 3, 5), 10), ends_at=_at(dt.date(2025, 3, 5), 11))
    _record(2025, 3, 400, 900)  # the same month counted by the centre: must not be added
    _record(2025, 4, 250, 800)

    months = {row["month"]: row for row in statistics.nobel21_months(2025)}

    assert months[3]["source"] == "portal" and months[3]["bookings"] == 2 and months[3]["visitors"] == 10
    assert months[4] == {
        "month": 4,
        "bookings": 250,
        "visitors": 800,
        "source": "recorded",
        "source_name": "Malmö Ideellas bokningssystem",
        "note": "",
    }
    assert months[5]["source"] is None and months[5]["bookings"] is None and months[5]["visitors"] is None
    usage = statistics.nobel21_usage(2025)
    assert usage["bookings"] == 252 and usage["recorded_months"] == 2


def test_a_year_with_nothing_recorded_is_not_recorded_rather_than_zero():
    usage = statistics.nobel21_usage(2021)
    assert usage["bookings"] is None and usage["visitors"] is None and usage["attendees_per_week"] is None
    assert all(row["source"] is None for row in usage["months"])


def test_months_take_two_queries_whatever_the_data(django_assert_num_queries):
    for month in range(1, 13):
        _record(2024, month, 10 * month)
    with django_assert_num_queries(2):
        statistics.nobel21_months(2024)


def test_coordinator_records_a_month_in_the_admin_and_bad_input_is_refused(client, login_as):
    login_as("coordinator")
    url = reverse("admin:collaboration_nobel21monthlystatistic_add")
    good = {"year": 2023, "month": 5, "meetings": 210, "visitors": 2100, "source": "Nobel 21:s export"}
    assert client.post(url, good).status_code == 302
    assert Nobel21MonthlyStatistic.objects.get(year=2023, month=5).meetings == 210
    response = client.post(url, {**good, "month": 13, "source": " "})
    assert response.status_code == 200 and Nobel21MonthlyStatistic.objects.count() == 1
    response = client.post(url, good)  # the same month twice
    assert response.status_code == 200 and Nobel21MonthlyStatistic.objects.count() == 1


# --- bookings recorded afterwards -------------------------------------------------------------------------


def _past_slot():
    day = timezone.localdate() - dt.timedelta(days=30)
    return _at(day, 10), _at(day, 11)


def test_coordinator_records_a_past_booking_as_history(coordinator):
    starts_at, ends_at = _past_slot()
    booking = booking_create(
        room=RoomFactory(),
        organisation=OrganisationFactory(),
        title="Styrelsemöte",
        starts_at=starts_at,
        ends_at=ends_at,
        expected_attendees=6,
        booked_by=coordinator,
        recorded_afterwards=True,
    )
    assert booking.recorded_afterwards and booking.status == "confirmed"


def test_representative_cannot_record_a_past_booking(representative, organisation):
    starts_at, ends_at = _past_slot()
    fields = {
        "room": RoomFactory(),
        "organisation": organisation,
        "title": "Styrelsemöte",
        "starts_at": starts_at,
        "ends_at": ends_at,
        "expected_attendees": 6,
        "booked_by": representative,
    }
    with pytest.raises(ValidationError, match="redan passerat"):
        booking_create(**fields)
    with pytest.raises(ValidationError, match="Bara en samordnare"):
        booking_create(**fields, recorded_afterwards=True)
    assert not Booking.objects.exists()


def test_past_booking_through_the_form(client, login_as, organisation):
    room = RoomFactory()
    starts_at, _ends = _past_slot()
    data = {
        "organisation": organisation.pk,
        "room": room.pk,
        "title": "Årsmöte",
        "date": timezone.localdate(starts_at).isoformat(),
        "start": "10:00",
        "end": "11:00",
        "expected_attendees": 8,
    }
    login_as("representative")
    response = client.post(reverse("booking-create"), {**data, "recorded_afterwards": "on"})
    assert response.status_code == 200 and "redan passerat" in response.content.decode()
    assert not Booking.objects.exists()

    login_as("coordinator")
    assert "recorded_afterwards" in client.get(reverse("booking-create")).content.decode()
    response = client.post(reverse("booking-create"), {**data, "recorded_afterwards": "on"})
    assert response.status_code == 302
    assert Booking.objects.get().recorded_afterwards


# --- partnership stages at a date ---------------------------------------------------------------------


def _history(coordinator, title: str, history: list[tuple[str, dt.date]]) -> Partnership:
    partnership = partnership_create(
        created_by=coordinator,
        title=title,
        form="project",
        purpose="Samverkan",
        level="partnership",
        commissioned_on=history[0][1],
    )
    for stage, day in history[1:]:
        partnership = partnership_stage_change(
            partnership=partnership, stage=stage, changed_by=coordinator, changed_on=day
        )
    return partnership


def test_partnership_ended_in_2023_was_running_at_the_end_of_2021_and_2022(coordinator):
    day = dt.date
    partnership = _history(
        coordinator,
        "Malmö Tillsammans",
        [
            (S.COMMISSIONED, day(2020, 1, 1)),
            (S.DIALOGUE, day(2020, 3, 1)),
            (S.SIGNED, day(2020, 6, 1)),
            (S.RUNNING, day(2020, 6, 1)),
            (S.ENDED, day(2023, 4, 30)),
        ],
    )
    assert partnership.stage == S.ENDED
    assert partnership.stage_on(day(2019, 12, 31)) is None
    assert partnership.stage_on(day(2020, 4, 1)) == S.DIALOGUE
    assert partnership.stage_on(day(2021, 12, 31)) == S.RUNNING
    assert partnership.stage_on(day(2022, 12, 31)) == S.RUNNING
    assert partnership.stage_on(day(2023, 12, 31)) == S.ENDED
    annotated = Partnership.objects.with_stage_on(day(2022, 12, 31)).get(pk=partnership.pk)
    assert annotated.stage_on_date == S.RUNNING


@pytest.mark.parametrize("size", [3, 12])
def test_stage_at_a_date_for_many_partnerships_is_one_query(coordinator, size):
    for index in range(size):
        _history(
            coordinator,
            f"P{index}",
            [(S.COMMISSIONED, dt.date(2021, 1, 1)), (S.DIALOGUE, dt.date(2021, 5, 1))],
        )
    with CaptureQueriesContext(connection) as queries:
        stages = [p.stage_on_date for p in Partnership.objects.with_stage_on(dt.date(2021, 12, 31))]
    assert len(queries) == 1 and stages == [S.DIALOGUE] * size
    with CaptureQueriesContext(connection) as queries:
        prefetched = list(Partnership.objects.prefetch_related("stage_changes"))
        stages = [p.stage_on(dt.date(2021, 3, 1)) for p in prefetched]
    assert len(queries) == 2 and stages == [S.COMMISSIONED] * size


def test_stage_change_date_cannot_be_in_the_future_or_before_the_start(coordinator):
    partnership = _history(coordinator, "IOP", [(S.COMMISSIONED, dt.date(2024, 6, 1))])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="framtiden"):
        partnership_stage_change(
            partnership=partnership, stage=S.DIALOGUE, changed_by=coordinator, changed_on=tomorrow
        )
    with pytest.raises(ValidationError, match="före uppdraget"):
        partnership_stage_change(
            partnership=partnership, stage=S.DIALOGUE, changed_by=coordinator, changed_on=dt.date(2024, 5, 1)
        )
    partnership.refresh_from_db()
    assert partnership.stage == S.COMMISSIONED and partnership.stage_changes.count() == 1


def test_iop_signed_in_september_2024_recorded_later_from_the_portal(client, login_as, coordinator):
    partnership = _history(coordinator, "IOP Lindängen", [(S.COMMISSIONED, dt.date(2024, 1, 10))])
    partnership_stage_change(
        partnership=partnership, stage=S.DIALOGUE, changed_by=coordinator, changed_on=dt.date(2024, 3, 1)
    )
    login_as("coordinator")
    url = reverse("partnership-stage-change", args=[partnership.pk])
    response = client.post(url, {"stage": S.SIGNED, "changed_on": "2099-01-01"})
    assert response.status_code == 400 and "framtiden" in response.content.decode()
    response = client.post(url, {"stage": S.SIGNED, "changed_on": "2024-09-16"})
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.stage == S.SIGNED and partnership.signed_on == dt.date(2024, 9, 16)
    assert partnership.stage_on(dt.date(2024, 8, 31)) == S.DIALOGUE
    assert partnership.stage_on(dt.date(2024, 12, 31)) == S.SIGNED
    assert "2024-09-16" in client.get(reverse("partnership-detail", args=[partnership.pk])).content.decode()


def test_stage_change_in_the_admin_carries_its_date(client, login_as, coordinator):
    partnership = PartnershipFactory(commissioned_on=dt.date(2022, 1, 1))
    login_as("coordinator")
    url = reverse("admin:collaboration_partnership_change", args=[partnership.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data |= {"stage": S.DIALOGUE, "stage_changed_on": "2022-02-15", "website": ""}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name, field in management.initial.items():
            data[f"{management.prefix}-{name}"] = field
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    change = partnership.stage_changes.get(to_stage=S.DIALOGUE)
    assert change.happened_on == dt.date(2022, 2, 15)


# --- the coordinators' page: record a month, import the centre's export ------------------------------------

STATISTICS_URL = "/nobel21/statistik/?ar=2022"


def _upload(text: str, name: str = "nobel21.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_statistics_page_is_for_coordinators_only(client, login_as):
    for persona in ["anonymous", "representative", "steering_member"]:
        login_as(persona)
        assert client.get(STATISTICS_URL).status_code in (302, 403, 404)
    login_as("coordinator")
    page = client.get(STATISTICS_URL)
    assert page.status_code == 200 and page.content.decode().count("Inte registrerad") == 12
    assert client.get("/nobel21/statistik/?ar=abc").status_code == 404


def test_coordinator_records_one_month_on_the_page(client, login_as):
    login_as("coordinator")
    data = {"action": "record", "month": 3, "meetings": 240, "visitors": "", "source": "Nobel 21:s export"}
    assert client.post(STATISTICS_URL, data).status_code == 302
    row = statistics.nobel21_months(2022)[2]
    assert (row["bookings"], row["visitors"], row["source"]) == (240, None, "recorded")
    response = client.post(STATISTICS_URL, {**data, "meetings": -1})
    assert response.status_code == 400 and Nobel21MonthlyStatistic.objects.get().meetings == 240


def test_import_with_bad_rows_saves_nothing_until_fixed(client, login_as):
    login_as("coordinator")
    bad = "månad;möten;besökare\njanuari;120;1500\n2022-02;tolv;1600\n13;100;\n2021-04;90;800\njanuari;5;5\n"
    response = client.post(
        STATISTICS_URL, {"action": "preview", "file": _upload(bad), "source": "Malmö Ideellas bokningssystem"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ogiltigt tal" in page and "1–12" in page and "annat år" in page and "tidigare rad" in page
    assert 'name="token"' not in page and not Nobel21MonthlyStatistic.objects.exists()

    good = "Månad,Bokningar,Besökare\njanuari,120,1500\nfebruari,140,\n2022-03,160,2000\n"
    response = client.post(
        STATISTICS_URL,
        {"action": "preview", "file": _upload(good), "source": "Malmö Ideellas bokningssystem"},
    )
    assert response.status_code == 200 and not Nobel21MonthlyStatistic.objects.exists()  # a preview only
    token = response.context["token"]
    # A forged or stale token is refused and saves nothing.
    response = client.post(STATISTICS_URL, {"action": "confirm", "token": token + "x", "source": "X"})
    assert response.status_code == 400 and not Nobel21MonthlyStatistic.objects.exists()
    response = client.post(
        STATISTICS_URL, {"action": "confirm", "token": token, "source": "Malmö Ideellas bokningssystem"}
    )
    assert response.status_code == 302
    months = statistics.nobel21_months(2022)
    assert [m["bookings"] for m in months[:4]] == [120, 140, 160, None]
    assert months[1]["visitors"] is None and months[0]["source_name"] == "Malmö Ideellas bokningssystem"


def test_import_confirm_refuses_rows_with_errors_in_the_service():
    from collaboration.services.nobel21_statistics import StatisticRow, nobel21_statistics_import_confirm

    rows = [StatisticRow(2, 1, 10, None), StatisticRow(3, None, None, None, error="Ogiltigt tal.")]
    with pytest.raises(ValidationError):
        nobel21_statistics_import_confirm(year=2022, rows=rows, source="X", recorded_by=None)
    assert not Nobel21MonthlyStatistic.objects.exists()


def test_import_reads_xlsx(client, login_as):
    import tablib

    data = tablib.Dataset(headers=["Månad", "Möten", "Besökare"])
    data.append(["maj", 200, 2500])
    login_as("coordinator")
    upload = _upload("", "export.xlsx")
    upload.file.write(data.export("xlsx"))
    upload.file.seek(0)
    response = client.post(STATISTICS_URL, {"action": "preview", "file": upload, "source": "Export"})
    assert response.status_code == 200 and response.context["preview"][0].month == 5
    assert not response.context["preview_errors"]


@pytest.mark.parametrize("portal_months", [1, 8])
def test_statistics_page_queries_are_bounded(client, login_as, django_assert_max_num_queries, portal_months):
    room = RoomFactory()
    for month in range(1, portal_months + 1):
        BookingFactory(
            room=room, starts_at=_at(dt.date(2022, month, 3), 10), ends_at=_at(dt.date(2022, month, 3), 11)
        )
    for month in range(portal_months + 1, 13):
        _record(2022, month, month)
    login_as("coordinator")
    with django_assert_max_num_queries(12):
        assert client.get(STATISTICS_URL).status_code == 200


def _import(client, text: str, source: str = "Malmö Ideellas bokningssystem"):
    response = client.post(STATISTICS_URL, {"action": "preview", "file": _upload(text), "source": source})
    assert response.status_code == 200 and not response.context["preview_errors"]
    data = {"action": "confirm", "token": response.context["token"], "source": source, "filename": "x.csv"}
    assert client.post(STATISTICS_URL, data).status_code == 302


def test_undo_of_an_import_leaves_no_trace_and_puts_back_what_it_overwrote(client, login_as):
    from collaboration.models import Nobel21StatisticImport

    user = login_as("coordinator")
    _record(2022, 2, 77, 700)  # recorded by hand before the import
    before = list(Nobel21MonthlyStatistic.objects.values("month", "meetings", "visitors", "source", "note"))
    _import(client, "månad;möten;besökare\njanuari;120;1500\nfebruari;140;1600\nmars;160;\n")
    assert [m["bookings"] for m in statistics.nobel21_months(2022)[:4]] == [120, 140, 160, None]
    batch = Nobel21StatisticImport.objects.get()
    assert batch.months.count() == 3 and batch.filename == "x.csv" and batch.imported_by == user
    page = client.get(STATISTICS_URL).content.decode()
    assert "Ångra importen från Malmö Ideellas bokningssystem" in page and "3 månader" in page

    response = client.post(STATISTICS_URL, {"action": "undo", "batch": batch.pk})
    assert response.status_code == 302
    after = list(Nobel21MonthlyStatistic.objects.values("month", "meetings", "visitors", "source", "note"))
    assert after == before and not Nobel21StatisticImport.objects.exists()
    assert Nobel21MonthlyStatistic.objects.get().import_batch is None
    page = client.get(STATISTICS_URL).content.decode()
    assert "Ångra importen" not in page and page.count("Inte registrerad") == 11


def test_undo_keeps_a_month_corrected_by_hand_since_the_import(client, login_as):
    from collaboration.models import Nobel21StatisticImport

    login_as("coordinator")
    _import(client, "månad;möten\njanuari;120\nfebruari;140\n")
    data = {"action": "record", "month": 2, "meetings": 150, "visitors": "", "source": "Rättad för hand"}
    assert client.post(STATISTICS_URL, data).status_code == 302
    batch = Nobel21StatisticImport.objects.get()
    client.post(STATISTICS_URL, {"action": "undo", "batch": batch.pk})
    assert list(Nobel21MonthlyStatistic.objects.values_list("month", "meetings")) == [(2, 150)]


def test_undo_of_an_unknown_import_or_by_someone_else_changes_nothing(client, login_as):
    from collaboration.models import Nobel21StatisticImport

    login_as("coordinator")
    _import(client, "månad;möten\njanuari;120\n")
    batch = Nobel21StatisticImport.objects.get()
    for value in ["", "abc", str(batch.pk + 1)]:
        assert client.post(STATISTICS_URL, {"action": "undo", "batch": value}).status_code == 404
    other_year = "/nobel21/statistik/?ar=2023"
    assert client.post(other_year, {"action": "undo", "batch": batch.pk}).status_code == 404
    login_as("representative")
    assert client.post(STATISTICS_URL, {"action": "undo", "batch": batch.pk}).status_code in (302, 403, 404)
    assert Nobel21MonthlyStatistic.objects.count() == 1 and Nobel21StatisticImport.objects.exists()
