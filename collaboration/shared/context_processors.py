from .fragments import FRAGMENT_SECONDS, DataVersions
from .roles import Role, user_roles


def roles(request) -> dict:
    """Expose the signed-in user's roles to templates, e.g. `{% if roles.is_coordinator %}`."""
    mine = user_roles(request.user) if hasattr(request, "user") else frozenset()
    is_coordinator = Role.COORDINATOR in mine
    return {
        "roles": {
            "is_coordinator": is_coordinator,
            "is_representative": is_coordinator or Role.REPRESENTATIVE in mine,
            "is_steering_member": is_coordinator or Role.STEERING_MEMBER in mine,
            "is_city_official": is_coordinator or Role.CITY_OFFICIAL in mine,
        }
    }


def fragments(request) -> dict:
    """For `{% cache %}` blocks: the data sets' versions, read only when a block asks (collaboration.shared.fragments)."""
    return {"data_versions": DataVersions(), "FRAGMENT_SECONDS": FRAGMENT_SECONDS}
