"""Keeps the role groups and their permissions in step with the code after every migrate."""

from django.contrib.auth.models import Group, Permission

from .roles import ROLE_GROUPS, Role

# Coordinators manage everything the portal's own apps and allauth record.
COORDINATOR_APP_LABELS = [
    "collaboration",
    "steering",
    "events",
    "coordination",
    "reports",
    "account",
    "mfa",
    "auth",
]


def ensure_role_groups(**kwargs) -> None:
    for group_name in ROLE_GROUPS.values():
        Group.objects.get_or_create(name=group_name)
    coordinators = Group.objects.get(name=ROLE_GROUPS[Role.COORDINATOR])
    permissions = Permission.objects.filter(content_type__app_label__in=COORDINATOR_APP_LABELS)
    coordinators.permissions.add(*permissions)
