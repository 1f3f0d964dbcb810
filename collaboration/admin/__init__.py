# One module per subdomain; importing them registers their ModelAdmins.
from . import organisations, rooms, users  # noqa: F401
