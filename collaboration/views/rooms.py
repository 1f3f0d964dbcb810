import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import statistics
from ..forms.rooms import (
    BookingForm,
    BookingQueryForm,
    BookingRejectForm,
    Nobel21StatisticConfirmForm,
    Nobel21StatisticForm,
    Nobel21StatisticImportForm,
    RoomDayQueryForm,
    RoomSearchForm,
    RoomWeekQueryForm,
)
from ..models import Booking, BookingStatus, Nobel21StatisticImport, OrganisationCalendarToken, Room
from ..services import booking_series, room_schedules
from ..services import nobel21_statistics as nobel21_statistics_service
from ..services import rooms as services
from ..services.booking_series import BookingSeriesConflict
from ..services.rooms import (
    BookingConflict,
    bookable_organisations,
    get_booking_for_user,
    represented_organisations,
)
from ..shared.ics import calendar_response
from ..shared.query import reads_query
from ..shared.roles import Role, coordinator_required, is_coordinator, role_required


def room_list(request):
    rooms = Room.objects.active().with_hours()
    return render(request, "collaboration/room_list.html", {"rooms": rooms})


@reads_query(RoomWeekQueryForm)
def room_week(request, pk: int):
    room = services.get_active_room(pk)
    day = RoomWeekQueryForm.parse(request).get("vecka") or timezone.localdate()
    monday = day - dt.timedelta(days=day.weekday())
    viewer = room_schedules.grid_viewer(request.user)
    # The grid is lazy: the template's cached copy of it, when there is one, costs no query.
    schedule = room_schedules.RoomWeek(room=room, monday=monday, viewer=viewer)
    context = {
        "room": room,
        "monday": monday,
        "previous": monday - dt.timedelta(weeks=1),
        "next": monday + dt.timedelta(weeks=1),
        "week_number": monday.isocalendar().week,
        "schedule": schedule,
    }
    return render(request, "collaboration/room_week.html", context)


@reads_query(RoomDayQueryForm)
def room_day(request):
    day = RoomDayQueryForm.parse(request).get("datum") or timezone.localdate()
    schedule = room_schedules.RoomsDay(day=day, viewer=room_schedules.grid_viewer(request.user))
    context = {
        "day": day,
        "previous": day - dt.timedelta(days=1),
        "next": day + dt.timedelta(days=1),
        "schedule": schedule,
    }
    return render(request, "collaboration/room_day.html", context)


@reads_query(RoomSearchForm)
def room_search(request):
    form = RoomSearchForm(request.GET or None)
    rooms = None
    if form.is_valid():
        data = form.cleaned_data
        rooms = services.rooms_free(
            starts_at=data["starts_at"], ends_at=data["ends_at"], attendees=data["attendees"]
        )
    return render(request, "collaboration/room_search.html", {"form": form, "rooms": rooms})


def _initial_from_query(request) -> dict:
    values = BookingQueryForm.parse(request) if request.GET else {}
    fields = (("room", "lokal"), ("date", "datum"), ("start", "fran"), ("end", "till"))
    return {field: values[param] for field, param in fields if values.get(param) is not None}


