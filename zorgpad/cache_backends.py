"""Django's RedisCache, made to fail soft: a cache that is down is a slower
site, never a broken one.

When Redis does not answer (refused, reset, or slower than the short socket
timeout in settings.py), each operation answers as a cache miss would: `get`
returns its default, `add`/`set` store nothing (`set_many` returns every
key as failed). After a failure the process leaves Redis alone for
RETRY_AFTER seconds, so a site under load does not wait a timeout per
request, then tries again by itself: no restart is needed when Redis is back.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER = 1.0  # seconds


class ReusedClient(RedisCacheClient):
    """Django's client makes a new `redis.Redis` object for every operation,
    and redis-py builds ~170 response callbacks in each: measured, that is
    half the cost of a cache hit. One object per connection pool is enough
    (it is thread-safe: each command borrows a connection from the pool)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClient
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _call(self, method, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            return method(*args, **kwargs)
        except RedisError as error:
            with self._lock:
                first = time.monotonic() >= self._down_until
                self._down_until = time.monotonic() + RETRY_AFTER
            if first:
                logger.warning("Redis unavailable, serving without cache: %s", error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError, as callers expect; with Redis
        # down the count starts again at the delta.
        return self._call(super().incr, delta, key, delta, version)

    def clear(self):
        return self._call(super().clear, False)
