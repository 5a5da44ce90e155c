"""`make run` serves like production: bin/serve, the very script it runs, started on a free port.

Everything it writes goes to a temporary folder (VAR_DIR: database, disk cache, secret key; MEDIA_ROOT;
STATIC_ROOT), so the checkout is left as it was. Two starts, a few seconds each.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVE = ROOT / "bin" / "serve"
SASS = ROOT / "node_modules" / ".bin" / "sass"
PASSWORD = "production-test-password"
# Variables of the caller's that would change what bin/serve does.
CLEARED = ("DJANGO_", "DATABASE_URL", "CACHE_URL", "SQLITE_PATH", "SITE_URL", "PAGE_CACHE", "GUNICORN_")


def missing():
    if shutil.which("bash") is None:
        return "bash is not installed"
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return "gunicorn is not installed (pip install -r requirements.txt)"
    if not SASS.exists():
        return f"{SASS} is missing (npm ci): bin/serve builds the reader's CSS with it"
    return None


pytestmark = pytest.mark.skipif(missing() is not None, reason=f"production server not tested: {missing()}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """bin/serve in its own process group, so that stopping it stops gunicorn's workers too."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.secret_key_file = folder / "var" / "secret_key"
        self.env = {name: value for name, value in os.environ.items() if not name.startswith(CLEARED)}
        self.env.update(
            HOST="127.0.0.1",
            PORT=str(self.port),
            PYTHON=sys.executable,
            VAR_DIR=str(folder / "var"),
            MEDIA_ROOT=str(folder / "media"),
            STATIC_ROOT=str(folder / "static"),
            DEMO_EDITOR_PASSWORD=PASSWORD,
        )
        self.process = None

    def start(self, within=60):
        self.log = open(self.folder / "serve.log", "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [str(SERVE)],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"bin/serve exited with {self.process.returncode}:\n{self.output()}")
            try:
                if urllib.request.urlopen(self.url + "/healthz", timeout=2).status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        pytest.fail(f"bin/serve did not answer within {within} s:\n{self.output()}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def output(self):
        return (self.folder / "serve.log").read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Server(tmp_path_factory.mktemp("production-server"))
    server.start()
    yield server
    server.stop()


def get(url, opener=None, **headers):
    """(status, headers, body): error statuses are answers here, not exceptions."""
    request = urllib.request.Request(url, headers=headers)
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def test_a_mistyped_address_shows_the_designed_404_page_not_the_debug_page(server):
    status, _, body = get(server.url + "/newz/")

    assert status == 404
    assert "We could not find that page." in body
    assert 'name="robots" content="noindex"' in body
    assert "Django" not in body
    assert "URLconf" not in body
    assert "admin/" not in body  # Django's debug page would list every URL pattern


def test_home_page_is_rendered_once_then_served_from_the_shared_cache(server):
    first_status, first, _ = get(server.url + "/")
    second_status, second, _ = get(server.url + "/")

    assert (first_status, first["X-Page-Cache"]) == (200, "miss")
    assert (second_status, second["X-Page-Cache"]) == (200, "hit")
    assert "Set-Cookie" not in second


def test_static_files_are_hashed_and_served_with_a_long_max_age(server):
    _, _, page = get(server.url + "/shows/")
    hashed = re.search(r'href="(/static/css/reader\.[0-9a-f]{12}\.css)"', page)
    assert hashed, "the page does not link the hashed reader's CSS"

    status, headers, _ = get(server.url + hashed[1], **{"Accept-Encoding": "gzip"})

    assert status == 200
    max_age = re.search(r"max-age=(\d+)", headers["Cache-Control"])
    assert max_age and int(max_age[1]) >= 365 * 24 * 3600, headers["Cache-Control"]
    assert headers["Content-Encoding"] == "gzip"


def log_in(server):
    """An opener holding the editor's session, logged in through the admin's form over plain http."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    _, _, form = get(server.url + "/admin/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    data = urllib.parse.urlencode(
        {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/admin/"}
    ).encode()
    with opener.open(server.url + "/admin/login/", data=data, timeout=10) as response:
        assert response.url.endswith("/admin/"), "the editor could not log in over http"
    return opener


def test_the_secret_key_is_made_once_private_and_kept_across_restarts(server):
    key = server.secret_key_file.read_text()
    assert len(key.strip()) >= 50
    assert stat.S_IMODE(server.secret_key_file.stat().st_mode) == 0o600
    editor = log_in(server)

    server.stop()
    server.start()

    assert server.secret_key_file.read_text() == key
    # The session signed with the key before the restart is still good after it.
    status, _, body = get(server.url + "/admin/", editor)
    assert status == 200
    assert "Log out" in body


@pytest.mark.parametrize(("value", "expected"), [(None, True), ("0", False), ("1", True)])
def test_each_worker_listens_on_its_own_socket_unless_told_not_to(monkeypatch, value, expected):
    """SO_REUSEPORT: the kernel spreads connections between workers (gunicorn.conf.py says why)."""
    import runpy

    if value is None:
        monkeypatch.delenv("GUNICORN_REUSE_PORT", raising=False)
    else:
        monkeypatch.setenv("GUNICORN_REUSE_PORT", value)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["reuse_port"] is expected


def test_gunicorn_refuses_a_port_another_server_listens_on(tmp_path):
    """With SO_REUSEPORT the kernel would let it share the port, and the requests, with the other."""
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)  # as another gunicorn's workers
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        env = {name: value for name, value in os.environ.items() if not name.startswith(CLEARED)}
        result = subprocess.run(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env={**env, "HOST": "127.0.0.1", "PORT": str(port), "VAR_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert result.returncode != 0
    assert f"Cannot listen on 127.0.0.1:{port}: Address already in use." in result.stderr
