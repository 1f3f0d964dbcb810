"""Nobel 21 usage recorded from outside the portal: one month by hand, or a year from the centre's export."""

from dataclasses import asdict, dataclass
from typing import cast

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Nobel21MonthlyStatistic, Nobel21StatisticImport, User
from ..shared.tables import read_table

IMPORT_SALT = "collaboration.nobel21-statistics-import"
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("maj",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augusti", "aug"),
            ("september", "sep"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
HEADERS = {
    "month": {"månad", "manad", "month"},
    "meetings": {"möten", "moten", "bokningar", "antal möten", "antal bokningar", "meetings", "bookings"},
    "visitors": {"besökare", "besokare", "antal besökare", "visitors"},
}


@transaction.atomic
def nobel21_statistic_record(
    *,
    year: int,
    month: int,
    meetings: int,
    visitors: int | None,
    source: str,
    recorded_by: User | None,
    note: str = "",
    batch: Nobel21StatisticImport | None = None,
) -> Nobel21MonthlyStatistic:
    """Record (or correct) one month of Nobel 21 usage as another source counted it; `batch` is the import
    that saves it (a month recorded by hand belongs to no import, so undoing an import keeps it)."""
    statistic = Nobel21MonthlyStatistic.objects.select_for_update().filter(year=year, month=month).first()
    statistic = statistic or Nobel21MonthlyStatistic(year=year, month=month)
    statistic.meetings, statistic.visitors = meetings, visitors
    statistic.source, statistic.note, statistic.recorded_by = source.strip(), note.strip(), recorded_by
    statistic.import_batch = batch
    statistic.full_clean(validate_unique=False)
    statistic.save()
    return statistic


@dataclass
class StatisticRow:
    line: int
    month: int | None
    meetings: int | None
    visitors: int | None
    error: str = ""


def _month(value: str, year: int) -> int:
    value = value.strip().lower()
    if value in MONTH_NAMES:
        return MONTH_NAMES[value]
    if "-" in value:  # 2022-03 or 2022-03-01
        parts = value.split("-")
        if parts[0] != str(year):
            raise ValueError(_("Månaden hör till ett annat år än %(year)s.") % {"year": year})
        value = parts[1]
    number = int(float(value))
    if not 1 <= number <= 12:
        raise ValueError(_("Månaden ska vara 1–12 eller ett månadsnamn."))
    return number


def _count(value: str, *, required: bool) -> int | None:
    value = value.strip().replace(" ", "").replace("\xa0", "")
    if not value:
        if required:
            raise ValueError(_("Antal möten saknas."))
        return None
    number = float(value.replace(",", "."))
    if number < 0 or number != int(number):
        raise ValueError(_("Antalet ska vara ett heltal, 0 eller mer."))
    return int(number)


def nobel21_statistics_import_preview(*, year: int, content: bytes, filename: str) -> list[StatisticRow]:
    """Read the centre's export (CSV or XLSX with the columns månad, möten/bokningar, besökare) and say what
    each row would become, with an error per bad row. Saves nothing."""
    table = [row for row in read_table(content, filename) if any(cell.strip() for cell in row)]
    if not table:
        raise ValidationError(_("Filen är tom."))
    header = [cell.strip().lower() for cell in table[0]]
    columns = {
        key: next((i for i, cell in enumerate(header) if cell in names), None)
        for key, names in HEADERS.items()
    }
    if columns["month"] is None or columns["meetings"] is None:
        raise ValidationError(_("Filen måste ha kolumnerna ”månad” och ”möten” (eller ”bokningar”)."))
    rows, seen = [], set()
    for line, cells in enumerate(table[1:], start=2):

        def cell(key, cells=cells):
            index = columns[key]
            return cells[index] if index is not None and index < len(cells) else ""

        row = StatisticRow(line=line, month=None, meetings=None, visitors=None)
        try:
            row.month = _month(cell("month"), year)
            row.meetings = _count(cell("meetings"), required=True)
            row.visitors = _count(cell("visitors"), required=False)
            if row.month in seen:
                raise ValueError(_("Månaden finns redan på en tidigare rad."))
            seen.add(row.month)
        except ValueError as error:
            message = str(error)
            row.error = (
                message
                if message and not message.startswith(("invalid literal", "could not"))
                else _("Ogiltigt tal.")
            )
        rows.append(row)
    return rows


def import_token(rows: list[StatisticRow]) -> str:
    return signing.dumps([asdict(row) for row in rows], salt=IMPORT_SALT, compress=True)


def import_rows_from_token(token: str) -> list[StatisticRow]:
    try:
        return [StatisticRow(**row) for row in signing.loads(token, salt=IMPORT_SALT, max_age=3600)]
    except (signing.BadSignature, TypeError) as error:
        raise ValidationError(_("Förhandsvisningen har gått ut. Ladda upp filen igen.")) from error


@transaction.atomic
def nobel21_statistics_import_confirm(
    *, year: int, rows: list[StatisticRow], source: str, recorded_by: User | None, filename: str = ""
) -> list[Nobel21MonthlyStatistic]:
    """Save every row of a previewed import as one batch, or nothing: a file with any bad row is refused
    whole. The months it overwrites are kept on the batch as they were, for `nobel21_statistics_import_undo`."""
    if any(row.error for row in rows):
        raise ValidationError(
            _("Filen har rader med fel. Rätta filen och ladda upp den igen; inget har sparats.")
        )
    if not rows:
        raise ValidationError(_("Filen har inga rader att importera."))
    months = [row.month for row in rows if row.month is not None]  # every row left has passed the checks
    replaced = list(
        Nobel21MonthlyStatistic.objects.select_for_update()
        .filter(year=year, month__in=months)
        .values("month", "meetings", "visitors", "source", "note", "recorded_by_id", "import_batch_id")
    )
    batch = Nobel21StatisticImport.objects.create(
        year=year,
        source=source.strip(),
        filename=filename[:200],
        replaced=replaced,
        imported_by=recorded_by,
    )
    return [
        nobel21_statistic_record(
            year=year,
            month=cast(int, row.month),  # a row without them was refused above
            meetings=cast(int, row.meetings),
            visitors=row.visitors,
            source=source,
            recorded_by=recorded_by,
            batch=batch,
        )
        for row in rows
    ]


@transaction.atomic
def nobel21_statistics_import_undo(*, batch: Nobel21StatisticImport) -> int:
    """Undo a whole import: the months it saved are removed and the months it overwrote are put back as they
    were. A month corrected by hand since the import is no longer the import's and stays. Returns how many
    months the import still held."""
    batch = Nobel21StatisticImport.objects.select_for_update().get(pk=batch.pk)
    held = set(batch.months.values_list("month", flat=True))
    batch.months.all().delete()
    earlier = Nobel21StatisticImport.objects.filter(
        pk__in=[row["import_batch_id"] for row in batch.replaced if row["import_batch_id"]]
    ).values_list("pk", flat=True)
    users = User.objects.filter(pk__in=[row["recorded_by_id"] for row in batch.replaced]).values_list(
        "pk", flat=True
    )
    Nobel21MonthlyStatistic.objects.bulk_create(
        Nobel21MonthlyStatistic(
            year=batch.year,
            month=row["month"],
            meetings=row["meetings"],
            visitors=row["visitors"],
            source=row["source"],
            note=row["note"],
            recorded_by_id=row["recorded_by_id"] if row["recorded_by_id"] in set(users) else None,
            import_batch_id=row["import_batch_id"] if row["import_batch_id"] in set(earlier) else None,
        )
        for row in batch.replaced
        if row["month"] in held
    )
    batch.delete()
    return len(held)
