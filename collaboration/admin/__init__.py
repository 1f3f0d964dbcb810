# One module per subdomain; importing them registers their ModelAdmins.
from . import organisations, partnerships, rooms, users  # noqa: F401
