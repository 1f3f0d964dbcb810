"""Personal data: export, erasure and retention, gathered from every app's `privacy.py`.

Each portal app has a module `<app>/privacy.py` with
  - `export(user) -> dict`: {model label: [rows]} for every model of the app that points to a user, each row
    with its "id" (the export covers a model when its label is a key, even with no rows);
  - `erase(user) -> None`: removes or anonymises the person's data, keeping the rows statistics count;
  - optionally `retention_anonymise(now) -> int`: anonymises data that has outlived its retention time and
    returns how many rows it touched.
The modules are found the way the demo modules are: the portal apps, in the order of INSTALLED_APPS.
"""

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from ..shared.portal_apps import portal_modules

ANONYMOUS_NAME = "Borttagen person"


def privacy_modules() -> Iterator[ModuleType]:
    """Each portal app's privacy module, in dependency order."""
    return portal_modules("privacy")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def user_fields(model: type[models.Model]) -> list[models.Field]:
    """The model's foreign keys and one-to-one fields that point to a person."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete
        and field.is_relation
        and field.related_model is user_model
        and not field.many_to_many
    ]


def _value(obj: models.Model, field: models.Field, user) -> Any:
    if field.is_relation:
        related_id = getattr(obj, field.attname)
        if field.related_model is type(user):
            # Never name someone else in a person's export.
            return None if related_id is None else ("du" if related_id == user.pk else "en annan person")
        related = getattr(obj, field.name)
        return None if related is None else str(related)
    if isinstance(field, models.FileField):
        file = getattr(obj, field.attname)
        return file.name if file else None
    return _plain(getattr(obj, field.attname))


def export_models(
    model_list: Iterable[type[models.Model]], user, *, hidden: dict[str, set[str]] | None = None
) -> dict[str, list]:
    """{model label: rows} for each model's rows that point to `user` through any user field.

    `hidden` names fields not to export per model label (secrets such as TOTP keys)."""
    hidden = hidden or {}
    data: dict[str, list] = {}
    for model in model_list:
        fields = user_fields(model)
        if not fields or model._meta.proxy:
            continue  # a proxy (e.g. the admin's TwoFactorAuthenticator) holds its concrete model's rows
        condition = models.Q()
        for field in fields:
            condition |= models.Q(**{field.name: user})
        skip = hidden.get(model._meta.label, set())
        concrete = [f for f in model._meta.concrete_fields if f.name not in skip]
        data[model._meta.label] = [
            {f.name: _value(obj, f, user) for f in concrete}
            for obj in model._base_manager.filter(condition).order_by("pk")
        ]
    return data


def export_app(app_label: str, user, *, hidden: dict[str, set[str]] | None = None) -> dict[str, list]:
    """The export of every model of one app that points to a person."""
    return export_models(apps.get_app_config(app_label).get_models(), user, hidden=hidden)


def personal_data_export(*, user) -> dict:
    """Everything the portal holds about `user`, as one JSON-ready dict."""
    data: dict[str, list] = {}
    for module in privacy_modules():
        data.update(module.export(user))
    return {
        "exported_at": timezone.now().isoformat(),
        "account": user.email,
        "data": data,
    }


@transaction.atomic
def account_delete(*, user) -> None:
    """Erase the person's data in every app, later apps first (they point to the earlier ones).

    The user row itself stays as an anonymous, inactive placeholder, so that sign-ups, bookings and votes that
    statistics and annual reports count keep pointing somewhere and every count stays the same.
    """
    for module in reversed(list(privacy_modules())):
        module.erase(user)


def retention_run(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Run every app's retention hook; returns how many rows each app anonymised."""
    now = now or timezone.now()
    done = {}
    for module in privacy_modules():
        hook = getattr(module, "retention_anonymise", None)
        if hook is not None:
            with transaction.atomic():
                done[module.__name__.split(".")[0]] = hook(now)
    return done


def detach_user(model_list: Iterable[type[models.Model]], user, *, keep: Iterable[str] = ()) -> int:
    """Set every nullable user field that points to `user` to empty (who booked, who decided…).

    The rows stay, so what statistics count stays the same; returns how many rows changed. `keep` names fields
    ("app.Model.field") that must keep pointing to the (anonymised) account, e.g. where a constraint needs it."""
    changed = 0
    for model in model_list:
        if model._meta.proxy:
            continue  # its rows are its concrete model's, detached there
        for field in user_fields(model):
            if field.null and f"{model._meta.label}.{field.name}" not in keep:
                changed += model._base_manager.filter(**{field.name: user}).update(**{field.name: None})
    return changed


def detach_app(app_label: str, user, *, keep: Iterable[str] = ()) -> int:
    return detach_user(apps.get_app_config(app_label).get_models(), user, keep=keep)
