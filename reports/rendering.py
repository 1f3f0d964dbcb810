"""From a version's content (figures + texts + manual figures) to HTML, and from that HTML to a PDF.

The HTML preview in the browser and the PDF come from the same template and the same stylesheet; only
WeasyPrint turns the HTML into pages (@page rules, table of contents with target-counter, running heads).
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .charts import report_charts
from .models import TEXT_SECTIONS, FinanceLineKind

# WeasyPrint logs every layout step at INFO; the worker's log only needs its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# WeasyPrint resolves the template's /static/ links against this made-up origin; the fetcher below serves
# them from the static files on disk and refuses everything else, so rendering never touches the network.
PDF_BASE_URL = "https://malmoandan.invalid/"
# The families reports/report.css asks for; the PDF must embed them (fonts-dejavu-core in the image and CI).
REPORT_FONT_FAMILIES = {"DejaVu Sans"}

# The report's sections in order: (anchor, heading, figures key or None, text field or None).
SECTIONS: list[tuple[str, str, str | None, str | None]] = [
    ("om-rapporten", "Om rapporten", None, "introduction"),
    ("styrgrupp", "Kort om Malmöandan och styrgruppen", "steering", "steering_comment"),
    ("fokusomrade", "Årets fokusområde", "focus", "focus_comment"),
    ("dialogforum", "Dialogforum", "dialogue", "dialogue_comment"),
    ("ideverkstad", "Idéverkstäder", "workshops", "workshops_comment"),
    ("nobel21", "Föreningscentret Nobel 21", "nobel21", "nobel21_comment"),
    ("larande", "Lärande och kunskap", "learning", "learning_comment"),
    ("inspiration", "Inspiration och möten", "inspiration", "inspiration_comment"),
    ("aktiviteter", "Årets aktiviteter i siffror", "activities", None),
    ("kommunikation", "Kommunikation", None, "communication"),
    ("samarbeten", "Samarbeten och partnerskap", "partnerships", "partnerships_comment"),
    ("samordning", "Samordnarnas arbete", "coordination", None),
    ("ekonomi", "Ekonomi", None, "finances_comment"),
    ("infor-nasta-ar", "Inför nästa år", None, "outlook"),
]
assert {text for *_rest, text in SECTIONS if text} == {field for field, _heading in TEXT_SECTIONS}


class ReportAssetError(Exception):
    """A stylesheet, font or image of the report could not be loaded: the render fails instead of printing a
    PDF without its layout (WeasyPrint on its own only logs a warning and carries on)."""


class _FetchFailed(FatalURLFetchingError):
    # WeasyPrint swallows every other exception a fetcher raises; this one stops the render.
    pass


def static_asset_bytes(name: str) -> bytes | None:
    """A static file's content by the name {% static %} put in the page: under the production storage that is
    the hashed name in STATIC_ROOT (after collectstatic), in development the source file the finders know."""
    storage = staticfiles_storage
    try:
        if storage.exists(name):
            with storage.open(name) as handle:
                return handle.read()
    except (OSError, ValueError, SuspiciousFileOperation):
        pass
    path = finders.find(name)
    return Path(path).read_bytes() if path else None


class StaticFilesFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        static_prefix = settings.STATIC_URL
        if f"{parts.scheme}://{parts.netloc}/" != PDF_BASE_URL or not parts.path.startswith(static_prefix):
            raise _FetchFailed(f"the report fetches nothing from outside: {url}")
        name = unquote(parts.path.removeprefix(static_prefix))
        content = static_asset_bytes(name)
        if content is None:
            raise _FetchFailed(f"no static file {parts.path}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, {"Content-Type": content_type})


def finances(manual: dict, grant_amount: int) -> dict:
    """Income (the grant and any other income), the cost lines, and the result: only when costs are entered."""
    lines = manual.get("finances", [])
    income = [
        line
        for line in lines
        if line["kind"] == FinanceLineKind.INCOME
        # Snapshots from before cost notes (no "note" key) listed the grant as an income line as well.
        and not ("note" not in line and line["amount"] == grant_amount)
    ]
    expenses = [line for line in lines if line["kind"] == FinanceLineKind.EXPENSE]
    total_income = grant_amount + sum(line["amount"] for line in income)
    total_expenses = sum(line["amount"] for line in expenses)
    return {
        "grant": grant_amount,
        "income": income,
        "expenses": expenses,
        "total_income": total_income,
        "total_expenses": total_expenses if expenses else None,
        "result": total_income - total_expenses if expenses else None,
    }


def document_context(content: dict, *, version=None, for_pdf: bool = False) -> dict:
    figures = content["figures"]
    texts = content["texts"]
    manual = content["manual"]
    sections = [
        {
            "anchor": anchor,
            "heading": heading,
            "key": key,
            "text": texts.get(text_field, "") if text_field else "",
        }
        for anchor, heading, key, text_field in SECTIONS
        # A snapshot taken before a section existed renders as it did then, without it.
        if key is None or key in figures
    ]
    return {
        "year": content["year"],
        "year_str": str(content["year"]),
        "figures": figures,
        "texts": texts,
        "manual": manual,
        "not_held": content.get("not_held", []),
        "recipients": content.get("recipients", []),
        "sections": sections,
        "charts": {chart.slug: chart for chart in report_charts(figures)},
        "finances": finances(manual, manual.get("grant_amount", 0)),
        "version": version,
        "for_pdf": for_pdf,
    }


def render_report_html(content: dict, *, version=None, for_pdf: bool = False) -> str:
    with translation.override("sv"):
        return render_to_string(
            "reports/annualreport_document.html", document_context(content, version=version, for_pdf=for_pdf)
        )


def render_memo_html(content: dict, *, version=None, for_pdf: bool = False) -> str:
    with translation.override("sv"):
        return render_to_string(
            "reports/memo_document.html", document_context(content, version=version, for_pdf=for_pdf)
        )


def html_to_pdf(html: str) -> bytes:
    """A4 PDF/UA-1 (tagged, title and language from the HTML, fonts embedded).

    Raises ReportAssetError when a stylesheet or image cannot be loaded or the report's font is not the one
    embedded (fontconfig silently substitutes a missing family)."""
    try:
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesFetcher()).render(
            pdf_variant="pdf/ua-1"
        )
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    except _FetchFailed as exc:
        raise ReportAssetError(str(exc)) from None
    embedded = {font.family for font in document.fonts.values()}
    missing_families = REPORT_FONT_FAMILIES - embedded
    if missing_families:
        missing = ", ".join(sorted(missing_families))
        raise ReportAssetError(
            f"the report's font is not installed: {missing} (embedded: {sorted(embedded)})"
        )
    return pdf
