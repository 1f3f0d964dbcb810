"""Keeping the cached roles true: any change to who is in which group forgets the users' cached roles.

Group membership changes through `user.groups` or `group.user_set` (m2m_changed, either side), and a group
renamed or deleted changes the roles of everyone in it.
"""

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, pre_delete, pre_save

from ..models import User
from .roles import forget_cached_roles


def _membership_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if not reverse:  # user.groups.add(...): one user
        forget_cached_roles([instance.pk])
    elif pk_set is not None:  # group.user_set.add(users)
        forget_cached_roles(pk_set)
    else:  # group.user_set.clear(): the members, read before they go
        forget_cached_roles(instance.user_set.values_list("pk", flat=True))


def _group_changed(sender, instance, **kwargs) -> None:
    if instance.pk:
        forget_cached_roles(instance.user_set.values_list("pk", flat=True))


def connect() -> None:
    m2m_changed.connect(_membership_changed, sender=User.groups.through, dispatch_uid="roles.membership")
    pre_save.connect(_group_changed, sender=Group, dispatch_uid="roles.group_saved")
    pre_delete.connect(_group_changed, sender=Group, dispatch_uid="roles.group_deleted")
