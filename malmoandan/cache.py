"""The portal's cache backends.

Django's Redis cache, with one Redis client per connection pool instead of one per call.

Django's RedisCacheClient builds a new redis.Redis for every cache operation, and each one fills a table of
about 170 response callbacks: 50 µs of CPU per operation here, a third of a cache read. A redis.Redis is
thread-safe (every command takes a connection from the pool), so one per pool does the same work.
"""

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)


class _ClientPerPool(RedisCacheClient):
    # Django's own attributes, which django-stubs leaves out.
    _get_connection_pool: Callable[[bool], Any]
    _client: type[redis.Redis]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ClientPerPool


class ResilientRedisCache(PortalRedisCache):
    """The portal's Redis cache, which never fails a request: with Redis unreachable a read is a miss and a write
    is dropped, logged (once per outage) instead of raised. The portal keeps working from the database: the
    sessions (cached_db) and roles are read there, the fragment versions are the database's own.

    After the first failure Redis is left alone for `RETRY_SECONDS` (a blackholed server would otherwise cost a
    socket timeout per call). A write or delete dropped during an outage may leave a stale entry behind (a
    signed-out session, a revoked role), so the first call after Redis answers again empties the cache first.
    """

    RETRY_SECONDS = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._lost_writes = False
        self._lock = threading.Lock()

    def _call(self, operation: str, default, *args, **kwargs):
        if time.monotonic() < self._down_until:
            if operation not in _READS:
                self._lost_writes = True
            return default
        try:
            if self._lost_writes:
                with self._lock:
                    if self._lost_writes:
                        super().clear()
                        self._lost_writes = False
                        logger.warning(
                            "Redis answers again: the cache was emptied of what the outage left stale"
                        )
            return getattr(super(), operation)(*args, **kwargs)
        except _REDIS_ERRORS as error:
            if not self._down_until:
                logger.error("Redis unreachable (%s); serving without the cache", error)
            self._down_until = time.monotonic() + self.RETRY_SECONDS
            if operation not in _READS:
                self._lost_writes = True
            return default

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # Callers (rate limits) treat a missing key as ValueError; a dropped count is a miss like a get.
        result = self._call("incr", _MISSING, key, delta, version)
        if result is _MISSING:
            raise ValueError(f"Key {key!r} not found (Redis unreachable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)


_MISSING = object()
_READS = frozenset({"get", "get_many", "has_key"})
_REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


_bytes_used: dict[str, list[int]] = {}


class BoundedLocMemCache(LocMemCache):
    """Django's per-process memory cache, bounded in bytes (OPTIONS MAX_BYTES) as well as in entries: the
    rendered fragments are kept per version and per validated filter, so a burst of distinct pages cannot grow
    a web process beyond its share. The least recently used copies go first; a copy larger than the whole
    bound is not kept."""

    # LocMemCache's own store, which django-stubs leaves out.
    _cache: OrderedDict[str, bytes]
    _expire_info: dict[str, float | None]
    _lock: threading.Lock
    _cull_frequency: int

    def __init__(self, name, params):
        super().__init__(name, params)
        self._max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 0)) or None
        self._used = _bytes_used.setdefault(name, [0])

    @property
    def bytes_used(self) -> int:
        return self._used[0]

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        self._delete(key)
        if self._max_bytes is not None:
            if len(value) > self._max_bytes:
                return
            while self._cache and self._used[0] + len(value) > self._max_bytes:
                self._pop_oldest()
        super()._set(key, value, timeout)  # type: ignore[misc]  # private, not in the stubs
        self._used[0] += len(value)

    def _pop_oldest(self) -> None:
        key, value = self._cache.popitem()  # most recently used first: the last is the oldest
        self._expire_info.pop(key, None)
        self._used[0] -= len(value)

    def _cull(self):
        if self._cull_frequency == 0:
            self._cache.clear()
            self._expire_info.clear()
            self._used[0] = 0
        else:
            for _ in range(len(self._cache) // self._cull_frequency):
                self._pop_oldest()

    def _delete(self, key):
        value = self._cache.get(key)
        deleted = super()._delete(key)  # type: ignore[misc]  # private, not in the stubs
        if deleted and value is not None:
            self._used[0] -= len(value)
        return deleted

    def clear(self):
        with self._lock:
            self._cache.clear()
            self._expire_info.clear()
            self._used[0] = 0
