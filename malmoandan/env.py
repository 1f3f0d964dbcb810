"""Typed access to the environment: a bad value stops the process with a message naming the variable."""

import os
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}") from None


def redis_url_other_database(url: str) -> str:
    """The same Redis server with the next database number (15 wraps to 14): the broker's default beside the
    cache's REDIS_URL."""
    parts = urlsplit(url)
    path = parts.path.strip("/")
    try:
        number = int(path) if path else 0
    except ValueError:
        raise ImproperlyConfigured(f"REDIS_URL must end in a database number, not {url!r}") from None
    other = number + 1 if number < 15 else number - 1
    return urlunsplit((parts.scheme, parts.netloc, f"/{other}", parts.query, parts.fragment))
