"""A system check that names the operating-system packages WeasyPrint needs, instead of failing obscurely."""

import ctypes.util

from django.core.checks import Error, register

# (shared library, Debian package that provides it)
WEASYPRINT_LIBRARIES = [
    ("pango-1.0", "libpango-1.0-0"),
    ("pangoft2-1.0", "libpangoft2-1.0-0"),
    ("harfbuzz-subset", "libharfbuzz-subset0"),
    ("fontconfig", "libfontconfig1"),
]


@register()
def weasyprint_libraries(app_configs, **kwargs):
    missing = [
        package for library, package in WEASYPRINT_LIBRARIES if ctypes.util.find_library(library) is None
    ]
    if not missing:
        return []
    return [
        Error(
            f"WeasyPrint (the annual report PDF) needs operating-system packages that are missing: {', '.join(missing)}.",
            hint=f"On Debian/Ubuntu: sudo apt-get install {' '.join(missing)} fonts-dejavu-core",
            id="reports.E001",
        )
    ]
