"""The shared caches: diskcache's SQLite files (the embedded default) and Redis, both kept cheap to call."""

import logging
import os
import sqlite3
import threading
import time

import diskcache
import redis
from diskcache import DjangoCache
from django.core.cache.backends import redis as redis_backend

logger = logging.getLogger(__name__)

# What the shared cache raises when it cannot answer: Redis down or timing out, the disk cache's
# files unreadable or locked past its timeout.
UNREACHABLE = (
    redis.ConnectionError,
    redis.TimeoutError,
    OSError,
    sqlite3.OperationalError,
    diskcache.Timeout,
)


class DiskCache(DjangoCache):
    """Django closes every cache when a request ends; diskcache's close() drops its SQLite
    connections, so each request would connect again and replay diskcache's set-up statements,
    which measured as most of a page-cache hit. Its connections are per thread and made afresh
    in a forked process (diskcache compares the process id), so keeping them open is safe."""

    def close(self, **kwargs):
        pass


class RedisCacheClient(redis_backend.RedisCacheClient):
    """Django builds a new redis-py client for every cache call, and a client's constructor fills
    a table of some 170 response callbacks: about 0.2 ms of CPU, most of a page-cache hit's own
    cost on Redis. A client holds no connection of its own (its pool does, and is thread-safe),
    so one per pool is kept. Django gives each thread its own cache object, this included."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis_backend.RedisCache):
    """``get_many_tracked`` reads through this process's ``TrackedReads`` (unless the setting
    ``TRACKED_READS`` is False); every write drops its keys from them."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        timeouts = {name: value for name, value in self._options.items() if name in SOCKET_TIMEOUTS}
        self._tracked = (
            tracked_reads(self._servers[0], timeouts) if params.get("TRACKED_READS", True) else None
        )

    def get_many_tracked(self, keys, version=None):
        """As ``get_many``, from values this process holds while Redis says they are current."""
        if self._tracked is None:
            return self.get_many(keys, version=version)
        key_map = {self.make_and_validate_key(key, version=version): key for key in keys}
        found = self._tracked.get_many(list(key_map), self._cache._serializer.loads)
        if found is None:
            return self.get_many(keys, version=version)
        return {key_map[key]: value for key, value in found.items()}

    def _forget(self, keys, version):
        if self._tracked is not None:
            self._tracked.forget([self.make_and_validate_key(key, version=version) for key in keys])

    def add(self, key, value, timeout=redis_backend.DEFAULT_TIMEOUT, version=None):
        added = super().add(key, value, timeout, version)
        self._forget([key], version)
        return added

    def set(self, key, value, timeout=redis_backend.DEFAULT_TIMEOUT, version=None):
        super().set(key, value, timeout, version)
        self._forget([key], version)

    def set_many(self, data, timeout=redis_backend.DEFAULT_TIMEOUT, version=None):
        failed = super().set_many(data, timeout, version)
        self._forget(data, version)
        return failed

    def incr(self, key, delta=1, version=None):
        value = super().incr(key, delta, version)
        self._forget([key], version)
        return value

    def delete(self, key, version=None):
        deleted = super().delete(key, version)
        self._forget([key], version)
        return deleted

    def delete_many(self, keys, version=None):
        keys = list(keys)
        super().delete_many(keys, version)
        self._forget(keys, version)

    def clear(self):
        cleared = super().clear()
        if self._tracked is not None:
            self._tracked.forget_all()
        return cleared


# A value is asked of Redis again after this many seconds even when no invalidation came.
TRACKED_MAX_AGE = 1.0
SOCKET_TIMEOUTS = ("socket_connect_timeout", "socket_timeout")
_tracked_reads = {}
_tracked_reads_lock = threading.Lock()


def tracked_reads(url, timeouts=None):
    key = (url, tuple(sorted((timeouts or {}).items())))
    with _tracked_reads_lock:
        if key not in _tracked_reads:
            _tracked_reads[key] = TrackedReads(url, TRACKED_MAX_AGE, timeouts)
        return _tracked_reads[key]


