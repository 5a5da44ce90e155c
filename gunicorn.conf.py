"""gunicorn's settings for aouad_site: `gunicorn -c gunicorn.conf.py aouad_site.wsgi`.

`make run` (bin/serve) and `make bench` (bench/http.py) start it this way; so can a production
host. Every value can be changed by an environment variable, read here.
"""

import os
import socket


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _address(host, port):
    # gunicorn wants an IPv6 address in brackets, as in a URL: [::1]:8000.
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


wsgi_app = "aouad_site.wsgi:application"
bind = [_address(os.environ.get("HOST", "127.0.0.1"), os.environ.get("PORT", "8000"))]

# Workers and threads: one worker per core, 4 threads each. A request here is mostly Python work
# (a page cache hit: a URL lookup, two cache reads, a response; a miss: queries and templates), so
# it holds the GIL nearly all the time: only processes run requests in parallel, and one per core
# uses them all. Threads cover the waits inside a request (SQLite and disk cache reads, a slow
# client) and keep idle keep-alive connections from tying up a worker. Measured with
# bench/http_pages.py on 2 cores (benchmarks/RESULTS.md), 2x4 against 3x2, 5x1 and 4x2: no layout
# was faster beyond the noise of a shared machine; 2x4 had the best p99 on cached pages and the best
# uncached rate, and it holds the fewest copies of the app (each worker has its own, and its own
# in-memory page entries). GUNICORN_WORKERS / GUNICORN_THREADS (or WEB_CONCURRENCY, as hosting
# platforms set it) override.
cores = os.cpu_count() or 1
workers = _int("GUNICORN_WORKERS", _int("WEB_CONCURRENCY", cores))
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"

# Each worker listens on a socket of its own (SO_REUSEPORT), and the kernel spreads new connections
# evenly between them. On one shared socket the worker that woke first took whatever was waiting:
# in about one run in ten, all of wrk's 32 keep-alive connections landed on one worker, and that
# page was served at a quarter of the rate (1,800 against 6,300-7,300 requests a second; with this,
# 14 runs of 14 between 6,260 and 6,920, benchmarks/RESULTS.md). A proxy or browser that keeps its
# connections open would be served the same way. The price: connections waiting in a worker's own
# queue when it is replaced (a timeout) are dropped rather than taken by another worker.
# GUNICORN_REUSE_PORT=0 goes back to one shared socket.
reuse_port = os.environ.get("GUNICORN_REUSE_PORT", "1").strip().lower() not in {"0", "false", "no", "off"}


def on_starting(server):
    """Refuse a port another server already listens on. With SO_REUSEPORT the kernel would let this
    server bind it too and quietly share the requests between the two (an old `make run` still
    serving old code, say)."""
    for address in server.cfg.address:
        if not isinstance(address, tuple):
            continue  # a Unix socket path: gunicorn checks it itself
        for family, kind, proto, _name, where in socket.getaddrinfo(*address[:2], type=socket.SOCK_STREAM):
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no server
                try:
                    probe.bind(where)
                except OSError as error:
                    raise SystemExit(f"Cannot listen on {where[0]}:{where[1]}: {error.strerror}.") from None


# A request taking longer than this has gone wrong; the worker is replaced. The slowest page
# renders in well under a second.
timeout = 30
# On SIGTERM (Ctrl+C in `make run`, a deploy), requests in flight get this long to finish.
graceful_timeout = 20
# Seconds an idle keep-alive connection stays open: enough for a browser's next request, or for a
# reverse proxy that keeps connections to us open.
keepalive = 5

# Not preloaded: each worker imports the app after the fork, so no SQLite connection, diskcache
# handle or lock is ever shared between processes. It costs a second or two at start only.
preload_app = False

# The heartbeat file workers touch to show they are alive: in memory, never on a slow disk.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# Errors to stderr. No access log unless GUNICORN_ACCESS_LOG=1 (or a file name): at thousands of
# requests a second it costs time, and a reverse proxy in front usually keeps one.
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
_access_log = os.environ.get("GUNICORN_ACCESS_LOG", "").strip()
accesslog = None if _access_log.lower() in {"", "0", "false", "no", "off"} else _access_log
if accesslog and accesslog.lower() in {"1", "true", "yes", "on"}:
    accesslog = "-"

# gunicornc's control socket is one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl): a second server
# (a test, `make bench`) would take it over from the first. We do not use it.
control_socket_disable = True

proc_name = "aouad_site"
