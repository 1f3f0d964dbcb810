from tests.url_access import public

URL_ACCESS = {
    "home": public(),
}
