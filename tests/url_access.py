"""What each persona gets from a GET on each of the portal's URLs.

Every app lists its URLs in `<app>/tests/url_access.py` as `URL_ACCESS = {"url-name": Access(...)}`;
tests/test_url_access.py walks the URL configuration and fails on any URL nobody listed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PERSONAS = [
    "anonymous",
    "outsider",
    "representative",
    "contact",
    "steering_member",
    "city_official",
    "coordinator",
]
LOGIN = 302  # anonymous users are sent to the login page


@dataclass(frozen=True)
class Access:
    expected: dict[str, int]
    # Builds what the URL needs (called inside the test, with the personas already created) and returns the
    # URL kwargs. It receives a dict of the personas' users, so it can make objects belonging to them.
    kwargs: Callable[[dict], dict] | None = None
    query: str = ""
    notes: str = field(default="", compare=False)


def _expect(
    default: int, anonymous: int, allowed: tuple[str, ...], allowed_status: int = 200, **overrides
) -> dict:
    expected = dict.fromkeys(PERSONAS, default)
    expected["anonymous"] = anonymous
    for persona in (*allowed, "coordinator"):
        expected[persona] = allowed_status
    expected.update(overrides)
    return expected


def public(kwargs=None, query: str = "", **overrides) -> Access:
    """Anyone, signed in or not."""
    return (
        Access(_expect(200, 200, tuple(PERSONAS)), kwargs, query)
        if not overrides
        else Access({**_expect(200, 200, tuple(PERSONAS)), **overrides}, kwargs, query)
    )


def signed_in(kwargs=None, query: str = "", **overrides) -> Access:
    """Any signed-in person."""
    return Access(_expect(200, LOGIN, tuple(PERSONAS[1:]), **overrides), kwargs, query)


def for_roles(*roles: str, kwargs=None, query: str = "", forbidden: int = 403, **overrides) -> Access:
    """Signed-in people with one of the roles (coordinators always); others get `forbidden` (403 or 404)."""
    return Access(_expect(forbidden, LOGIN, roles, **overrides), kwargs, query)


def coordinators_only(kwargs=None, query: str = "", forbidden: int = 403, **overrides) -> Access:
    return for_roles(kwargs=kwargs, query=query, forbidden=forbidden, **overrides)


def post_only(kwargs=None, anonymous: int = 405) -> Access:
    """A URL that only accepts POST: a GET changes nothing and is refused."""
    return Access(dict.fromkeys(PERSONAS, 405) | {"anonymous": anonymous}, kwargs)
