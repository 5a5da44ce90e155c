"""The shared caches stay cheap to call: clients and connections are kept, not rebuilt per call."""

import time

import pytest
import redis as redis_py
from django.conf import settings
from django.core.cache import cache

from core.cache import TRACKED_MAX_AGE, RedisCache, TrackedReads


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


# Tracked reads: values this process holds while Redis says they are current (CLIENT TRACKING).
on_redis = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "core.cache.RedisCache", reason="runs on Redis (CACHE_URL)"
)


@pytest.fixture
def tracked_pair(request):
    """This process's cache, and another client that writes the way another process would: its
    writes reach this process only through Redis's invalidations."""
    url = settings.CACHES["default"]["LOCATION"]
    prefix = f"tracked-{request.node.name}"
    mine = RedisCache(url, {"KEY_PREFIX": prefix})
    mine._tracked = TrackedReads(url, TRACKED_MAX_AGE)  # its own connection, not the process's
    theirs = RedisCache(url, {"KEY_PREFIX": prefix, "TRACKED_READS": False})
    yield mine, theirs
    mine._tracked._drop_connection()
    theirs.delete_many(["a", "b"])


def commands_sent(monkeypatch, tracked):
    """The commands the tracked connection sends from now on."""
    sent = []
    connection = tracked._connection()
    real_send = connection.send_command

    def send(*args, **kwargs):
        sent.append(args[0])
        return real_send(*args, **kwargs)

    monkeypatch.setattr(connection, "send_command", send)
    return sent


def settled(other):
    """One more round trip for the writer: Redis has ended the turn that held its write, and sent
    that turn's invalidations (as a process answering its own request would have by then)."""
    other._cache.get_client().ping()


@on_redis
def test_a_held_value_is_read_without_asking_redis_until_another_process_changes_it(
    tracked_pair, monkeypatch
):
    mine, theirs = tracked_pair
    theirs.set_many({"a": "one", "b": "two"}, None)
    assert mine.get_many_tracked(["a", "b", "missing"]) == {"a": "one", "b": "two"}
    sent = commands_sent(monkeypatch, mine._tracked)
    for _ in range(5):
        assert mine.get_many_tracked(["a", "b"]) == {"a": "one", "b": "two"}
    assert sent == []

    theirs.set("a", "changed", None)
    settled(theirs)
    assert mine.get_many_tracked(["a", "b"]) == {"a": "changed", "b": "two"}
    assert sent == ["MGET"]  # only the changed key was asked for again

    theirs.delete("b")
    settled(theirs)
    assert mine.get_many_tracked(["a", "b"]) == {"a": "changed"}


@on_redis
def test_a_flushed_database_drops_everything_held(tracked_pair):
    mine, theirs = tracked_pair
    theirs.set("a", "one", None)
    assert mine.get_many_tracked(["a"]) == {"a": "one"}
    theirs._cache.get_client().flushdb()
    settled(theirs)
    assert mine.get_many_tracked(["a"]) == {}


@on_redis
def test_this_process_writes_drop_their_keys_at_once_without_waiting_for_redis(tracked_pair, monkeypatch):
    mine, theirs = tracked_pair
    mine.set("a", "one", None)
    assert mine.get_many_tracked(["a"]) == {"a": "one"}
    # Invalidations ignored: what is left is the write's own forgetting.
    monkeypatch.setattr(mine._tracked, "_invalidated", lambda push: None)
    for write, expected in [
        (lambda: mine.set("a", "two", None), {"a": "two"}),
        (lambda: mine.set_many({"a": "three"}, None), {"a": "three"}),
        (lambda: mine.delete("a"), {}),
        (lambda: mine.add("a", "four", None), {"a": "four"}),
        (lambda: mine.delete_many(["a"]), {}),
        (lambda: mine.set("a", 1, None) or mine.incr("a"), {"a": 2}),
        (lambda: mine.clear(), {}),
    ]:
        mine.get_many_tracked(["a"])  # held before the write
        write()
        assert mine.get_many_tracked(["a"]) == expected


