"""The report's figures as rows (section, figure, value as a number or text): the figures page and CSV."""

import csv
import io

from .formatting import swedish_date


def _activity_rows(section: str, rows: list[dict]) -> list[tuple[str, str, str]]:
    out = []
    for row in rows:
        name = f"{swedish_date(row['date'])}: {row['title']}"
        counted = " (samordnarnas räkning)" if row.get("participants_source") == "head_count" else ""
        out.append((section, f"{name} – deltagare{counted}", (row["participants"])))
        out.append((section, f"{name} – organisationer", (row["organisations"])))
        for sector, count in (row.get("sectors") or {}).items():
            out.append((section, f"{name} – deltagare från {sector.lower()}", (count)))
        if row.get("presenters"):
            names = "; ".join(p["name"] for p in row["presenters"])
            out.append((section, f"{name} – medverkande", names))
        if row.get("rating_answers"):
            out.append((section, f"{name} – utvärdering (1–5)", (row["rating_average"])))
            out.append((section, f"{name} – antal svar", (row["rating_answers"])))
    return out


def _totals(section: str, noun: str, totals: dict) -> list[tuple[str, str, str]]:
    rows = [
        (section, f"Antal {noun}", (totals["count"])),
        (section, "Deltagare totalt", (totals["participants"])),
    ]
    if totals.get("min") is not None:
        low, high = totals["min"], totals["max"]
        rows.append((section, "Deltagare per tillfälle (min–max)", low if low == high else f"{low}–{high}"))
    return rows


def figure_rows(figures: dict, manual: dict | None = None) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    if steering := figures.get("steering"):
        for side, count in steering["voting_members_by_side"].items():
            rows.append(("Styrgrupp", f"Ledamöter med rösträtt från {side}", (count)))
        rows.append(("Styrgrupp", "Adjungerade", (len(steering["co_opted"]))))
        rows.append(("Styrgrupp", "Sammanträden", (steering["meeting_count"])))
        rows.append(("Styrgrupp", "Beslutsföra sammanträden", (steering["quorate_meetings"])))
    if focus := figures.get("focus"):
        for area in focus["areas"]:
            rows.append(("Fokusområde", f"Fokusområde {figures['year']}", area["title"]))
        if focus.get("served"):
            rows.append(
                ("Fokusområde", "Aktiviteter kopplade till fokusområdet", (focus["served"]["serving_events"]))
            )
            rows.append(
                ("Fokusområde", "Deltagare i dessa aktiviteter", (focus["served"]["serving_participants"]))
            )
        for area in focus["next"]:
            rows.append(("Fokusområde", f"Fokusområde {focus['next_year']}", area["title"]))
    if dialogue := figures.get("dialogue"):
        rows += _totals("Dialogforum", "dialogforum", dialogue["totals"])
        rows += _activity_rows("Dialogforum", dialogue["forums"])
        for forum in dialogue["forums"]:
            rows.append(
                ("Dialogforum", f"{swedish_date(forum['date'])}: antal ämnen", (len(forum["topics"])))
            )
    if workshops := figures.get("workshops"):
        rows += _totals("Idéverkstäder", "idéverkstäder", workshops["totals"])
        rows += _activity_rows("Idéverkstäder", workshops["workshops"])
    if nobel := figures.get("nobel21"):
        rows.append(("Nobel 21", "Bokningar (möten)", (nobel["bookings"])))
        rows.append(("Nobel 21", "Förväntade besökare totalt", (nobel["attendees"])))
        rows.append(("Nobel 21", "Besökare per vecka", (nobel["attendees_per_week"])))
        rows.append(("Nobel 21", "Organisationer som bokat", (nobel["organisations"])))
    if learning := figures.get("learning"):
        rows += _totals("Lärande", "utbildningar", learning["totals"])
        rows.append(("Lärande", "Platser", (learning["totals"]["places"])))
        rows += _activity_rows("Lärande", learning["trainings"])
    if inspiration := figures.get("inspiration"):
        rows += _totals("Malmötimmen", "Malmötimmar", inspiration["malmo_hours_totals"])
        rows += _activity_rows("Malmötimmen", inspiration["malmo_hours"])
        rows += _totals("Lärandeluncher", "lärandeluncher", inspiration["learning_lunches_totals"])
        rows += _activity_rows("Lärandeluncher", inspiration["learning_lunches"])
    if activities := figures.get("activities"):
        rows.append(("Aktiviteter", "Aktiviteter totalt", (activities["events"])))
        rows.append(("Aktiviteter", "Deltagare totalt", (activities["participants"])))
        for kind in activities["per_kind"]:
            rows.append(("Aktiviteter", f"{kind['label']}: aktiviteter", (kind["events"])))
            rows.append(("Aktiviteter", f"{kind['label']}: deltagare", (kind["participants"])))
    if partnerships := figures.get("partnerships"):
        rows.append(("Samarbeten", "Nya under året", (partnerships["new"])))
        rows.append(("Samarbeten", "Avtal undertecknade under året", (partnerships["signed"])))
        rows.append(("Samarbeten", "Pågående avtal", (partnerships["running"])))
        for item in partnerships["partnerships"]:
            rows.append(("Samarbeten", item["title"], f"{item['form_label']}, {item['stage_label'].lower()}"))
    if manual:
        rows.append(("Ekonomi", "Årligt bidrag från kommunstyrelsen (kr)", (manual["grant_amount"])))
        for line in manual["finances"]:
            kind = "Intäkt" if line["kind"] == "income" else "Kostnad"
            rows.append(("Ekonomi", f"{kind}: {line['label']} (kr)", (line["amount"])))
        for channel in manual["channels"]:
            if channel["followers"] is not None:
                rows.append(("Kommunikation", f"Följare på {channel['name']}", (channel["followers"])))
            if channel["new_followers"] is not None:
                rows.append(
                    ("Kommunikation", f"Nya följare på {channel['name']}", (channel["new_followers"]))
                )
    return rows


def figures_csv(rows: list[tuple[str, str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Avsnitt", "Uppgift", "Värde"])
    for section, label, value in rows:
        writer.writerow([section, label, value])
    return "\ufeff" + buffer.getvalue()  # the BOM makes Excel read UTF-8
