"""Bar charts as inline SVG, drawn from the figures: no JavaScript, no images, the same in the page and the PDF.

Only presentation attributes (fill, font-size …), never style attributes, so the Content Security Policy
(style-src 'self') allows them in the browser. Every chart has a title and a description for screen readers;
the templates put a table with the same numbers beside it.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .formatting import number

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]

BAR = "#0b5394"
AXIS = "#444444"
GRID = "#d0d0d0"
TEXT = "#1a1a1a"


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    labels: list[str]
    values: list[int]
    label_heading: str
    value_heading: str

    @property
    def description(self) -> str:
        total = sum(self.values)
        if not total:
            return f"{self.title}: inga registrerade värden."
        top = max(range(len(self.values)), key=lambda i: self.values[i])
        return (
            f"{self.title}. Totalt {number(total)}; högst {self.labels[top]} med {number(self.values[top])}. "
            "Samma siffror finns i tabellen."
        )

    @property
    def rows(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.values, strict=True))

    def svg(self) -> SafeString:
        return bar_chart_svg(self)


def _nice_top(value: int, lines: int = 4) -> int:
    """A top for the y axis so each of the `lines` grid steps is a round number (1, 2 or 5 × 10^n)."""
    needed = max(value, 1) / lines
    magnitude = 1
    while magnitude * 10 <= needed:
        magnitude *= 10
    for step in (1, 2, 5, 10):
        if step * magnitude >= needed:
            return step * magnitude * lines
    return 10 * magnitude * lines  # pragma: no cover


def bar_chart_svg(chart: Chart, width: int = 640, height: int = 260) -> SafeString:
    left, right, top, bottom = 48, 12, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_top(max(chart.values, default=0))
    n = max(len(chart.values), 1)
    slot = plot_w / n
    bar_w = slot * 0.7
    title_id, desc_id = f"chart-{chart.slug}-title", f"chart-{chart.slug}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
    ]
    for i in range(5):
        value = top_value * i / 4
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}">'
            f"{escape(number(round(value)))}</text>"
        )
    for i, (label, value) in enumerate(chart.rows):
        x = left + i * slot + (slot - bar_w) / 2
        h = plot_h * value / top_value
        y = top + plot_h - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}"/>')
        if value:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="10" '
                f'fill="{TEXT}">{escape(number(value))}</text>'
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="11" '
            f'fill="{TEXT}">{escape(label)}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{AXIS}" stroke-width="1.5"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def report_charts(figures: dict) -> list[Chart]:
    """The report's charts, drawn from a figures snapshot; a chart of figures never recorded is left out."""
    charts = []
    activities = figures.get("activities")
    # Snapshots from before figures carried their source (schema 1) drew their charts always.
    if activities and activities.get("recorded_events", activities.get("events")):
        charts.append(
            Chart(
                slug="participants-kind",
                title=f"Deltagare per typ av aktivitet {figures['year']}",
                labels=[row["label"] for row in activities["per_kind"]],
                values=[row["participants"] for row in activities["per_kind"]],
                label_heading="Typ av aktivitet",
                value_heading="Deltagare",
            )
        )
        charts.append(
            Chart(
                slug="participants-month",
                title=f"Deltagare i aktiviteter per månad {figures['year']}",
                labels=MONTHS,
                values=activities["participants_per_month"],
                label_heading="Månad",
                value_heading="Deltagare",
            )
        )
    nobel21 = figures.get("nobel21")
    if nobel21 and nobel21.get("recorded_months", 12):
        charts.append(
            Chart(
                slug="bookings-month",
                title=f"Bokningar på Nobel 21 per månad {figures['year']}",
                labels=MONTHS,
                values=figures["nobel21"]["bookings_per_month"],
                label_heading="Månad",
                value_heading="Bokningar",
            )
        )
    return charts
