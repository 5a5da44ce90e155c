"""Settings for aouad_site, driven entirely by environment variables.

With no variables at all the site runs in development mode on SQLite with a
disk cache that every process shares. Production (``DJANGO_DEBUG`` off) must be given a secret
key and its host names, and may move to PostgreSQL and Redis with
``DATABASE_URL`` and ``CACHE_URL``.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
# What the site writes while it runs on the embedded default: the SQLite database, the disk cache,
# the secret key and demo password that `make run` keeps. One directory, so a test can move all of it.
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=True)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    # Development only: a fixed, obviously insecure key so sessions survive restarts.
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The brand readers see (masthead, titles, feeds). The site covers several shows, so the default
# names none of them; set SITE_NAME to rebrand without touching a template.
SITE_NAME = os.environ.get("SITE_NAME", "Dead Air")
SITE_TAGLINE = os.environ.get("SITE_TAGLINE", "TV news, release dates and cast for the series we follow")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so that runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    # Helpers under every app: the {% picture %} tag and `manage.py make_renditions`.
    "core",
    # Below every app of the site: apps mark their pages and bump their tags.
    "pagecache",
    "shows",
    "articles",
    "comments",
    # Above the apps they span: search indexes articles, shows and people; roles grant their permissions.
    "search",
    "newsroom",
    # Backups and restores (manage.py backup / restore).
    "ops",
    # The public read-only JSON API (/api/).
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the page cache, so that cached pages get the browser policy too.
    "core.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and the views: a reader's cached page costs none of them.
    "pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which editor made each revision.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "aouad_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "aouad_site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "aouad_site.wsgi.application"
ASGI_APPLICATION = "aouad_site.asgi.application"

# Database: SQLite by default, anything dj-database-url understands otherwise.
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", VAR_DIR / "db.sqlite3"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The same backend, with a health check that polls the socket instead of a round trip.
        DATABASES["default"]["ENGINE"] = "core.postgresql"
    if DATABASES["default"]["ENGINE"] == "core.postgresql" and env_bool(
        "DB_PREPARED_STATEMENTS", default=True
    ):
        # A page's statements are the same few, request after request: with the parameters sent apart
        # (server-side binding), psycopg prepares each one on its second run on a connection, and
        # PostgreSQL stops parsing and planning it every time. Planning was a third of the database's
        # time on an uncached article (benchmarks/RESULTS.md). Off for a pooler that cannot keep
        # prepared statements across transactions (PgBouncer in transaction mode before 1.21).
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=1)
else:
    SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": SQLITE_PATH,
            # Kept open between requests: opening one runs the PRAGMAs below, which measured as
            # most of a simple page's time (/healthz: 1.7 ms a request, 0.2 ms with it kept).
            "CONN_MAX_AGE": int(os.environ.get("DB_CONN_MAX_AGE", "600")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers
                # queue on the busy timeout instead of failing with "database is locked"
                # when a read transaction tries to upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # WAL lets readers carry on while one process writes.
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }

# Cache: one every process shares, so that rate limits hold and an edit made in one process
# reaches the pages cached by all of them. On disk by default (SQLite files under var/cache,
# through diskcache: atomic add and incr across processes), Redis with CACHE_URL=redis://host:port/db.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "aouad"),
            # The page cache's tokens are held in each process while Redis says they are current
            # (core.cache.TrackedReads): a page served whole makes no round trip. Off for a proxy
            # that cannot pass RESP3 invalidations on (Twemproxy, some managed offerings).
            "TRACKED_READS": env_bool("CACHE_TRACKED_READS", default=True),
            # A Redis that stops answering (a dropped link, not a refused one) must not hold every
            # request: after this many seconds a read fails, and pages are served uncached
            # (pagecache.store.unreachable).
            "OPTIONS": dict.fromkeys(
                ("socket_connect_timeout", "socket_timeout"),
                float(os.environ.get("CACHE_SOCKET_TIMEOUT", "1")),
            ),
        }
    }
elif CACHE_URL == "" or CACHE_URL.startswith("disk://"):
    CACHE_DIR = Path(CACHE_URL.removeprefix("disk://") or VAR_DIR / "cache")
    CACHES = {
        "default": {
            "BACKEND": "core.cache.DiskCache",
            "LOCATION": str(CACHE_DIR),
            "TIMEOUT": 300,
            "SHARDS": 4,
            # Seconds a writer waits for another's lock; readers never wait (WAL).
            "DATABASE_TIMEOUT": 2.0,
            # Pages and fragments (tens of KB) stay inside SQLite: diskcache writes values over its
            # default 32 KB to files of their own, which made storing a page cost four times more.
            "OPTIONS": {"size_limit": 2**30, "disk_min_file_size": 2**20},
        }
    }
elif CACHE_URL == "locmem://":  # one process only: rate limits and page tokens are per process
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
elif CACHE_URL == "dummy://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    raise ImproperlyConfigured(f"Unsupported CACHE_URL scheme: {CACHE_URL!r}")

# Anonymous readers' pages from the cache above (pagecache/): kept until an edit bumps the tags
# they depend on, never past TIMEOUT seconds nor the next scheduled publication.
PAGE_CACHE = {
    "ENABLED": env_bool("PAGE_CACHE", default=True),
    "CACHE": "default",
    "TIMEOUT": int(os.environ.get("PAGE_CACHE_TIMEOUT", 60 * 60)),
    # What a CDN or proxy in front may keep (Cache-Control s-maxage) without asking us again.
    "SHARED_MAX_AGE": int(os.environ.get("PAGE_CACHE_SHARED_MAX_AGE", 60)),
    "STALE_WHILE_REVALIDATE": int(os.environ.get("PAGE_CACHE_STALE_WHILE_REVALIDATE", 30)),
    # Pages each process also keeps in memory (their keys carry the tags' tokens).
    "MEMORY_ENTRIES": int(os.environ.get("PAGE_CACHE_MEMORY_ENTRIES", 256)),
    # Rendered fragments and cached values each process keeps too (their keys carry the tokens).
    "MEMORY_FRAGMENTS": int(os.environ.get("PAGE_CACHE_MEMORY_FRAGMENTS", 256)),
}

# Rendered fragments that change rarely (an article's comment thread, a season's fact box), kept
# in the same cache under keys that hold the page cache's tag tokens, so an edit reaches the next
# render. FRAGMENT_CACHE=0 renders everything every time (to measure the cost of a render).
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", default=True)
FRAGMENT_CACHE_TIMEOUT = int(os.environ.get("FRAGMENT_CACHE_TIMEOUT", 60 * 60 * 24))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Staff passwords guard the whole site: 12 characters at least (Django's default is 8).
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logins: Django's backend behind a brake on guessing (core/logins.py). Failures are counted per
# username and per address in the shared cache over WINDOW seconds; past a limit, every attempt is
# refused for COOL_OFF seconds. The comment form never logs anyone in, so it is never refused.
AUTHENTICATION_BACKENDS = ["core.logins.GuardedModelBackend"]
LOGIN_GUARD = {
    "USERNAME_FAILURES": int(os.environ.get("DJANGO_LOGIN_USERNAME_FAILURES", 5)),
    "ADDRESS_FAILURES": int(os.environ.get("DJANGO_LOGIN_ADDRESS_FAILURES", 20)),
    "WINDOW": 15 * 60,
    "COOL_OFF": int(os.environ.get("DJANGO_LOGIN_COOL_OFF_SECONDS", 15 * 60)),
    "CLIENT_IP_HEADER": os.environ.get("DJANGO_CLIENT_IP_HEADER") or None,
}
# Where the admin lives; moving it keeps it out of the way of scripts that try /admin/.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# Staff sessions end when the browser closes, and at the latest a working day after logging in.
# (Not renewed on every request: SESSION_SAVE_EVERY_REQUEST would write a session row for any
# reader's request carrying a stale session cookie, cached pages' form token included.)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_SECONDS", 8 * 60 * 60))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic puts the hashed, compressed files that WhiteNoise serves.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Bootstrap comes from npm at build time (package.json), never a CDN: bin/build-css compiles the parts
# the site uses from its Sass sources into static/css/reader.css, with the site's own CSS.
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django's static.serve is for development: production serves /media/ from the reverse proxy,
# unless asked (DJANGO_SERVE_MEDIA=1, as `make run` does for a production-like run on one machine).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Opt in now to Django 6.0's default: a website typed without a scheme means https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# The public API (api/) is read-only JSON for anyone: no sessions, so no cookie and no CSRF token,
# and its pages are cached like the site's.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "aouad_site API",
    "DESCRIPTION": "Read-only data about the shows we cover, their seasons (release windows with their "
    "precision, and a timeline whose events carry their certainty and source), episodes, people and "
    "published articles.",
    "VERSION": "1",
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_INCLUDE_SCHEMA": False,
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "news@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The browser policy (core/headers.py). Every script and style is a file under /static/ (no inline
# code anywhere, the admin's included), so nothing needs 'unsafe-inline', 'unsafe-eval' or nonces.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    # Bootstrap draws its select arrows and toggler icons as data: SVGs.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browser features the site never uses, denied to it and to anything embedded in it.
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
# A client can send X-Forwarded-Proto itself: believe it only when a proxy in front sets it.
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = (os.environ.get("DJANGO_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO"), "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Articles and comments
ARTICLES_PER_PAGE = 10

# The public address, for links in emails and calendar UIDs, which have no request to build them
# from. Production must say it, over https; plain http only on this machine (`make run`).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not DEBUG:
    _site = urlsplit(SITE_URL)
    if not _site.hostname:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DJANGO_DEBUG is off, e.g. https://news.example.com"
        )
    if _site.scheme != "https" and not (_site.scheme == "http" and _site.hostname in LOOPBACK_HOSTS):
        raise ImproperlyConfigured(
            f"SITE_URL must be an https:// address when DJANGO_DEBUG is off (got {SITE_URL!r}); "
            "plain http is allowed for 127.0.0.1 and localhost only."
        )
COMMENTS_SITE_URL = SITE_URL
# Behind a reverse proxy, the header (as request.META names it, e.g. HTTP_X_FORWARDED_FOR)
# that carries the reader's address; without it every reader would share one rate limit.
COMMENTS_CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER") or None

# Load test only (`make loadtest`, bench/loadtest.py sets LOADTEST=1): one machine posting a thousand
# comments would trip the flood limits that protect the site from exactly that. Never set in production.
if env_bool("LOADTEST"):
    COMMENTS_FLOOD_SECONDS = 0
    COMMENTS_RATE_LIMITS = []
    COMMENTS_MIN_SECONDS = 0