class TrackedReads:
    """What this process read from Redis through one connection that Redis tracks (``CLIENT
    TRACKING`` over RESP3), kept in memory until Redis says the key changed.

    Redis remembers the keys a tracked connection has read, and when any client changes, deletes,
    evicts or expires one, or flushes the database, it queues an invalidation for that connection
    in the same turn of its event loop as the writer's reply, and sends both as that turn ends: by
    the time the writer's process has answered its own request, the invalidation is on every other
    process's socket. Each read here first takes in what waits there (a poll, no round trip), and
    only keys not held are asked for, in one ``MGET`` on the tracked connection. This process's own
    writes drop their keys at once (``RedisCache``), without waiting for the push. A closed
    connection drops everything. Each value is asked again after ``max_age`` seconds, so that a
    link that stopped delivering without closing (a half-open TCP connection to a remote Redis)
    cannot serve old values for longer than that.

    One per process and server, shared by its threads; made again in a forked child.
    """

    CLIENT_NAME = "aouad-tracked-reads"  # as CLIENT LIST shows it
    MAX_HELD = 4096  # values held before those past their age are dropped

    def __init__(self, url, max_age, timeouts=None):
        self.url, self.max_age, self.timeouts = url, max_age, timeouts or {}
        self.lock = threading.Lock()
        self.values = {}  # key -> (value, read at, on time.monotonic())
        self.connection = None
        self.pid = os.getpid()
        self.supported = True

    def get_many(self, keys, loads):
        """``{key: value}`` for the keys that exist; ``loads`` turns what Redis holds into a value.
        None when this server cannot track (before Redis 6): then ask Redis as usual."""
        with self.lock:
            try:
                return self._get_many(keys, loads) if self.supported else None
            except redis.ConnectionError:
                # Closed since the last read (Redis restarted, or an idle client timed out): once more
                # on a new connection, which starts with nothing held.
                self._drop_connection()
            try:
                return self._get_many(keys, loads)
            except Exception:
                self._drop_connection()
                raise

    def forget(self, keys):
        with self.lock:
            for key in keys:
                self.values.pop(key, None)

    def forget_all(self):
        with self.lock:
            self.values.clear()

    def _get_many(self, keys, loads):
        connection = self._connection()
        if connection is None:
            return None
        while connection.can_read(timeout=0):
            connection.read_response(push_request=True)
        now = time.monotonic()
        found, missing = {}, []
        for key in keys:
            held = self.values.get(key)
            if held is not None and now - held[1] < self.max_age:
                found[key] = held[0]
            else:
                missing.append(key)
        if missing:
            # Invalidations that arrive before the reply are for writes the reply already shows.
            connection.send_command("MGET", *missing)
            for key, stored in zip(missing, connection.read_response(), strict=True):
                if stored is None:
                    self.values.pop(key, None)
                else:
                    found[key] = loads(stored)
                    self.values[key] = (found[key], now)
            if len(self.values) > self.MAX_HELD:
                # A crawler reading every page's tags: what is past its age is never served again.
                self.values = {key: held for key, held in self.values.items() if now - held[1] < self.max_age}
        return found

    def _connection(self):
        if self.pid != os.getpid():
            # The parent's socket is the parent's: forget it without closing it.
            self.connection, self.pid = None, os.getpid()
            self.values.clear()
        if self.connection is None:
            self.values.clear()
            connection = redis.ConnectionPool.from_url(
                self.url, protocol=3, client_name=self.CLIENT_NAME, **self.timeouts
            ).make_connection()
            try:
                connection.connect()  # HELLO 3: Redis 6 and later
                connection._parser.set_invalidation_push_handler(self._invalidated)
                connection.send_command("CLIENT", "TRACKING", "ON")
                connection.read_response()
            except redis.ResponseError:
                connection.disconnect()
                self.supported = False
                logger.warning("Redis at %s cannot track reads: each read asks it again", self.url)
                return None
            self.connection = connection
        return self.connection

    def _invalidated(self, push):
        # [b"invalidate", [key, ...]], or [b"invalidate", None] when the database was flushed.
        keys = push[1]
        if keys is None:
            self.values.clear()
        else:
            for key in keys:
                self.values.pop(key.decode() if isinstance(key, bytes) else key, None)

    def _drop_connection(self):
        self.values.clear()
        if self.connection is not None:
            try:
                self.connection.disconnect()
            finally:
                self.connection = None
