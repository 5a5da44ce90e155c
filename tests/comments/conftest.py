import time

import pytest
from django.core.cache import cache

from comments.protection import sign_timestamp


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Flood and report limits live in the cache: every test starts with none recorded."""
    cache.clear()
    yield
    cache.clear()


def shown_a_minute_ago():
    """The signed timestamp of a form shown a minute ago: neither too fast nor expired."""
    return sign_timestamp(time.time() - 60)
