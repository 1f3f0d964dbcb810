"""The yearly cycle (årshjul) as a picture: the geometry of the home page's SVG, drawn on the server.

Months run clockwise from January at the top; each milestone of `events.yearplan.year_cycle` is an arc over
its months on a ring of its own where it would overlap another, numbered like the text list that goes with it
(the picture is role="img"; the list says everything it shows). The template only places what this computes.
"""

import datetime as dt
import math
from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .yearplan import CycleItem

SIZE = 400
CENTRE = SIZE / 2
MONTH_OUTER, MONTH_INNER = 196, 158
LANE_OUTER, LANE_WIDTH, LANE_GAP = 146, 13, 4
GAP = 0.02  # radians left open between neighbouring months' arcs

# The year plan's states, as the picture shows them (a CSS class) and as the list says them. The words are the
# year overview's own.
STATES = {
    "done": ("done", _("Genomfört")),
    "planned": ("planned", _("Planerat")),
    "due": ("due", _("Beslut ska fattas senast i oktober")),
    "late": ("late", _("Försenat: beslutet skulle ha fattats senast i oktober")),
    "short": ("late", _("Färre än planerat")),
    "missed": ("late", _("Genomfördes inte")),
    "unrecorded": ("open", _("Inget registrerat")),
    "missing": ("open", _("Saknas: inget planerat än")),
    "elsewhere": ("elsewhere", _("Se årsrapporten")),
}

# What each way of drawing an arc means, for the legend under the picture.
LEGEND = {
    "done": _("Genomfört"),
    "planned": _("Planerat"),
    "due": _("Ska göras nu"),
    "late": _("Försenat eller inte genomfört"),
    "open": _("Inget planerat eller registrerat"),
    "elsewhere": _("Se årsrapporten"),
}


@dataclass
class Month:
    number: int
    label: str
    path: str
    label_x: float
    label_y: float
    current: bool


@dataclass
class Arc:
    number: int
    item: CycleItem
    lane: int
    radius: float
    path: str  # empty for a whole-year milestone, drawn as a circle
    number_x: float
    number_y: float
    css: str
    label: str
    months_label: str  # "april–september"
    now: bool  # today falls in its months

    @property
    def whole_year(self) -> bool:
        return not self.path


@dataclass
class Wheel:
    year: int
    today: dt.date
    months: list[Month]
    arcs: list[Arc]
    lanes: list[float]  # the radius of each ring, for its faint track
    now_line: tuple[float, float, float, float]
    lane_width: int = LANE_WIDTH
    size: int = SIZE

    @property
    def current_month(self) -> str:
        return formats.date_format(self.today, "F")

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(css, words) of the ways of drawing that this wheel uses, in the legend's order."""
        used = {arc.css for arc in self.arcs}
        return [(css, str(label)) for css, label in LEGEND.items() if css in used]


def _angle(month: float) -> float:
    """Radians from 12 o'clock, clockwise, of the start of `month` (1 = January; 13 = the end of December)."""
    return (month - 1) / 12 * 2 * math.pi


def _point(angle: float, radius: float) -> tuple[float, float]:
    return (round(CENTRE + radius * math.sin(angle), 2), round(CENTRE - radius * math.cos(angle), 2))


def _arc_path(start: float, end: float, radius: float) -> str:
    x1, y1 = _point(start, radius)
    x2, y2 = _point(end, radius)
    large = 1 if end - start > math.pi else 0
    return f"M {x1} {y1} A {radius} {radius} 0 {large} 1 {x2} {y2}"


def _sector_path(start: float, end: float, outer: float, inner: float) -> str:
    a = _point(start, outer)
    b = _point(end, outer)
    c = _point(end, inner)
    d = _point(start, inner)
    return (
        f"M {a[0]} {a[1]} A {outer} {outer} 0 0 1 {b[0]} {b[1]} "
        f"L {c[0]} {c[1]} A {inner} {inner} 0 0 0 {d[0]} {d[1]} Z"
    )


def _lanes(items: list[CycleItem]) -> list[int]:
    """The ring of each milestone: the innermost free of overlap, whole-year milestones on rings of their own."""
    taken: list[set[int]] = []
    result = []
    for item in items:
        months = set(range(item.first_month, item.last_month + 1))
        for lane, used in enumerate(taken):
            if not used & months and len(used) < 12 and len(months) < 12:
                used |= months
                result.append(lane)
                break
        else:
            taken.append(set(months))
            result.append(len(taken) - 1)
    return result


def _months_label(year: int, item: CycleItem) -> str:
    first = formats.date_format(dt.date(year, item.first_month, 1), "F")
    if item.first_month == item.last_month:
        return first
    return f"{first}–{formats.date_format(dt.date(year, item.last_month, 1), 'F')}"


def year_wheel(items: list[CycleItem], today: dt.date, year: int | None = None) -> Wheel:
    year = year or today.year
    current = today.month if today.year == year else None
    months = []
    for number in range(1, 13):
        start, end = _angle(number), _angle(number + 1)
        x, y = _point((start + end) / 2, (MONTH_OUTER + MONTH_INNER) / 2)
        months.append(
            Month(
                number=number,
                label=formats.date_format(dt.date(year, number, 1), "M"),
                path=_sector_path(start, end, MONTH_OUTER, MONTH_INNER),
                label_x=x,
                label_y=y,
                current=number == current,
            )
        )
    lanes = _lanes(items)
    radii = [LANE_OUTER - LANE_WIDTH / 2 - lane * (LANE_WIDTH + LANE_GAP) for lane in range(max(lanes) + 1)]
    arcs = []
    for number, (item, lane) in enumerate(zip(items, lanes, strict=True), start=1):
        radius = radii[lane]
        css, label = STATES.get(item.state, STATES["missing"])
        whole_year = item.first_month == 1 and item.last_month == 12
        start, end = _angle(item.first_month) + GAP, _angle(item.last_month + 1) - GAP
        # A whole-year ring carries its number where the rings would otherwise be empty: beside the now line.
        middle = _angle(today.month + 0.5) + 0.35 * (lane % 2 * 2 - 1) if whole_year else (start + end) / 2
        x, y = _point(middle, radius)
        arcs.append(
            Arc(
                number=number,
                item=item,
                lane=lane,
                radius=radius,
                path="" if whole_year else _arc_path(start, end, radius),
                number_x=x,
                number_y=y,
                css=css,
                label=str(label),
                months_label=_months_label(year, item),
                now=current is not None and item.first_month <= current <= item.last_month,
            )
        )
    # The hand points at today within its month.
    days = (dt.date(today.year + today.month // 12, today.month % 12 + 1, 1) - dt.timedelta(days=1)).day
    hand = _angle(today.month + (today.day - 0.5) / days)
    inner = radii[-1] - LANE_WIDTH
    now_line = (*_point(hand, inner), *_point(hand, MONTH_OUTER))
    return Wheel(year=year, today=today, months=months, arcs=arcs, lanes=radii, now_line=now_line)