@on_redis
def test_a_closed_connection_is_made_again_and_serves_nothing_it_held(tracked_pair):
    mine, theirs = tracked_pair
    theirs.set("a", "one", None)
    assert mine.get_many_tracked(["a"]) == {"a": "one"}
    client = theirs._cache.get_client()
    tracked_ids = [c["id"] for c in client.client_list() if c["name"] == mine._tracked.CLIENT_NAME]
    assert tracked_ids
    for client_id in tracked_ids:
        client.client_kill_filter(_id=client_id)
    # Changed while nobody tracked it for this process: no invalidation will ever come.
    theirs.set("a", "two", None)
    assert mine.get_many_tracked(["a"]) == {"a": "two"}


@on_redis
def test_a_held_value_is_asked_again_after_its_maximum_age(tracked_pair, monkeypatch):
    mine, theirs = tracked_pair
    theirs.set("a", "one", None)
    assert mine.get_many_tracked(["a"]) == {"a": "one"}
    sent = commands_sent(monkeypatch, mine._tracked)
    real_monotonic = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real_monotonic() + mine._tracked.max_age)
    assert mine.get_many_tracked(["a"]) == {"a": "one"}
    assert sent == ["MGET"]


@on_redis
def test_a_forked_process_makes_its_own_connection_and_holds_nothing_from_its_parent(
    tracked_pair, monkeypatch
):
    mine, theirs = tracked_pair
    theirs.set("a", "one", None)
    assert mine.get_many_tracked(["a"]) == {"a": "one"}
    parents = mine._tracked.connection
    monkeypatch.setattr(mine._tracked, "pid", -1)  # as a child sees its parent's pid
    assert mine.get_many_tracked(["a"]) == {"a": "one"}
    assert mine._tracked.connection is not parents
    assert parents.is_connected  # the parent's socket was left to the parent
    parents.disconnect()


@on_redis
def test_a_server_that_cannot_track_is_read_as_before(tracked_pair, monkeypatch):
    mine, theirs = tracked_pair
    real_send = redis_py.Connection.send_command

    def refuse_tracking(connection, *args, **kwargs):
        if args[:2] == ("CLIENT", "TRACKING"):
            args = ("NO-SUCH-COMMAND",)
        return real_send(connection, *args, **kwargs)

    monkeypatch.setattr(redis_py.Connection, "send_command", refuse_tracking)
    theirs.set("a", "one", None)
    assert mine.get_many_tracked(["a", "missing"]) == {"a": "one"}
    assert mine._tracked.supported is False
    theirs.set("a", "two", None)
    assert mine.get_many_tracked(["a"]) == {"a": "two"}


def test_tracked_reads_can_be_turned_off():
    backend = RedisCache("redis://127.0.0.1:6379/0", {"TRACKED_READS": False})
    assert backend._tracked is None
    assert RedisCache("redis://127.0.0.1:6379/0", {})._tracked is not None


@on_redis
def test_values_past_their_age_are_dropped_once_many_are_held(tracked_pair, monkeypatch):
    mine, theirs = tracked_pair
    tracked = mine._tracked
    monkeypatch.setattr(tracked, "MAX_HELD", 2)
    theirs.set_many({"a": 1, "b": 2}, None)
    assert mine.get_many_tracked(["a", "b"]) == {"a": 1, "b": 2}
    real_monotonic = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real_monotonic() + tracked.max_age)
    theirs.set("c", 3, None)
    assert mine.get_many_tracked(["c"]) == {"c": 3}
    assert len(tracked.values) == 1  # a and b were past their age; c was just read
    theirs.delete("c")


def test_the_tracked_connection_has_the_caches_socket_timeouts(monkeypatch):
    """A Redis that stops answering fails a tracked read after the same timeouts as any other."""
    backend = RedisCache(
        "redis://127.0.0.1:6379/0", {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.25}}
    )
    made = []

    class Pool:
        def make_connection(self):
            raise redis_py.ConnectionError("not connecting in this test")

    def from_url(url, **kwargs):
        made.append(kwargs)
        return Pool()

    monkeypatch.setattr(redis_py.ConnectionPool, "from_url", from_url)
    with pytest.raises(redis_py.ConnectionError):
        backend._tracked._connection()
    assert made[0]["socket_connect_timeout"] == 0.5 and made[0]["socket_timeout"] == 0.25
    assert made[0]["protocol"] == 3
