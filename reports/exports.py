"""The report's figures as rows (section, figure, value as a number or text): the figures page and CSV, with
the labels in the active language (Swedish, or English when chosen)."""

import csv
import io

from django.utils.translation import gettext as _

from .formatting import swedish_date

# (section, figure, value): the value is a count or an average, a text (a range, names), or None where
# nothing was recorded.
FigureRow = tuple[str, str, int | float | str | None]


def _activity_rows(section: str, rows: list[dict]) -> list[FigureRow]:
    out: list[FigureRow] = []
    for row in rows:
        name = f"{swedish_date(row['date'])}: {row['title']}"
        if row.get("participants_source") == "head_count":
            participants = _("%(event)s – deltagare (samordnarnas räkning)") % {"event": name}
        else:
            participants = _("%(event)s – deltagare") % {"event": name}
        out.append((section, participants, (row["participants"])))
        out.append((section, _("%(event)s – organisationer") % {"event": name}, (row["organisations"])))
        for sector, count in (row.get("sectors") or {}).items():
            label = _("%(event)s – deltagare från %(sector)s") % {"event": name, "sector": sector.lower()}
            out.append((section, label, (count)))
        if roles := row.get("city_roles"):
            out.append(
                (section, _("%(event)s – förtroendevalda politiker") % {"event": name}, roles["politicians"])
            )
            out.append((section, _("%(event)s – tjänstepersoner") % {"event": name}, roles["officials"]))
            if roles["unknown"]:
                label = _("%(event)s – från staden utan angiven roll") % {"event": name}
                out.append((section, label, roles["unknown"]))
        if row.get("presenters"):
            names = "; ".join(p["name"] for p in row["presenters"])
            out.append((section, _("%(event)s – medverkande") % {"event": name}, names))
        if row.get("rating_answers"):
            out.append(
                (section, _("%(event)s – utvärdering (1–5)") % {"event": name}, (row["rating_average"]))
            )
            out.append((section, _("%(event)s – antal svar") % {"event": name}, (row["rating_answers"])))
    return out


def _totals(section: str, count_label: str, totals: dict) -> list[FigureRow]:
    rows: list[FigureRow] = [
        (section, count_label, (totals["count"])),
        (section, _("Deltagare totalt"), (totals["participants"])),
    ]
    if totals.get("min") is not None:
        low, high = totals["min"], totals["max"]
        rows.append(
            (section, _("Deltagare per tillfälle (min–max)"), low if low == high else f"{low}–{high}")
        )
    return rows


def figure_rows(figures: dict, manual: dict | None = None) -> list[FigureRow]:
    rows: list[FigureRow] = []
    if steering := figures.get("steering"):
        section = _("Styrgrupp")
        for side, count in steering["voting_members_by_side"].items():
            rows.append((section, _("Ledamöter med rösträtt från %(side)s") % {"side": side}, (count)))
        rows.append((section, _("Adjungerade"), (len(steering["co_opted"]))))
        rows.append((section, _("Sammanträden"), (steering["meeting_count"])))
        rows.append((section, _("Beslutsföra sammanträden"), (steering["quorate_meetings"])))
    if focus := figures.get("focus"):
        section = _("Fokusområde")
        for area in focus["areas"]:
            rows.append((section, _("Fokusområde %(year)s") % {"year": figures["year"]}, area["title"]))
        if focus.get("served"):
            served = focus["served"]
            rows.append((section, _("Aktiviteter kopplade till fokusområdet"), (served["serving_events"])))
            rows.append((section, _("Deltagare i dessa aktiviteter"), (served["serving_participants"])))
        for area in focus["next"]:
            rows.append((section, _("Fokusområde %(year)s") % {"year": focus["next_year"]}, area["title"]))
    if dialogue := figures.get("dialogue"):
        section = _("Dialogforum")
        rows += _totals(section, _("Antal dialogforum"), dialogue["totals"])
        rows += _activity_rows(section, dialogue["forums"])
        for forum in dialogue["forums"]:
            label = _("%(date)s: antal ämnen") % {"date": swedish_date(forum["date"])}
            rows.append((section, label, (len(forum["topics"]))))
    if workshops := figures.get("workshops"):
        section = _("Idéverkstäder")
        rows += _totals(section, _("Antal idéverkstäder"), workshops["totals"])
        rows += _activity_rows(section, workshops["workshops"])
    if nobel := figures.get("nobel21"):
        rows.append(("Nobel 21", _("Bokningar (möten)"), (nobel["bookings"])))
        rows.append(("Nobel 21", _("Förväntade besökare totalt"), (nobel["attendees"])))
        rows.append(("Nobel 21", _("Besökare per vecka"), (nobel["attendees_per_week"])))
        rows.append(("Nobel 21", _("Organisationer som bokat"), (nobel["organisations"])))
    if learning := figures.get("learning"):
        section = _("Lärande")
        rows += _totals(section, _("Antal utbildningar"), learning["totals"])
        rows.append((section, _("Platser genom Malmöandan"), (learning["totals"]["places"])))
        rows += _activity_rows(section, learning["trainings"])
    if inspiration := figures.get("inspiration"):
        section = _("Malmötimmen")
        rows += _totals(section, _("Antal Malmötimmar"), inspiration["malmo_hours_totals"])
        rows += _activity_rows(section, inspiration["malmo_hours"])
        section = _("Lärandeluncher")
        rows += _totals(section, _("Antal lärandeluncher"), inspiration["learning_lunches_totals"])
        rows += _activity_rows(section, inspiration["learning_lunches"])
    if activities := figures.get("activities"):
        section = _("Aktiviteter")
        rows.append((section, _("Aktiviteter totalt"), (activities["events"])))
        rows.append((section, _("Deltagare totalt"), (activities["participants"])))
        for kind in activities["per_kind"]:
            rows.append((section, _("%(kind)s: aktiviteter") % {"kind": kind["label"]}, (kind["events"])))
            rows.append((section, _("%(kind)s: deltagare") % {"kind": kind["label"]}, (kind["participants"])))
    if partnerships := figures.get("partnerships"):
        section = _("Samarbeten")
        rows.append((section, _("Nya under året"), (partnerships["new"])))
        rows.append((section, _("Avtal undertecknade under året"), (partnerships["signed"])))
        rows.append((section, _("Pågående avtal"), (partnerships["running"])))
        rows.append((section, _("Varav pågående IOP"), (partnerships.get("running_iop"))))
        for item in partnerships["partnerships"]:
            rows.append((section, item["title"], f"{item['form_label']}, {item['stage_label'].lower()}"))
    if manual:
        section = _("Ekonomi")
        rows.append((section, _("Årligt bidrag från kommunstyrelsen (kr)"), (manual["grant_amount"])))
        for line in manual["finances"]:
            if line["kind"] == "income":
                label = _("Intäkt: %(label)s (kr)") % {"label": line["label"]}
            else:
                label = _("Kostnad: %(label)s (kr)") % {"label": line["label"]}
            rows.append((section, label, (line["amount"])))
        section = _("Kommunikation")
        for channel in manual["channels"]:
            if channel["followers"] is not None:
                label = _("Följare på %(channel)s") % {"channel": channel["name"]}
                rows.append((section, label, (channel["followers"])))
            if channel["new_followers"] is not None:
                label = _("Nya följare på %(channel)s") % {"channel": channel["name"]}
                rows.append((section, label, (channel["new_followers"])))
    return rows


def figures_csv(rows: list[FigureRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Avsnitt"), _("Uppgift"), _("Värde")])
    for section, label, value in rows:
        writer.writerow([section, label, value])
    return "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8