@role_required(Role.REPRESENTATIVE)
@reads_query(BookingQueryForm)
def booking_create(request):
    organisations = bookable_organisations(request.user)
    if not organisations.exists():
        return render(request, "collaboration/booking_form.html", {"no_organisation": True})
    form = BookingForm(
        request.POST or None,
        organisations=organisations,
        initial=_initial_from_query(request),
        coordinator=is_coordinator(request.user),
    )
    context = {"form": form, "occurrences": None, "free_times": None}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            key: data[key]
            for key in ("room", "organisation", "title", "starts_at", "ends_at", "expected_attendees")
        }
        try:
            if data["weekly"]:
                series = booking_series.booking_series_create(
                    **fields,
                    booked_by=request.user,
                    until=data["until"],
                    count=data["count"],
                    skip_conflicts=data["skip_conflicts"],
                )
                booked = series.bookings.count()
                messages.success(
                    request,
                    ngettext("%(count)s tillfälle är bokat.", "%(count)s tillfällen är bokade.", booked)
                    % {"count": booked},
                )
            else:
                booking = services.booking_create(
                    **fields,
                    booked_by=request.user,
                    recorded_afterwards=data.get("recorded_afterwards", False),
                )
                if booking.status == BookingStatus.PENDING:
                    messages.success(request, _("Bokningen väntar nu på att en samordnare godkänner den."))
                else:
                    messages.success(request, _("Lokalen är bokad."))
            return redirect("booking-list")
        except BookingSeriesConflict as error:
            context["occurrences"] = error.occurrences
            form.add_error(None, error.messages)
        except BookingConflict as error:
            context["free_times"] = error.free_times
            form.add_error(None, error.messages)
        except ValidationError as error:
            form.add_error(None, error.messages)
    return render(request, "collaboration/booking_form.html", context)


@role_required(Role.REPRESENTATIVE)
def booking_list(request):
    organisations = list(represented_organisations(request.user))
    bookings = (
        Booking.objects.for_organisations(organisations)
        .filter(ends_at__gt=timezone.now() - dt.timedelta(days=30))
        .select_related("room", "organisation")
        .order_by("starts_at")[:500]
    )
    tokens = {
        token.organisation_id: token
        for token in OrganisationCalendarToken.objects.filter(organisation__in=organisations)
    }
    feeds = [(organisation, tokens.get(organisation.pk)) for organisation in organisations]
    return render(request, "collaboration/booking_list.html", {"bookings": bookings, "feeds": feeds})


