import datetime
import subprocess
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

# The instant the clock stops at: fixed, so every run (fast or slow, any day) sees the same edges.
# Microseconds on purpose: the admin's form drops them, and tests must notice.
FROZEN_AT = datetime.datetime(2026, 5, 12, 9, 30, 15, 250000, tzinfo=datetime.UTC)


class Clock:
    """The one clock for tests with dates: stopped at FROZEN_AT, and moved only when a test says so."""

    def __init__(self, traveller):
        self._traveller = traveller

    @property
    def now(self):
        return timezone.now()

    @property
    def yesterday(self):
        return self.ago(days=1)

    @property
    def tomorrow(self):
        return self.ahead(days=1)

    def ago(self, **kwargs):
        return self.now - datetime.timedelta(**kwargs)

    def ahead(self, **kwargs):
        return self.now + datetime.timedelta(**kwargs)

    def advance(self, **kwargs):
        """Let time pass (no sleeping): what was scheduled within it is now in the past."""
        self._traveller.shift(datetime.timedelta(**kwargs))

    def move_to(self, moment):
        self._traveller.move_to(moment)


@pytest.fixture
def clock():
    """Time stands still at FROZEN_AT for the test (the test client's requests included). Request it
    before fixtures that create dated objects, or use ``pytestmark = pytest.mark.usefixtures("clock")``.
    Browser tests must not: their live server and Chromium need a running clock."""
    with time_machine.travel(FROZEN_AT, tick=False) as traveller:
        yield Clock(traveller)


@pytest.fixture(autouse=True)
def _isolated_media_and_static(settings, tmp_path):
    """Uploaded and generated images go to a throwaway folder; static files need no manifest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Pages, their tags' tokens, flood and report limits live in the cache: every test starts
    with none, as a fresh site would."""
    from django.core.cache import cache

    from pagecache import store

    def fresh():
        cache.clear()
        store.memory.clear()
        store.fragment_memory.clear()
        store._paused_until = store._last_warning = 0.0  # a cache a test took down answers again

    fresh()
    yield
    fresh()


@pytest.fixture(scope="session")
def reader_css():
    """static/css/reader.css, the stylesheet every reader page links: built (bin/build-css), not
    committed, so a bare `pytest` builds it when its sources changed, as `make test` does."""
    root = Path(__file__).resolve().parent.parent
    built = subprocess.run([root / "bin" / "build-css"], capture_output=True, text=True, timeout=300)
    if built.returncode != 0:
        pytest.fail(f"bin/build-css failed: {built.stderr}")
    return root / "static" / "css" / "reader.css"
