"""Recording what happened, also afterwards: walk-ins, imported participant lists, head counts and evaluations
collected on paper. Capacity and the sign-up window bind participants signing themselves up, not a coordinator
recording who actually came; nobody is e-mailed about an event that has already begun.
"""

from dataclasses import asdict, dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from collaboration.models import Organisation, Sector, User
from collaboration.shared.tables import read_table

from ..models import (
    ACTIVE,
    Event,
    EventKind,
    HeadCount,
    ImportBatch,
    PaperEvaluation,
    Presenter,
    Registration,
    RegistrationSource,
    RegistrationStatus,
    Topic,
)
from . import mail
from .registrations import event_lock

IMPORT_SALT = "events.participant-import"
MAX_IMPORT_ROWS = 2000


def _status_for(event: Event) -> str:
    # Someone recorded for an event that has begun came; for a future event they hold a place.
    return RegistrationStatus.ATTENDED if event.has_started() else RegistrationStatus.CONFIRMED


def _record(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: Organisation | None,
    organisation_name: str,
    sector: str,
    source: str,
    position: int,
    recorded_by: User | None,
    batch: ImportBatch | None = None,
) -> Registration:
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email.strip().lower(),
        organisation=organisation,
        organisation_name="" if organisation else organisation_name.strip(),
        sector="" if organisation else sector,
        status=_status_for(event),
        position=position,
        registered_by=recorded_by,
        source=source,
        import_batch=batch,
        status_changed_at=timezone.now(),
    )
    registration.full_clean(
        exclude=["event", "organisation", "user", "registered_by", "import_batch"], validate_constraints=False
    )
    if not organisation and not sector:
        raise ValidationError(_("Ange organisation eller sektor."))
    registration.save()
    if registration.status == RegistrationStatus.CONFIRMED and registration.email:
        transaction.on_commit(lambda: mail.registration_created_send(registration=registration))
    return registration


def _next_position(event: Event) -> int:
    return (event.registrations.aggregate(last=Max("position"))["last"] or 0) + 1


def registration_walk_in_create(
    *,
    event: Event,
    name: str,
    email: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
    sector: str = "",
    recorded_by: User,
) -> Registration:
    """Add someone to the door list during or after the event, marked present (or confirmed, before it)."""
    if not name.strip():
        raise ValidationError(_("Ange namnet."))
    with transaction.atomic():
        event = event_lock(event.pk)
        if email and event.registrations.filter(email__iexact=email.strip(), status__in=ACTIVE).exists():
            raise ValidationError(_("%(email)s står redan på listan.") % {"email": email.strip()})
        return _record(
            event=event,
            name=name,
            email=email,
            organisation=organisation,
            organisation_name=organisation_name,
            sector=sector,
            source=RegistrationSource.WALK_IN,
            position=_next_position(event),
            recorded_by=recorded_by,
        )


# The header words an attendance sheet or a form tool uses, normalised (lower case, no spaces or dashes).
HEADERS = {
    "name": {"namn", "name", "fulltnamn", "förochefternamn", "deltagare", "fullname"},
    "email": {"epost", "e-post", "email", "mail", "epostadress", "e-postadress", "mejl", "emailaddress"},
    "organisation": {"organisation", "organization", "förening", "forening", "arbetsplats", "org"},
    "sector": {"sektor", "sector"},
}
SECTOR_WORDS = {
    Sector.CIVIL_SOCIETY: {
        "idéburen",
        "ideburen",
        "idéburensektor",
        "civilsamhälle",
        "civilasamhället",
        "ideell",
    },
    Sector.CITY: {"malmöstad", "malmostad", "stad", "kommun", "staden"},
    Sector.ACADEMIA: {"akademi", "akademin", "universitet", "högskola"},
    Sector.BUSINESS: {"näringsliv", "naringsliv", "företag", "naringslivet", "näringslivet"},
    Sector.OTHER_PUBLIC: {"annanoffentlig", "annanoffentligaktör", "region", "stat", "offentlig"},
}


def _norm(value) -> str:
    return "".join(str(value or "").lower().split()).replace("_", "").replace("-", "").lstrip("\ufeff")


