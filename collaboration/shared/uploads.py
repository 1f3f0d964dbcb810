"""What the portal accepts as an uploaded document (partnership documents, steering minutes): checked by
extension, size and content, so a renamed executable or archive never gets in."""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Extension → (content type, how the file must begin). OOXML and ODF are zip containers; legacy Office is OLE2.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
DOCUMENT_TYPES: dict[str, tuple[str, bytes]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".doc": ("application/msword", OLE2),
    ".xls": ("application/vnd.ms-excel", OLE2),
    ".ppt": ("application/vnd.ms-powerpoint", OLE2),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".odp": ("application/vnd.oasis.opendocument.presentation", ZIP),
}


def _is_office_zip(file, extension: str) -> bool:
    """A zip is only accepted when it really is an OOXML or ODF document (not any archive renamed)."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if extension.startswith(".od"):
                return "mimetype" in names
            return "[Content_Types].xml" in names
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def validate_upload(file, *, extensions) -> None:
    """Accept only files whose extension is one of `extensions` (keys of DOCUMENT_TYPES) AND whose first bytes
    match it, of at most settings.MAX_UPLOAD_SIZE; anything else gets a message saying what is accepted."""
    name = PurePath(file.name or "").name
    extension = PurePath(name.lower()).suffix
    allowed = ", ".join(sorted(ext.lstrip(".").upper() for ext in extensions))
    if extension not in extensions:
        raise ValidationError(
            _("Filtypen är inte tillåten. Ladda upp PDF eller Office-dokument (%(allowed)s)."),
            code="extension",
            params={"allowed": allowed},
        )
    if file.size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB."),
            code="size",
            params={
                "size": f"{file.size / 1024 / 1024:.1f}",
                "max": f"{settings.MAX_UPLOAD_SIZE / 1024 / 1024:.0f}",
            },
        )
    _content_type, magic = DOCUMENT_TYPES[extension]
    file.seek(0)
    head = file.read(len(magic))
    file.seek(0)
    valid = head == magic and (magic != ZIP or _is_office_zip(file, extension))
    file.seek(0)
    if not valid:
        raise ValidationError(
            _(
                "Filens innehåll stämmer inte med filtypen %(ext)s. Ladda upp ett riktigt PDF- eller Office-dokument."
            ),
            code="content",
            params={"ext": extension.lstrip(".").upper()},
        )
