"""A reproducible load check: `make loadtest` (SQLite) or `make loadtest DATABASE_URL=… CACHE_URL=…`.

Starts the site (gunicorn, several workers) on 127.0.0.1 against a throwaway database and cache
filled with the demo content, posts comments from many concurrent clients while others read
pages, then checks that every accepted comment is stored exactly once, that no request was
answered 5xx, and that the server never logged "database is locked". Prints the figures and
exits non-zero when a check fails.

Only 127.0.0.1 is ever contacted; the number of requests and the time are bounded.
With DATABASE_URL the database it names is dropped and made again: give it a name of its own.
"""

import argparse
import collections
import http.client
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
BODY_PREFIX = "Load test comment"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def scratch_environment(workdir):
    """The server's environment: a throwaway database and cache, and the load-test settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith("postgres"):
        import psycopg

        base, name = database_url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(workdir / "load.sqlite3")
    cache_url = os.environ.get("CACHE_URL", "")
    env["CACHE_URL"] = cache_url if cache_url.startswith("redis") else f"disk://{workdir}/cache"
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "aouad_site.settings",
            "CACHE_KEY_PREFIX": f"loadtest-{secrets.token_hex(4)}",
            "MEDIA_ROOT": str(workdir / "media"),
            # aouad_site/settings.py: lifts the comment flood limits, for this run only.
            "LOADTEST": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def start_server(env, port, log):
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    bind = f"{HOST}:{port}"
    if (ROOT / "gunicorn.conf.py").exists():
        command = [gunicorn, "-c", str(ROOT / "gunicorn.conf.py"), "--bind", bind, "aouad_site.wsgi"]
    else:
        command = [gunicorn, "--workers", "3", "--threads", "4", "--timeout", "60", "--bind", bind]
        command.append("aouad_site.wsgi")
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)


def wait_for(port, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            status, _headers, _body = request(port, "GET", "/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("The server did not answer /healthz in time.")


def request(port, method, path, body=None, headers=None, timeout=60):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class Figures:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.read_statuses = collections.Counter()
        self.post_times, self.read_times = [], []
        self.accepted, self.refused, self.errors = [], [], []

    def post(self, body, status, seconds):
        with self.lock:
            self.statuses[status] += 1
            self.post_times.append(seconds)
            (self.accepted if status == 302 else self.refused).append(body)

    def read(self, status, seconds):
        with self.lock:
            self.read_statuses[status] += 1
            self.read_times.append(seconds)


def post_one(port, article_id, number, figures):
    """What a browser does: fetch a fresh CSRF token and form timestamp, then post the form."""
    status, headers, payload = request(port, "GET", "/comments/form-token/")
    if status != 200:
        figures.post(None, status, 0)
        return
    token = json.loads(payload)
    cookie = "; ".join(
        part.split(";", 1)[0] for part in headers.get_all("Set-Cookie") or [] if part.startswith("csrftoken=")
    )
    body = f"{BODY_PREFIX} {number} {secrets.token_hex(6)}"
    form = urllib.parse.urlencode(
        {
            "body": body,
            "name": f"Reader {number}",
            "email": f"load{number}-{secrets.token_hex(3)}@example.com",
            "timestamp": token["timestamp"],
            "csrfmiddlewaretoken": token["csrf_token"],
        }
    )
    started = time.perf_counter()
    status, _headers, _payload = request(
        port,
        "POST",
        f"/comments/post/{article_id}/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Referer": f"http://{HOST}:{port}/",
        },
    )
    figures.post(body, status, time.perf_counter() - started)


def writer(port, article_ids, numbers, figures, deadline):
    for number in numbers:
        if time.monotonic() > deadline:
            return
        try:
            post_one(port, article_ids[number % len(article_ids)], number, figures)
        except OSError as error:
            with figures.lock:
                figures.errors.append(repr(error))


def reader(port, paths, figures, stop, deadline):
    number = 0
    while not stop.is_set() and time.monotonic() < deadline:
        path = paths[number % len(paths)]
        number += 1
        started = time.perf_counter()
        try:
            status, _headers, _body = request(port, "GET", path)
        except OSError as error:
            with figures.lock:
                figures.errors.append(repr(error))
            continue
        figures.read(status, time.perf_counter() - started)


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


STORED_BODIES = (
    "import json\n"
    "from comments.models import Comment\n"
    f"print(json.dumps(list(Comment.objects.filter(body__startswith='{BODY_PREFIX}')"
    ".values_list('body', flat=True))))\n"
)
ARTICLES = (
    "import json\n"
    "from articles.models import Article\n"
    "print(json.dumps([[a.pk, a.get_absolute_url()] for a in Article.objects.published()"
    ".filter(comments_enabled=True)]))\n"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--writers", type=int, default=32)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--max-seconds", type=int, default=900, help="stop posting and reading after this")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="aouad-loadtest-"))
    env = scratch_environment(workdir)
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    cache = "Redis" if env["CACHE_URL"].startswith("redis") else "disk cache"
    print(f"Preparing a throwaway {database} database and {cache} with the demo content…", flush=True)
    manage(env, "migrate", "-v0")
    manage(env, "load_demo", "-v0")
    articles = json.loads(manage(env, "shell", "-c", ARTICLES).strip().splitlines()[-1])
    article_ids = [pk for pk, _url in articles]
    paths = ["/", "/news/", *(url for _pk, url in articles), "/comments/feed/"]

    port = free_port()
    log_path = workdir / "server.log"
    with open(log_path, "wb") as log:
        server = start_server(env, port, log)
        try:
            wait_for(port)
            figures = Figures()
            deadline = time.monotonic() + options.max_seconds
            stop = threading.Event()
            readers = [
                threading.Thread(target=reader, args=(port, paths, figures, stop, deadline))
                for _ in range(options.readers)
            ]
            writers = [
                threading.Thread(
                    target=writer,
                    args=(port, article_ids, range(n, options.posts, options.writers), figures, deadline),
                )
                for n in range(options.writers)
            ]
            print(
                f"Posting {options.posts} comments from {options.writers} clients while {options.readers} "
                f"read, on http://{HOST}:{port}/ …",
                flush=True,
            )
            started = time.perf_counter()
            for thread in [*readers, *writers]:
                thread.start()
            for thread in writers:
                thread.join()
            elapsed = time.perf_counter() - started
            stop.set()
            for thread in readers:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=60)
    stored = collections.Counter(
        json.loads(manage(env, "shell", "-c", STORED_BODIES).strip().splitlines()[-1])
    )
    server_log = log_path.read_text(errors="replace")

    problems = []
    posted = sum(figures.statuses.values())
    if posted != options.posts:
        problems.append(f"only {posted} of {options.posts} posts were answered in time")
    server_errors = sum(
        n for status, n in [*figures.statuses.items(), *figures.read_statuses.items()] if status >= 500
    )
    if server_errors:
        problems.append(f"{server_errors} answers were 5xx")
    if figures.errors:
        problems.append(f"{len(figures.errors)} connections failed, e.g. {figures.errors[0]}")
    missing = [body for body in figures.accepted if stored[body] == 0]
    doubled = [body for body, count in stored.items() if count > 1]
    stored_refused = [body for body in figures.refused if body and stored[body]]
    if missing:
        problems.append(f"{len(missing)} accepted comments were not stored")
    if doubled:
        problems.append(f"{len(doubled)} comments were stored more than once")
    if stored_refused:
        problems.append(f"{len(stored_refused)} refused comments were stored anyway")
    locked = server_log.lower().count("database is locked")
    if locked:
        problems.append(f'the server logged "database is locked" {locked} time(s)')
    tracebacks = server_log.count("Traceback (most recent call last)")
    if tracebacks:
        problems.append(f"the server logged {tracebacks} traceback(s)")

    reads = sum(figures.read_statuses.values())
    print(f"Database: {database}; cache: {cache}; server log: {log_path}")
    print(f"Posts:  {posted} in {elapsed:.1f} s ({posted / elapsed:.1f}/s); answers {dict(figures.statuses)}")
    print(
        f"        latency median {statistics.median(figures.post_times or [0]) * 1000:.0f} ms, "
        f"p95 {percentile(figures.post_times, 0.95) * 1000:.0f} ms, max {max(figures.post_times or [0]) * 1000:.0f} ms"
    )
    print(f"Reads:  {reads} ({reads / elapsed:.1f}/s); answers {dict(figures.read_statuses)}")
    print(
        f"        latency median {statistics.median(figures.read_times or [0]) * 1000:.0f} ms, "
        f"p95 {percentile(figures.read_times, 0.95) * 1000:.0f} ms"
    )
    print(
        f"Stored: {sum(stored.values())} comments for {len(figures.accepted)} accepted posts "
        f"(missing {len(missing)}, doubled {len(doubled)}); 'database is locked': {locked}"
    )
    if problems:
        print("FAILED: " + "; ".join(problems))
        return 1
    print("OK: every accepted comment stored exactly once, no 5xx, no 'database is locked'.")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
