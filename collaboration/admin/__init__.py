# One module per subdomain; importing them registers their ModelAdmins.
from . import organisations, partnerships, rooms, statistics, users  # noqa: F401
