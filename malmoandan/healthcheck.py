"""The container's health check: `python -m malmoandan.healthcheck` (docker-compose.yml, the smoke test).

It asks gunicorn inside the container for /health/ exactly as the reverse proxy would forward a visitor's
request: with the site's own host name (the first of ALLOWED_HOSTS, so Django's host validation stays on for
everything) and X-Forwarded-Proto https (so SECURE_SSL_REDIRECT answers 200, not a redirect to https). Exit
status 0 when the portal, its database and its cache answer.
"""

import os
import sys
import urllib.error
import urllib.request


def health_host() -> str:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    # ".example.org" allows the domain and its subdomains; "*" allows anything.
    host = next((h.lstrip(".") for h in hosts if h != "*"), "localhost")
    return host


def main() -> int:
    url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/health/")
    request = urllib.request.Request(url, headers={"Host": health_host(), "X-Forwarded-Proto": "https"})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=float(os.environ.get("HEALTHCHECK_TIMEOUT", "4"))) as response:
            ok = response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1
    if not ok:
        print(f"unhealthy: {url} answered {response.status}", file=sys.stderr)
    return 0 if ok else 1


class NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect (e.g. to https) means the check was not answered; following it would leave the container.
    def redirect_request(self, *args, **kwargs):
        return None


if __name__ == "__main__":
    sys.exit(main())
