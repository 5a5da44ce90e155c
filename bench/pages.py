"""Print how fast each public page renders on the demo content: `make bench`.

Figures only; nothing here passes or fails. Runs in-process through Django's test
client against a throwaway SQLite copy, so it measures our code, not the network.
"""

import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
workdir = tempfile.mkdtemp(prefix="aouad-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aouad_site.settings")
os.environ.setdefault("SQLITE_PATH", os.path.join(workdir, "bench.sqlite3"))
os.environ.setdefault("MEDIA_ROOT", os.path.join(workdir, "media"))
os.environ.setdefault("CACHE_URL", f"disk://{os.path.join(workdir, 'cache')}")
# Rendering is what this measures: with the page cache on, every round after the first is a hit
# (bench/http_pages.py measures those, through gunicorn).
os.environ.setdefault("PAGE_CACHE", "0")
# Measure production settings: no DEBUG query log, no template debug.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")  # production refuses to start without one

import django  # noqa: E402
import django.conf  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from articles.models import Article  # noqa: E402
from shows.models import Person, Season, Show  # noqa: E402

# WhiteNoise notes that collectstatic has not run; the bench does not serve static files.
warnings.filterwarnings("ignore", "No directory at")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "200"))


def count_queries(client, url):
    executed = []

    def record(execute, sql, *args):
        executed.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(record):
        assert client.get(url).status_code == 200, url
    return executed


def main():
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    client = Client()
    show = Show.objects.first()
    pages = {
        "home": "/",
        "news list": "/news/",
        "article": Article.objects.published().first().get_absolute_url(),
        "shows": "/shows/",
        "show": show.get_absolute_url(),
        "season": Season.objects.filter(show=show).last().get_absolute_url(),
        "person": Person.objects.first().get_absolute_url(),
        "healthz": "/healthz",
    }
    print(f"{'page':<12} {'queries':>7} {'median ms':>10} {'p95 ms':>8} {'req/s':>8}   ({ROUNDS} rounds)")
    for name, url in pages.items():
        queries = count_queries(client, url)
        timings = []
        for _ in range(ROUNDS):
            start = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(f"{name:<12} {len(queries):>7} {median:>10.2f} {p95:>8.2f} {1000 / median:>8.0f}")


if __name__ == "__main__":
    # Collected, hashed static files are a deployment step; the pages are what we measure.
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**django.conf.settings.STORAGES, "staticfiles": plain_static}):
        main()
