"""Plausible dates: the one place that says how far back and ahead a typed date may lie.

Python's dates end at year 9999 and a time zone shift or a week's arithmetic past that is an
OverflowError; far dates are also never what a person meant. Forms (portal and admin) check every date a
person enters with these validators, and the views read their query parameters through forms that do too.

    class ClosureAdminForm(PlausibleDatesMixin, forms.ModelForm):
        plausible_dates = {"starts_at": planned_date, "ends_at": planned_date}
"""

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Malmöandan's first year with an annual report; nothing the portal records lies before it.
FIRST_YEAR = 2017
# Bookings and events are planned at most this many years ahead.
YEARS_AHEAD = 3
# Decisions behind a partnership (a committee's, the municipal board's) may predate the portal.
FIRST_DECISION_YEAR = 2000


def _day(value: dt.date | dt.datetime) -> dt.date:
    # The date as typed: converting a far datetime to another zone could itself overflow.
    return value.date() if isinstance(value, dt.datetime) else value


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def earliest_date() -> dt.date:
    return dt.date(FIRST_YEAR, 1, 1)


def latest_planned_date() -> dt.date:
    return _years_after(timezone.localdate(), YEARS_AHEAD)


def _between(day: dt.date, earliest: dt.date, latest: dt.date) -> None:
    if not earliest <= day <= latest:
        raise ValidationError(
            _("Ange ett datum mellan %(earliest)s och %(latest)s."),
            code="implausible_date",
            params={"earliest": earliest.isoformat(), "latest": latest.isoformat()},
        )


def planned_date(value: dt.date | dt.datetime | None) -> None:
    """A booking, an event, a closure: from 2017 up to three years from today."""
    if value is not None:
        _between(_day(value), earliest_date(), latest_planned_date())


def recorded_date(value: dt.date | dt.datetime | None) -> None:
    """Something that has happened (support given, a meeting held): from 2017 up to today."""
    if value is not None:
        _between(_day(value), earliest_date(), timezone.localdate())


def decision_date(value: dt.date | dt.datetime | None) -> None:
    """A decision already taken: not in the future, and not before 2000."""
    if value is None:
        return
    day = _day(value)
    if day > timezone.localdate():
        raise ValidationError(_("Ett beslutsdatum kan inte ligga i framtiden."), code="future_decision")
    _between(day, dt.date(FIRST_DECISION_YEAR, 1, 1), timezone.localdate())


def agreement_date(value: dt.date | dt.datetime | None) -> None:
    """When a partnership starts or ends: agreements run for years, so from 2000 up to ten years ahead."""
    if value is not None:
        _between(_day(value), dt.date(FIRST_DECISION_YEAR, 1, 1), _years_after(timezone.localdate(), 10))


def report_year(value: int | None) -> None:
    """An annual report's year: from 2017 to next year."""
    latest = timezone.localdate().year + 1
    if value is not None and not FIRST_YEAR <= value <= latest:
        raise ValidationError(
            _("Ange ett år mellan %(earliest)s och %(latest)s."),
            code="implausible_year",
            params={"earliest": FIRST_YEAR, "latest": latest},
        )


class PlausibleDatesMixin:
    """For a form: `plausible_dates` maps field names to one of the validators above.

    The validator joins the field's own (on this form's copy of the field), so it runs before the form's
    clean() and any service check that does date arithmetic."""

    plausible_dates: dict[str, Callable] = {}
    fields: dict  # the form's, which this mixin comes before

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, validator in self.plausible_dates.items():
            if name in self.fields:
                self.fields[name].validators.append(validator)