def _sector_of(value: str) -> str | None:
    word = _norm(value)
    if not word:
        return ""
    for sector, words in SECTOR_WORDS.items():
        if word == sector or word in {_norm(w) for w in words} or word == _norm(Sector(sector).label):
            return sector
    return None


@dataclass
class ImportRow:
    line: int
    name: str
    email: str
    organisation_id: int | None
    organisation_name: str
    sector: str
    organisation_text: str = ""
    error: str = ""
    duplicate: str = ""


def participant_import_preview(*, event: Event, content: bytes, filename: str) -> list[ImportRow]:
    """Read a CSV or XLSX list and say what each row would become; saves nothing.

    Columns are found by their header (namn, e-post, organisation, sektor and common variants, in any order);
    each bad row gets its own error, and a row whose e-mail (or, without one, name and organisation) is already
    on the event or earlier in the file is marked as a duplicate and will be skipped.
    """
    table = [row for row in read_table(content, filename) if any(cell.strip() for cell in row)]
    if not table:
        raise ValidationError(_("Filen är tom."))
    header = [_norm(cell) for cell in table[0]]
    columns = {}
    for key, words in HEADERS.items():
        normalised = {_norm(w) for w in words}
        for index, cell in enumerate(header):
            if cell in normalised and key not in columns:
                columns[key] = index
    if "name" not in columns:
        raise ValidationError(
            _(
                "Hittar ingen kolumn med namn. Första raden ska ha rubriker, t.ex. namn, e-post, organisation, sektor."
            )
        )
    if len(table) - 1 > MAX_IMPORT_ROWS:
        raise ValidationError(_("Högst %(n)s rader per fil.") % {"n": MAX_IMPORT_ROWS})
    organisations = {org.name.lower(): org for org in Organisation.objects.all()}
    existing: set[tuple] = set()
    for email, name, org_id, org_name in event.registrations.filter(status__in=ACTIVE).values_list(
        "email", "name", "organisation_id", "organisation_name"
    ):
        existing.add(("e", email.lower()) if email else ("n", name.lower(), org_id, org_name.lower()))
    seen: dict[tuple, int] = {}
    rows = []
    for line, cells in enumerate(table[1:], start=2):

        def column_value(column: str, cells: list[str] = cells) -> str:
            index = columns.get(column)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        name, email, org_text, sector_text = (
            column_value("name"),
            column_value("email").lower(),
            column_value("organisation"),
            column_value("sector"),
        )
        organisation = organisations.get(org_text.lower()) if org_text else None
        sector = _sector_of(sector_text)
        row = ImportRow(
            line=line,
            name=name,
            email=email,
            organisation_id=organisation.pk if organisation else None,
            organisation_name="" if organisation else org_text,
            organisation_text=org_text,
            sector=(sector or "") if not organisation else "",
        )
        errors = []
        if not name:
            errors.append(_("namn saknas"))
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(_("ogiltig e-postadress %(email)s") % {"email": email})
        if sector is None:
            errors.append(_("okänd sektor ”%(sector)s”") % {"sector": sector_text})
        elif not organisation and not sector:
            errors.append(_("organisationen finns inte i registret: ange sektor"))
        row.error = "; ".join(str(e) for e in errors)
        person: tuple = (
            ("e", email) if email else ("n", name.lower(), row.organisation_id, row.organisation_name.lower())
        )
        if not row.error:
            if person in existing:
                row.duplicate = _("finns redan på evenemanget")
            elif person in seen:
                row.duplicate = _("samma person som rad %(line)s") % {"line": seen[person]}
            else:
                seen[person] = line
        rows.append(row)
    return rows


def import_token(rows: list[ImportRow]) -> str:
    return signing.dumps([asdict(row) for row in rows], salt=IMPORT_SALT, compress=True)


def import_rows_from_token(token: str) -> list[ImportRow]:
    try:
        return [ImportRow(**row) for row in signing.loads(token, salt=IMPORT_SALT, max_age=3600)]
    except (signing.BadSignature, TypeError) as error:
        raise ValidationError(_("Förhandsvisningen har gått ut. Ladda upp filen igen.")) from error


