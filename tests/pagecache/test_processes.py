"""Never stale across processes: two servers share the database and the cache, and a change made
in a third process shows on the next request to either (issue 9).

On the embedded default they share an SQLite file and the disk cache; in the scale-out run
(DATABASE_URL=postgres://…, CACHE_URL=redis://…) a database of their own and Redis.
"""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
FLAGSHIP = "/news/all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_database(tmp_path):
    """Environment for a database the servers may fill: an SQLite file, or a fresh PostgreSQL database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return {"SQLITE_PATH": str(tmp_path / "db.sqlite3")}, lambda: None
    import psycopg

    base, name = url.rsplit("/", 1)
    scratch = f"{name}_processes"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        connection.execute(f'CREATE DATABASE "{scratch}"')

    def drop():
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')

    return {"DATABASE_URL": f"{base}/{scratch}"}, drop


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("processes")
    database, drop = scratch_database(tmp_path)
    cache_url = os.environ.get("CACHE_URL", "")
    cache = (
        {"CACHE_URL": cache_url}
        if cache_url.startswith("redis")
        else {"CACHE_URL": f"disk://{tmp_path}/cache"}
    )
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))},
        **database,
        **cache,
        # Its own key space in a shared Redis, so the suite's other tests and these never meet.
        "CACHE_KEY_PREFIX": f"processes-{secrets.token_hex(4)}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "aouad_site.settings",
        "COMMENTS_MIN_SECONDS": "0",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "-v0"], ["load_demo", "-v0"]):
        subprocess.run([*manage, *command], env=env, cwd=ROOT, check=True, capture_output=True, timeout=300)
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            wait_for(f"http://127.0.0.1:{port}/healthz")
        yield {"urls": [f"http://127.0.0.1:{port}" for port in ports], "env": env, "manage": manage}
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        drop()


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def get(url, host=None):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


def run_in_another_process(servers, code):
    """Change something the way an editor's or moderator's process would: not in either server."""
    subprocess.run(
        [*servers["manage"], "shell", "-c", code],
        env=servers["env"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )


def warm(servers, path):
    for base in servers["urls"]:
        get(base + path)
        assert get(base + path)[0] == "hit", (base, path)


def test_an_edit_in_one_process_shows_on_the_next_request_to_every_other(servers):
    warm(servers, FLAGSHIP)
    warm(servers, "/news/")
    run_in_another_process(
        servers,
        "from articles.models import Article\n"
        f"a = Article.objects.get(slug='{FLAGSHIP.split('/')[2]}')\n"
        "a.title = 'Season 2: the date is set'\n"
        "a.save()\n",
    )
    for base in servers["urls"]:
        for path in (FLAGSHIP, "/news/"):
            state, html = get(base + path)
            assert state == "miss", (base, path)
            assert "Season 2: the date is set" in html, (base, path)


def test_a_comment_approved_in_one_process_shows_in_every_other(servers):
    warm(servers, FLAGSHIP)
    run_in_another_process(
        servers,
        "from comments import lifecycle\n"
        "from comments.models import Comment\n"
        "from articles.models import Article\n"
        f"article = Article.objects.get(slug='{FLAGSHIP.split('/')[2]}')\n"
        "comment = lifecycle.post(Comment(article=article, name='Seo-yeon', email='seo@example.com',\n"
        "    body='Approved somewhere else.'))\n"
        "lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)\n",
    )
    for base in servers["urls"]:
        state, html = get(base + FLAGSHIP)
        assert state == "miss"
        assert "Approved somewhere else." in html


def test_a_show_edit_reaches_the_fact_box_cached_by_another_process(servers):
    warm(servers, FLAGSHIP)
    run_in_another_process(
        servers,
        "from shows.models import WatchProvider\n"
        "p = WatchProvider.objects.get(slug='netflix')\n"
        "p.name = 'Netflix (worldwide)'\n"
        "p.save()\n",
    )
    for base in servers["urls"]:
        assert "Netflix (worldwide)" in get(base + FLAGSHIP)[1]


def test_the_servers_really_share_one_cache(servers):
    """Guards the tests above: a page stored by one server is a hit on the other (for the same
    public host name: pages hold absolute links, so each host has its own copies)."""
    first, second = servers["urls"]
    run_in_another_process(servers, "from pagecache.store import bump\nbump('site')\n")
    assert get(first + "/shows/", host="localhost:8000")[0] == "miss"
    assert get(second + "/shows/", host="localhost:8000")[0] == "hit"
