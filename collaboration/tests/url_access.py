from tests.url_access import PERSONAS, Access, public, signed_in

from .url_access_organisations import ORGANISATION_URL_ACCESS
from .url_access_rooms import ROOM_URL_ACCESS

URL_ACCESS = {
    "about": public(),
    "accessibility": public(),
    "privacy": public(),
    "health": public(),
    "personal-data": signed_in(),
    "personal-data-download": signed_in(),
    "account-delete": signed_in(),
    # The language switch (Django's, keeping a signed-in person's choice): a GET only sends anyone back.
    "set_language": Access(dict.fromkeys(PERSONAS, 302)),
    **ORGANISATION_URL_ACCESS,
    **ROOM_URL_ACCESS,
}
