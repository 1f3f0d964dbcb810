"""Personal data in reports: who ordered and who approved a version of the annual report.

An approved annual report is a public record (allmän handling) kept under the archive rules: its PDF and its
figures are not rewritten when someone deletes their account; the links to the person are removed."""

from collaboration.services.privacy import detach_app, export_app


def export(user) -> dict:
    return export_app("reports", user, hidden={"reports.ReportVersion": {"content"}})


def erase(user) -> None:
    from .meeting_report import meeting_reports_forget

    # The coordinators' reports to the steering meetings name members (terms ending): not archived records.
    meeting_reports_forget(user)
    detach_app("reports", user)
