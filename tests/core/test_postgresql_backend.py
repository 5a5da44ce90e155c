"""The PostgreSQL backend: a health check with no round trip for a connection the server has not
closed, a fresh connection (not a failed request) for one it has, and moments read by psycopg's
compiled loader."""

import datetime
import time
import zoneinfo

import psycopg
import pytest
from django.db import connection, connections
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg.pq import Format

from core.postgresql.base import TIMESTAMPTZ, DatabaseWrapper, _has_something_to_read

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend's own check"),
]


@pytest.fixture
def kept():
    """A connection of its own, kept between requests as CONN_MAX_AGE keeps them."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def new_request(wrapper):
    wrapper.health_check_done = False  # as at the end of each request (close_if_unusable_or_obsolete)
    wrapper.close_if_health_check_failed()


def test_a_kept_connection_is_checked_without_a_round_trip(kept, monkeypatch):
    assert kept.health_check_enabled
    raw = kept.connection
    monkeypatch.setattr(raw, "cursor", lambda *a, **k: pytest.fail("the health check asked the server"))
    new_request(kept)
    assert kept.connection is raw


def test_a_connection_the_server_closed_is_replaced_before_the_request_uses_it(kept):
    closed = kept.connection
    params = {**closed.info.get_parameters(), "password": None}
    params = {key: value for key, value in params.items() if value is not None}
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [closed.info.backend_pid])
    # The server's goodbye (an error, then the socket closing) may take a moment to arrive.
    deadline = time.monotonic() + 5
    while not _has_something_to_read(closed.fileno()) and time.monotonic() < deadline:
        time.sleep(0.01)

    new_request(kept)

    assert kept.connection is None  # closed, so the request connects afresh
    with kept.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


MOMENTS = [
    datetime.datetime(2022, 1, 28, 0, 0, tzinfo=datetime.UTC),
    datetime.datetime(2026, 11, 30, 23, 59, 59, 999999, tzinfo=datetime.UTC),
    datetime.datetime(1899, 12, 31, 12, 30, 15, 5, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 29, 1, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Seoul")),
]


def read_back(wrapper, moments):
    with wrapper.cursor() as cursor:
        cursor.execute(
            "SELECT moment FROM unnest(%s::timestamptz[]) WITH ORDINALITY AS t(moment, n) ORDER BY n",
            [moments],
        )
        return [row[0] for row in cursor.fetchall()]


def test_moments_are_read_by_psycopgs_own_loader_in_utc(kept):
    loader = kept.connection.adapters.get_loader(TIMESTAMPTZ, Format.TEXT)
    assert not issubclass(loader, BaseTzLoader), "Django's Python loader, 15 times slower, is back"
    found = read_back(kept, MOMENTS)
    assert found == MOMENTS
    assert all(moment.tzinfo is datetime.UTC for moment in found)


def test_a_database_in_another_time_zone_keeps_djangos_loader():
    wrapper = DatabaseWrapper({**connection.settings_dict, "TIME_ZONE": "Asia/Seoul"}, "default")
    try:
        assert not wrapper.reads_utc
        found = read_back(wrapper, MOMENTS)
        assert found == MOMENTS
        assert {str(moment.tzinfo) for moment in found} == {"Asia/Seoul"}
    finally:
        wrapper.close()
