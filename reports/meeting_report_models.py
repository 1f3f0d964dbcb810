"""The coordinators' report to a steering meeting (återrapportering): drafted from the records since the
previous meeting, then edited by the coordinators, read by the members before the meeting as a page and a PDF.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The report's sections in order: (field, heading). Each is a text the portal drafts from the records and
# the coordinators may edit; `MeetingReport.drafted` keeps what the last draft wrote, so that drafting again
# replaces only the sections nobody edited.
MEETING_REPORT_SECTIONS: list[tuple[str, str]] = [
    ("summary", _("Sammanfattning")),
    ("events_held", _("Genomförda aktiviteter")),
    ("events_coming", _("Kommande aktiviteter")),
    ("partnerships", _("Samarbeten och stöd")),
    ("nobel21", _("Föreningscentret Nobel 21")),
    ("proposals", _("Inkomna förslag på fokusområden")),
    ("milestones", _("Årets tidplan")),
    ("terms", _("Mandat som löper ut")),
]
SECTION_FIELDS = [field for field, _heading in MEETING_REPORT_SECTIONS]


def text_blocks(text: str) -> list[dict]:
    """A section's plain text as blocks for the page and the PDF: lines starting with a dash are the items of a
    list, other lines paragraphs (empty lines only separate)."""
    blocks: list[dict] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line[0] in "–-•":
            item = line[1:].strip()
            if blocks and blocks[-1]["kind"] == "list":
                blocks[-1]["items"].append(item)
            else:
                blocks.append({"kind": "list", "items": [item]})
        else:
            blocks.append({"kind": "paragraph", "text": line})
    return blocks


def meeting_report_pdf_path(report: "MeetingReport") -> str:
    return f"reports/meetings/{report.meeting_id}/aterrapport-{report.meeting_id}-r{report.revision}.pdf"


class MeetingReport(models.Model):
    meeting = models.OneToOneField(
        "steering.Meeting",
        on_delete=models.CASCADE,
        related_name="coordinators_report",
        verbose_name=_("sammanträde"),
    )
    period_start = models.DateTimeField(_("från"), null=True, blank=True)
    period_end = models.DateTimeField(_("till"))
    language = models.CharField(_("språk"), max_length=8, choices=settings.LANGUAGES, default="sv")
    summary = models.TextField(_("sammanfattning"), blank=True)
    events_held = models.TextField(_("genomförda aktiviteter"), blank=True)
    events_coming = models.TextField(_("kommande aktiviteter"), blank=True)
    partnerships = models.TextField(_("samarbeten och stöd"), blank=True)
    nobel21 = models.TextField(_("Nobel 21"), blank=True)
    proposals = models.TextField(_("inkomna förslag"), blank=True)
    milestones = models.TextField(_("årets tidplan"), blank=True)
    terms = models.TextField(_("mandat som löper ut"), blank=True)
    # Section field -> the text the last draft produced for it (an edited section differs from it).
    drafted = models.JSONField(_("senaste utkast"), default=dict, blank=True)
    drafted_at = models.DateTimeField(_("utkast skapat"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Every change of the texts is a new revision; the PDF is rendered for one revision (pdf_revision).
    revision = models.PositiveIntegerField(_("revision"), default=1)
    pdf = models.FileField(_("PDF"), max_length=255, blank=True)
    pdf_revision = models.PositiveIntegerField(_("PDF:ens revision"), null=True, blank=True)
    pdf_failure = models.TextField(_("fel vid PDF"), blank=True)

    class Meta:
        verbose_name = _("återrapport till styrgruppen")
        verbose_name_plural = _("återrapporter till styrgruppen")
        ordering = ["-period_end"]

    def __str__(self) -> str:
        return f"Återrapport till {self.meeting}"

    def sections(self) -> list[dict]:
        return [
            {
                "field": field,
                "heading": heading,
                "text": getattr(self, field),
                "blocks": text_blocks(getattr(self, field)),
                "edited": getattr(self, field) != self.drafted.get(field, ""),
            }
            for field, heading in MEETING_REPORT_SECTIONS
        ]

    def edited_sections(self) -> list[str]:
        return [s["field"] for s in self.sections() if s["edited"]]

    @property
    def pdf_is_current(self) -> bool:
        return bool(self.pdf) and self.pdf_revision == self.revision

    @property
    def pdf_filename(self) -> str:
        return f"aterrapport-styrgrupp-{self.period_end:%Y-%m-%d}.pdf"
