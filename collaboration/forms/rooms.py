import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from ..models import Room
from ..shared.dates import PlausibleDatesMixin, planned_date
from ..shared.query import QueryForm

LENGTH_CHOICES = [
    (30, _("30 minuter")),
    (60, _("1 timme")),
    (90, _("1,5 timmar")),
    (120, _("2 timmar")),
    (180, _("3 timmar")),
    (240, _("4 timmar")),
    (480, _("8 timmar")),
]


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


class BookingForm(PlausibleDatesMixin, forms.Form):
    plausible_dates = {"date": planned_date, "until": planned_date}

    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    room = forms.ModelChoiceField(label=_("Lokal"), queryset=Room.objects.active())
    title = forms.CharField(label=_("Rubrik"), max_length=200, help_text=_("Till exempel ”Styrelsemöte”."))
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("Från klockan"), widget=forms.TimeInput(attrs={"type": "time", "step": 900})
    )
    end = forms.TimeField(
        label=_("Till klockan"), widget=forms.TimeInput(attrs={"type": "time", "step": 900})
    )
    expected_attendees = forms.IntegerField(label=_("Förväntat antal deltagare"), min_value=1, max_value=500)
    weekly = forms.BooleanField(label=_("Återkommande varje vecka"), required=False)
    until = forms.DateField(
        label=_("Till och med datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("För återkommande bokningar: ange ett slutdatum eller ett antal gånger (högst 52)."),
    )
    count = forms.IntegerField(label=_("Antal gånger"), required=False, min_value=1, max_value=52)
    skip_conflicts = forms.BooleanField(
        label=_("Boka bara de lediga tillfällena"),
        required=False,
        help_text=_("Tillfällen som krockar med andra bokningar eller stängningar hoppas över."),
    )

    recorded_afterwards = forms.BooleanField(
        label=_("Registrera i efterhand"),
        required=False,
        help_text=_("För en bokning som redan har ägt rum: sparas som historik och räknas i statistiken."),
    )

    def __init__(self, *args, organisations, coordinator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if not coordinator:
            del self.fields["recorded_afterwards"]

    def clean(self):
        data = super().clean()
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end:
            if end <= start:
                self.add_error("end", _("Sluttiden måste vara efter starttiden."))
            else:
                data["starts_at"] = _aware(day, start)
                data["ends_at"] = _aware(day, end)
        if data.get("weekly") and not data.get("until") and not data.get("count"):
            self.add_error(
                "until", _("Ange ett slutdatum eller ett antal gånger för en återkommande bokning.")
            )
        if data.get("weekly") and data.get("recorded_afterwards"):
            self.add_error("weekly", _("Registrera bokningar i efterhand en i taget, inte som återkommande."))
        if data.get("weekly") and day and data.get("until") and data["until"] < day:
            self.add_error("until", _("Slutdatumet kan inte vara före det första tillfället."))
        return data


class RoomSearchForm(PlausibleDatesMixin, forms.Form):
    plausible_dates = {"date": planned_date}

    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(
        label=_("Från klockan"), widget=forms.TimeInput(attrs={"type": "time", "step": 900})
    )
    length = forms.TypedChoiceField(label=_("Längd"), choices=LENGTH_CHOICES, coerce=int, initial=60)
    attendees = forms.IntegerField(label=_("Antal personer"), min_value=1, max_value=500, initial=5)

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("start") and data.get("length"):
            data["starts_at"] = _aware(data["date"], data["start"])
            data["ends_at"] = data["starts_at"] + dt.timedelta(minutes=data["length"])
        return data


class BookingRejectForm(forms.Form):
    reason = forms.CharField(label=_("Skäl"), max_length=300, required=False)


class RoomWeekQueryForm(QueryForm):
    invalid_message = _("Datumet i adressen kunde inte visas, så sidan visar den här veckan.")
    vecka = forms.DateField(required=False, validators=[planned_date])


class RoomDayQueryForm(QueryForm):
    invalid_message = _("Datumet i adressen kunde inte visas, så sidan visar i dag.")
    datum = forms.DateField(required=False, validators=[planned_date])


class BookingQueryForm(QueryForm):
    """What a "book" link in the room grid fills in; what does not parse is left for the person to fill."""

    invalid_message = _("En del av bokningslänken kunde inte användas. Fyll i det som saknas.")
    lokal = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    datum = forms.DateField(required=False, validators=[planned_date])
    fran = forms.TimeField(required=False)
    till = forms.TimeField(required=False)


class Nobel21StatisticForm(forms.Form):
    """One month of Nobel 21 usage as another source counted it."""

    month = forms.TypedChoiceField(label=_("Månad"), coerce=int, choices=sorted(MONTHS.items()))
    meetings = forms.IntegerField(label=_("Antal möten/bokningar"), min_value=0, max_value=100000)
    visitors = forms.IntegerField(label=_("Antal besökare"), min_value=0, max_value=1000000, required=False)
    source = forms.CharField(
        label=_("Källa"), max_length=200, help_text=_("Till exempel ”Malmö Ideellas bokningssystem”.")
    )
    note = forms.CharField(label=_("Kommentar"), max_length=300, required=False)


class Nobel21StatisticImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fil från centrets bokningssystem (CSV eller Excel)"),
        help_text=_("Kolumnerna månad, möten (eller bokningar) och besökare; en rad per månad."),
        widget=forms.ClearableFileInput({"accept": ".csv,.xlsx"}),
    )
    source = forms.CharField(
        label=_("Källa"), max_length=200, help_text=_("Till exempel ”Malmö Ideellas bokningssystem”.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Ladda upp en CSV- eller Excelfil (.xlsx)."))
        if upload.size > 1024 * 1024:
            raise forms.ValidationError(_("Filen är för stor (högst 1 MB)."))
        return upload


class Nobel21StatisticConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    source = forms.CharField(max_length=200, widget=forms.HiddenInput)
    filename = forms.CharField(max_length=200, required=False, widget=forms.HiddenInput)
