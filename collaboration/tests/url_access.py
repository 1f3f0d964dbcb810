from tests.url_access import public

URL_ACCESS = {
    "about": public(),
    "accessibility": public(),
    "privacy": public(),
    "health": public(),
}
