"""Reading an uploaded table (CSV or XLSX) into rows of text, for every import the coordinators make."""

import csv
import io

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def read_table(content: bytes, filename: str) -> list[list[str]]:
    """The rows of an XLSX or CSV file as lists of strings. A CSV may be UTF-8 (with or without BOM) or
    Windows-1252, as Swedish Excel saves it, separated by semicolons, commas or tabs. ValidationError with a
    message for the person when the file cannot be read."""
    if filename.lower().endswith(".xlsx"):
        try:
            book = tablib.Dataset().load(io.BytesIO(content), format="xlsx", headers=False)
        except Exception as error:  # a damaged or mislabelled file: openpyxl raises many kinds
            raise ValidationError(_("Filen kunde inte läsas som Excel (.xlsx).")) from error
        return [[("" if cell is None else str(cell)) for cell in row] for row in book]
    text = _decode(content)
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        delimiter = ";" if text.count(";") >= text.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:  # e.g. a field larger than the csv module's limit
        raise ValidationError(_("Filen kunde inte läsas som CSV.")) from error


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        # A NUL is in no text a person saved, and PostgreSQL refuses it in every text column.
        if "\x00" not in text:
            return text
    raise ValidationError(_("Filen kunde inte läsas som CSV."))
