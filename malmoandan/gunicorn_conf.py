"""gunicorn's settings for the image and the smoke test: `gunicorn -c malmoandan/gunicorn_conf.py malmoandan.wsgi`.

X-Forwarded-Proto is believed only from FORWARDED_ALLOW_IPS (the reverse proxy, and the health check inside the
container): gunicorn itself only then sets the scheme, and pre_request below removes the header from every
other peer, so Django's SECURE_PROXY_SSL_HEADER never sees one a client typed.
"""

import ipaddress
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Django is loaded once in the master before the workers fork: a worker's first request no longer pays for the
# import (seconds on a busy machine, past the worker timeout), and the workers share that memory.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in {"1", "true", "yes", "on"}
# A worker is replaced after about this many requests (the jitter keeps them from restarting together), so
# a slow leak in a library never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'

_SCHEME_HEADERS = {"X-FORWARDED-PROTO", "X-FORWARDED-PROTOCOL", "X-FORWARDED-SSL"}


def _trusted_networks(value: str) -> list:
    networks = []
    for item in value.split(","):
        item = item.strip()
        if item == "*":
            return ["*"]
        if item:
            networks.append(ipaddress.ip_network(item, strict=False))
    return networks


_TRUSTED = _trusted_networks(forwarded_allow_ips)


def peer_is_trusted(peer_addr) -> bool:
    if "*" in _TRUSTED:
        return True
    host = peer_addr[0] if isinstance(peer_addr, tuple) else None
    if not host:  # a Unix socket: only the proxy on this machine can reach it
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in _TRUSTED)


def pre_request(worker, req):
    if not peer_is_trusted(req.peer_addr):
        req.headers = [(name, value) for name, value in req.headers if name.upper() not in _SCHEME_HEADERS]
