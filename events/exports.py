from django.utils.translation import gettext_lazy as _

from collaboration.exports import Column, Export

PARTICIPANTS = Export(
    "deltagare",
    [
        Column(_("Ankomstordning"), "position"),
        Column(_("Namn"), "name"),
        Column(_("E-post"), "email"),
        Column(_("Organisation"), "organisation.name"),
        Column(_("Sektor"), "organisation.get_sector_display"),
        Column(_("Status"), "get_status_display"),
        Column(_("Anmäld"), "created_at"),
    ],
)
