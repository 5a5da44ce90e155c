"""The shared caches: diskcache's SQLite files (the embedded default) and Redis, both kept cheap to call."""

from diskcache import DjangoCache
from django.core.cache.backends import redis as redis_backend


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
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