def participant_import_confirm(
    *, event: Event, rows: list[ImportRow], filename: str, imported_by: User
) -> ImportBatch:
    """Save a previewed list as one batch: all rows or none; duplicates are skipped; undo deletes the batch."""
    if any(row.error for row in rows):
        raise ValidationError(_("Listan har fel. Rätta filen och ladda upp den igen; inget har sparats."))
    wanted = [row for row in rows if not row.duplicate]
    if not wanted:
        raise ValidationError(_("Alla rader finns redan på evenemanget; inget att importera."))
    organisations = Organisation.objects.in_bulk(
        {row.organisation_id for row in wanted if row.organisation_id}
    )
    with transaction.atomic():
        event = event_lock(event.pk)
        emails = [row.email for row in wanted if row.email]
        taken = set(
            event.registrations.filter(email__in=emails, status__in=ACTIVE).values_list("email", flat=True)
        )
        if taken:
            raise ValidationError(
                _("Redan på evenemanget sedan förhandsvisningen: %(emails)s. Ladda upp filen igen.")
                % {"emails": ", ".join(sorted(taken))}
            )
        batch = ImportBatch.objects.create(event=event, filename=filename[:200], imported_by=imported_by)
        position = _next_position(event)
        for row in wanted:
            _record(
                event=event,
                name=row.name,
                email=row.email,
                organisation=organisations.get(row.organisation_id),
                organisation_name=row.organisation_name,
                sector=row.sector,
                source=RegistrationSource.IMPORT,
                position=position,
                recorded_by=imported_by,
                batch=batch,
            )
            position += 1
    return batch


def participant_import_undo(*, batch: ImportBatch) -> int:
    """Remove a whole import: its registrations (with anything linked to them) and the batch itself."""
    with transaction.atomic():
        event_lock(batch.event_id)
        count = batch.registrations.count()
        batch.delete()
    return count


def head_count_record(
    *,
    event: Event,
    total: int,
    organisations: int | None = None,
    sectors: dict[str, int | None],
    note: str = "",
) -> HeadCount:
    """Enter (or correct) the coordinator's count of who came; used only while the event has no list."""
    head_count = HeadCount.objects.filter(event=event).first() or HeadCount(event=event)
    head_count.total = total
    head_count.organisations = organisations
    head_count.note = note.strip()
    for sector in Sector.values:
        setattr(head_count, sector, sectors.get(sector))
    head_count.full_clean(exclude=["event"], validate_unique=False)
    with transaction.atomic():
        head_count.save()
    return head_count


def head_count_delete(*, event: Event) -> None:
    HeadCount.objects.filter(event=event).delete()


def paper_evaluation_create(
    *, event: Event, per_score: dict[int, int], source: str = "papper", comments: str = ""
) -> PaperEvaluation:
    """Answers collected on paper or in another tool, counted with the portal's own from now on."""
    paper = PaperEvaluation(event=event, source=source.strip() or "papper", comments=comments.strip())
    for score in range(1, 6):
        setattr(paper, f"score_{score}", per_score.get(score) or 0)
    paper.full_clean(exclude=["event"])
    with transaction.atomic():
        paper.save()
    return paper


def topic_record(*, event: Event, title: str, description: str = "", result: str = "") -> Topic:
    """A coordinator records a topic (and its result) of a forum or workshop, also after it took place."""
    if event.kind not in (EventKind.DIALOGUE_FORUM, EventKind.IDEA_WORKSHOP):
        raise ValidationError(_("Ämnen hör till dialogforum och idéverkstäder."))
    topic = Topic(event=event, title=title.strip(), description=description.strip(), result=result.strip())
    topic.full_clean(exclude=["event", "proposed_by"])
    topic.save()
    return topic


def presenter_add(
    *, event: Event, name: str, role_title: str = "", organisation_name: str = "", sector: str = ""
) -> Presenter:
    order = (event.presenters.aggregate(last=Max("order"))["last"] or 0) + 1
    presenter = Presenter(
        event=event,
        name=name.strip(),
        role_title=role_title.strip(),
        organisation_name=organisation_name.strip(),
        sector=sector,
        order=order,
    )
    presenter.full_clean(exclude=["event"])
    presenter.save()
    return presenter