@require_POST
@login_required
def booking_cancel(request, pk: int):
    booking = get_booking_for_user(request.user, pk)
    try:
        if request.POST.get("whole_series") and booking.series_id:
            count = booking_series.booking_series_cancel(series=booking.series, cancelled_by=request.user)
            messages.success(
                request,
                ngettext(
                    "%(count)s kommande tillfälle är avbokat.",
                    "%(count)s kommande tillfällen är avbokade.",
                    count,
                )
                % {"count": count},
            )
        else:
            services.booking_cancel(booking=booking, cancelled_by=request.user)
            messages.success(request, _("Bokningen är avbokad."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("booking-pending" if request.POST.get("from_pending") else "booking-list")


@login_required
def booking_ics(request, pk: int):
    booking = get_booking_for_user(request.user, pk)
    if booking.status != BookingStatus.CONFIRMED:
        raise Http404
    return calendar_response(services.booking_calendar_items([booking]), f"nobel21-bokning-{booking.pk}.ics")


@never_cache
def booking_feed(request, token: str):
    calendar_token = get_object_or_404(
        OrganisationCalendarToken.objects.select_related("organisation"), token=token
    )
    organisation = calendar_token.organisation
    since = timezone.now() - dt.timedelta(days=90)
    bookings = (
        Booking.objects.filter(organisation=organisation, ends_at__gte=since)
        .filter(status__in=[BookingStatus.CONFIRMED, BookingStatus.CANCELLED])
        .select_related("room", "organisation")
        .order_by("starts_at")[:2000]
    )
    name = _("Nobel 21 – %(organisation)s") % {"organisation": organisation.name}
    return calendar_response(services.booking_calendar_items(bookings), "nobel21.ics", name=name, inline=True)


@require_POST
@login_required
def booking_feed_renew(request, pk: int):
    organisation = get_object_or_404(bookable_organisations(request.user), pk=pk)
    services.calendar_token_renew(organisation=organisation)
    messages.success(request, _("Kalenderlänken är ny. Den gamla länken fungerar inte längre."))
    return redirect("booking-list")


@coordinator_required
def booking_pending(request):
    bookings = (
        Booking.objects.filter(status=BookingStatus.PENDING, ends_at__gt=timezone.now())
        .select_related("room", "organisation", "booked_by")
        .order_by("starts_at")[:500]
    )
    return render(
        request, "collaboration/booking_pending.html", {"bookings": bookings, "form": BookingRejectForm()}
    )


@require_POST
@coordinator_required
def booking_decide(request, pk: int, decision: str):
    booking = get_booking_for_user(request.user, pk)
    try:
        if decision == "approve":
            services.booking_approve(booking=booking, decided_by=request.user)
            messages.success(request, _("Bokningen är godkänd."))
        else:
            form = BookingRejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.booking_reject(booking=booking, decided_by=request.user, reason=reason)
            messages.success(request, _("Bokningen är avslagen."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("booking-pending")


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _year_param(request) -> int:
    try:
        year = int(request.GET.get("ar") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


@coordinator_required
def nobel21_statistics(request):
    """The year's Nobel 21 usage month by month with each month's source; record a month or import a file."""
    year = _year_param(request)
    action = request.POST.get("action")
    record_form = Nobel21StatisticForm(request.POST if action == "record" else None)
    # Both forms have a "source" field: the import form's ids get their own prefix (one id, one label each).
    import_form = Nobel21StatisticImportForm(
        request.POST if action == "preview" else None,
        request.FILES if action == "preview" else None,
        auto_id="id_import_%s",
    )
    preview = token = source = filename = None
    import_errors: list[str] = []
    try:
        if action == "record" and record_form.is_valid():
            nobel21_statistics_service.nobel21_statistic_record(
                year=year, recorded_by=request.user, **record_form.cleaned_data
            )
            messages.success(request, _("Månaden är registrerad."))
            return redirect(f"{reverse('nobel21-statistics')}?ar={year}")
        if action == "preview" and import_form.is_valid():
            upload = import_form.cleaned_data["file"]
            preview = nobel21_statistics_service.nobel21_statistics_import_preview(
                year=year, content=upload.read(), filename=upload.name
            )
            token, source, filename = (
                nobel21_statistics_service.import_token(preview),
                import_form.cleaned_data["source"],
                upload.name,
            )
        if action == "confirm":
            confirm = Nobel21StatisticConfirmForm(request.POST)
            if not confirm.is_valid():
                raise ValidationError(_("Förhandsvisningen har gått ut. Ladda upp filen igen."))
            rows = nobel21_statistics_service.import_rows_from_token(confirm.cleaned_data["token"])
            saved = nobel21_statistics_service.nobel21_statistics_import_confirm(
                year=year,
                rows=rows,
                source=confirm.cleaned_data["source"],
                recorded_by=request.user,
                filename=confirm.cleaned_data["filename"],
            )
            messages.success(
                request,
                ngettext("%(n)s månad är importerad.", "%(n)s månader är importerade.", len(saved))
                % {"n": len(saved)},
            )
            return redirect(f"{reverse('nobel21-statistics')}?ar={year}")
        if action == "undo":
            batch = Nobel21StatisticImport.objects.filter(
                year=year, pk=_int_or_none(request.POST.get("batch"))
            )
            batch = batch.first()
            if batch is None:
                raise Http404
            undone = nobel21_statistics_service.nobel21_statistics_import_undo(batch=batch)
            messages.success(
                request,
                ngettext(
                    "Importen är ångrad: %(n)s månad är borttagen eller återställd.",
                    "Importen är ångrad: %(n)s månader är borttagna eller återställda.",
                    undone,
                )
                % {"n": undone},
            )
            return redirect(f"{reverse('nobel21-statistics')}?ar={year}")
    except ValidationError as error:
        import_errors, preview = error.messages, None
    status = 400 if (record_form.errors or import_form.errors or import_errors) else 200
    context = {
        "import_errors": import_errors,
        "year": year,
        "months": statistics.nobel21_months(year),
        "record_form": record_form,
        "import_form": import_form,
        "preview": preview,
        "preview_errors": [row for row in preview or () if row.error],
        "token": token,
        "source": source,
        "filename": filename,
        "imports": Nobel21StatisticImport.objects.filter(year=year).annotate(held=Count("months")),
    }
    return render(request, "collaboration/nobel21_statistics.html", context, status=status)
