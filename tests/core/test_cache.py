"""The shared caches stay cheap to call: clients and connections are kept, not rebuilt per call."""

import pytest
import redis as redis_py
from django.conf import settings
from django.core.cache import cache

from core.cache import RedisCache


def test_the_redis_cache_builds_one_client_per_server_not_one_per_call(monkeypatch):
    built = []
    real_init = redis_py.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(redis_py.Redis, "__init__", counting_init)
    backend = RedisCache("redis://127.0.0.1:6379/0", {})  # no connection is made until a command
    clients = {id(backend._cache.get_client("k")) for _ in range(5)}
    clients |= {id(backend._cache.get_client("k", write=True)) for _ in range(5)}
    assert len(clients) == 1
    assert len(built) == 1


@pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "core.cache.RedisCache", reason="runs on Redis (CACHE_URL)"
)
def test_the_kept_redis_client_reads_and_writes_like_djangos():
    cache.set("kept-client", {"a": 1}, 30)
    assert cache.get("kept-client") == {"a": 1}
    assert cache.get_many(["kept-client", "missing"]) == {"kept-client": {"a": 1}}
    assert cache.add("kept-client", "other") is False
    assert cache.incr(cache.set("counter", 1) or "counter") == 2
    cache.delete_many(["kept-client", "counter"])
    assert cache.get("kept-client") is None
