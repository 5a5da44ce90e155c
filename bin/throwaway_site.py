"""The site as `make run` serves it (bin/serve: gunicorn, DEBUG off), on a free port with throwaway
data: a temporary database, cache, media and static files, all deleted afterwards. Used by
bin/screenshots.py and bin/audit.py."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The browser's switches and where it is, as the browser tests start it: one list for both.
sys.path.insert(0, str(ROOT))
from tests.browser.chromium import CHROMIUM_ARGS, find_chromium  # noqa: E402, F401


@contextlib.contextmanager
def serve():
    """Yield the base URL of a freshly served demo site; stop it and delete its data afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix="throwaway-site-"))
    port = free_port()
    server = start_server(workdir, port)
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_for(base_url + "/healthz", server, workdir)
        yield base_url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, process, workdir, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = (workdir / "server.log").read_text()
            sys.exit(f"The server stopped before answering (exit {process.returncode}):\n{log}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"The server did not answer {url} within {timeout} seconds.")


def start_server(workdir, port):
    env = {
        **os.environ,
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "VAR_DIR": str(workdir / "var"),
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(workdir / "static"),
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHON": os.environ.get("PYTHON", str(ROOT / ".venv" / "bin" / "python")),
    }
    for name in ("DATABASE_URL", "CACHE_URL", "DJANGO_SECRET_KEY"):
        env.pop(name, None)
    log = open(workdir / "server.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [str(ROOT / "bin" / "serve")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
