"""The portal's own apps, and the modules each of them may contribute to a shared concern.

The apps depend one way (collaboration ← steering ← events ← coordination ← reports, checked by import-linter in CI), so
collaboration cannot import the others. Where it needs each app's part of a concern (demo data, personal
data), it finds the module by name at run time, in the order of INSTALLED_APPS, which is dependency order.
"""

import importlib
import importlib.util
from collections.abc import Iterator
from types import ModuleType

from django.apps import apps

PORTAL_APPS = ("collaboration", "steering", "events", "coordination", "reports")


def portal_modules(name: str) -> Iterator[ModuleType]:
    """Each portal app's module `name` (e.g. "demo", "privacy"), where it has one, in dependency order."""
    for config in apps.get_app_configs():
        if config.name in PORTAL_APPS and importlib.util.find_spec(f"{config.name}.{name}"):
            yield importlib.import_module(f"{config.name}.{name}")
