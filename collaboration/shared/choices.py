from django.db import models


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """The label of `value` in `choices`, or the raw value when it is not one of them.

    Like get_FOO_display, without rebuilding and translating the field's whole choices dict on every call,
    which showed up in the profiles of pages that list many rows.
    """
    try:
        return choices(value).label
    except ValueError:
        return value
