"""The PostgreSQL backend's health check: no round trip for a connection the server has not closed,
and a fresh connection, not a failed request, for one it has."""

import time

import psycopg
import pytest
from django.db import connection, connections

from core.postgresql.base import _has_something_to_read

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
