"""CSV and Excel exports from one definition per model.

Define the columns once, then get a download in either format::

    from collaboration.shared.exports import Column, Export

    ORGANISATIONS = Export(
        "organisationer",
        [
            Column(_("Namn"), "name"),
            Column(_("Sektor"), "get_sector_display"),        # callables on the row are called
            Column(_("Medlemmar"), lambda o: o.member_count),  # or any function of the row
        ],
    )

    ORGANISATIONS.response(queryset, "xlsx")        # an HttpResponse with the file as an attachment
    ORGANISATIONS.dataset(queryset)                 # a tablib.Dataset, e.g. to attach to an e-mail

In the admin, `actions = [*ORGANISATIONS.admin_actions()]` adds "Exportera som CSV" and "Exportera som Excel"
for the selected rows. The caller decides which rows (and their select_related/prefetch_related); the export
only reads them, one pass, no extra queries beyond what the columns themselves touch.

Cells that a spreadsheet would read as a formula (=, +, -, @ first) are prefixed with an apostrophe, so an
export of user-typed text cannot run formulas in the coordinator's Excel (CSV injection).

CSV is written the way Excel with Swedish regional settings opens it on a double click: semicolons between
the cells, UTF-8 with a byte order mark, times in Swedish local time to the second (no microseconds, no
offset) and decimals with a comma. The file is named after what it holds: pass `subject` (an event's title
and date, say) to `response`; an admin export of one row is named after that row. Never today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import tablib
from django.contrib.admin.decorators import action
from django.db.models import Model
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Excel with Swedish regional settings splits a double-clicked .csv on the list separator, a semicolon.
CSV_DELIMITER = ";"


@dataclass(frozen=True)
class Column:
    """One column: a header and either an attribute path ("organisation.name") or a function of the row."""

    header: str | Promise  # translated when the file is written
    value: str | Callable[[Any], Any]

    def read(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        current = row
        for part in self.value.split("."):
            if current is None:
                return None
            current = getattr(current, part)
            if callable(current) and not isinstance(current, Model):
                current = current()
        return current


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nej"))
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(microsecond=0)
    if isinstance(value, dt.date | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        text = "'" + text
    return text


def _csv_decimal(value: Any) -> Any:
    """A decimal number as Swedish Excel reads it from a CSV file: with a decimal comma."""
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return value


@dataclass(frozen=True)
class Export:
    """A named list of columns; `name` begins the file name and is the sheet title."""

    name: str
    columns: list[Column]

    def extended(self, columns: list[Column]) -> Export:
        """The same export with more columns (one per question an event asks, say)."""
        return Export(self.name, [*self.columns, *columns])

    def dataset(self, rows: Iterable[Any]) -> tablib.Dataset:
        data = tablib.Dataset(
            headers=[_cell(str(column.header)) for column in self.columns], title=self.name[:31]
        )
        for row in rows:
            data.append([_cell(column.read(row)) for column in self.columns])
        return data

    def render(self, rows: Iterable[Any], fmt: str) -> bytes:
        if fmt not in FORMATS:
            raise ValueError(f"Unknown export format {fmt!r}; use one of {sorted(FORMATS)}")
        data = self.dataset(rows)
        if fmt == "csv":
            for index, row in enumerate(data):
                if any(isinstance(value, float | Decimal) for value in row):
                    data[index] = [_csv_decimal(value) for value in row]
            # The byte order mark makes Excel open UTF-8 (å, ä, ö) correctly.
            return ("\ufeff" + data.export("csv", delimiter=CSV_DELIMITER)).encode("utf-8")
        return data.export("xlsx")

    def filename(self, fmt: str, subject: str = "") -> str:
        """The export's name and what it holds ("deltagare-dialogforum-2026-05-12.csv"), ASCII only."""
        stem = "-".join(part for part in (slugify(self.name), slugify(subject)) if part) or "export"
        return f"{stem}.{FORMATS[fmt][1]}"

    def response(self, rows: Iterable[Any], fmt: str = "csv", *, subject: str = "") -> HttpResponse:
        """The rows as a download (attachment) in `fmt` ("csv" or "xlsx"), named after `subject`."""
        response = HttpResponse(self.render(rows, fmt), content_type=FORMATS[fmt][0])
        response["Content-Disposition"] = f'attachment; filename="{self.filename(fmt, subject)}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def admin_actions(self) -> list[Callable]:
        """Two admin actions exporting the selected rows: CSV and Excel."""

        def subject(queryset) -> str:
            # One selected row: the file is named after it; several: the export's name says what they are.
            rows = list(queryset[:2])
            return str(rows[0]) if len(rows) == 1 else ""

        @action(description=_("Exportera markerade som CSV"))
        def export_csv(modeladmin, request, queryset):
            return self.response(queryset, "csv", subject=subject(queryset))

        @action(description=_("Exportera markerade som Excel"))
        def export_xlsx(modeladmin, request, queryset):
            return self.response(queryset, "xlsx", subject=subject(queryset))

        export_csv.__name__ = f"export_{slugify(self.name).replace('-', '_')}_csv"
        export_xlsx.__name__ = f"export_{slugify(self.name).replace('-', '_')}_xlsx"
        return [export_csv, export_xlsx]
