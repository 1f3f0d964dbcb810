from django.utils.translation import gettext_lazy as _

from collaboration.exports import Column, Export

PARTICIPANTS = Export(
    "deltagare",
    [
        Column(_("Ankomstordning"), "position"),
        Column(_("Namn"), "name"),
        Column(_("E-post"), "email"),
        Column(_("Organisation"), "organisation_label"),
        Column(_("Sektor"), "sector_label"),
        Column(_("Status"), "get_status_display"),
        Column(_("Anmäld"), "created_at"),
    ],
)
