from .organisations import (
    KIND_SECTOR,
    CivilSocietyCategory,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Sector,
    Umbrella,
)
from .rooms import Booking, BookingStatus, Room, RoomKind
from .users import User

__all__ = [
    "KIND_SECTOR",
    "Booking",
    "BookingStatus",
    "CivilSocietyCategory",
    "Membership",
    "MembershipRole",
    "Organisation",
    "OrganisationKind",
    "Room",
    "RoomKind",
    "Sector",
    "Umbrella",
    "User",
]
