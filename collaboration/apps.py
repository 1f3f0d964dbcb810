from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("Samverkan")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .shared import lookups, signals
        from .shared.setup import ensure_role_groups

        lookups.register()
        signals.connect()

        # Runs after the last app's migrations, when every permission row exists.
        post_migrate.connect(ensure_role_groups, dispatch_uid="collaboration.ensure_role_groups")

        from .shared import fragments

        # The triggers that record every write to a watched table, whatever issued it (fragments.py).
        post_migrate.connect(fragments.install_triggers, dispatch_uid="collaboration.fragment_triggers")
        from .models import Booking, Closure, Membership, OpeningHours, Organisation, Room

        # The room grids (bookings with their organisations' names, closures, rooms and their hours).
        fragments.watch("rooms", Booking, Closure, Room, OpeningHours, Organisation)
        # Whom each person represents (active organisations with a confirmed membership), cached per person.
        fragments.watch("memberships", Membership, Organisation)
        # The public organisation directory.
        fragments.watch("organisations", Organisation)


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin, with the site that only lets coordinators with two-factor in."""

    default = False
    default_site = "collaboration.shared.admin_site.PortalAdminSite"
