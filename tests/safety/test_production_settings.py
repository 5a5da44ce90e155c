"""Production settings refuse the mistakes that are easy to make, and pass Django's deploy check
with the documented variables set (issue 11)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.test_site import SETTINGS_VARIABLES, import_settings

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-secret-of-more-than-fifty-characters-0123456789-xyz",
    "DJANGO_ALLOWED_HOSTS": "news.example.com",
    "SITE_URL": "https://news.example.com",
}
# The variables README.md's production start sets besides those, for `check --deploy` to be clean.
HARDENED = {
    **PRODUCTION,
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://news.example.com",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
}


def without(name, env=PRODUCTION):
    return {key: value for key, value in env.items() if key != name}


def test_production_refuses_to_start_without_a_site_url(tmp_path):
    result = import_settings(tmp_path, **without("SITE_URL"))
    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_URL must be set when DJANGO_DEBUG is off" in result.stderr


@pytest.mark.parametrize("url", ["http://news.example.com", "ftp://news.example.com", "news.example.com"])
def test_production_refuses_a_site_url_that_is_not_https(tmp_path, url):
    result = import_settings(tmp_path, **{**PRODUCTION, "SITE_URL": url})
    assert result.returncode != 0
    assert "SITE_URL must" in result.stderr


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000", "http://localhost:8000/"])
def test_a_production_like_run_on_this_machine_may_use_plain_http(tmp_path, url):
    """What `make run` does: DEBUG off on http://127.0.0.1, serving media itself when asked."""
    result = import_settings(
        tmp_path,
        show="s.SITE_URL, s.SERVE_MEDIA, s.SESSION_COOKIE_SECURE",
        **{**PRODUCTION, "SITE_URL": url, "DJANGO_SECURE_COOKIES": "0", "DJANGO_SERVE_MEDIA": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [url.rstrip("/"), "True", "False"]


def test_production_does_not_serve_media_unless_asked(tmp_path):
    result = import_settings(tmp_path, show="s.SERVE_MEDIA", **PRODUCTION)
    assert (result.returncode, result.stdout.strip()) == (0, "False"), result.stderr
    development = import_settings(tmp_path, show="s.SERVE_MEDIA")
    assert development.stdout.strip() == "True", development.stderr


def test_the_media_url_is_not_routed_when_media_is_not_served(tmp_path):
    result = import_settings(
        tmp_path,
        show="__import__('django').setup() or __import__('django.urls').urls.resolve('/media/x.png')",
        DJANGO_SETTINGS_MODULE="aouad_site.settings",
        **PRODUCTION,
    )
    assert result.returncode != 0
    assert "Resolver404" in result.stderr


def test_the_forwarded_proto_header_is_trusted_only_behind_a_declared_proxy(tmp_path):
    show = "getattr(s, 'SECURE_PROXY_SSL_HEADER', None)"
    alone = import_settings(tmp_path, show=show, **PRODUCTION)
    assert (alone.returncode, alone.stdout.strip()) == (0, "None"), alone.stderr
    proxied = import_settings(tmp_path, show=show, **PRODUCTION, DJANGO_BEHIND_PROXY="1")
    assert proxied.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https')", proxied.stderr
    other = import_settings(
        tmp_path, show=show, **PRODUCTION, DJANGO_BEHIND_PROXY="1", DJANGO_PROXY_SSL_HEADER="HTTP_X_SCHEME"
    )
    assert other.stdout.strip() == "('HTTP_X_SCHEME', 'https')", other.stderr


def test_hsts_subdomains_and_preload_are_environment_settings(tmp_path):
    show = "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD"
    default = import_settings(tmp_path, show=show, **PRODUCTION)
    assert default.stdout.split() == ["0", "False", "False"], default.stderr
    hardened = import_settings(tmp_path, show=show, **HARDENED)
    assert hardened.stdout.split() == ["31536000", "True", "True"], hardened.stderr


def deploy_check(tmp_path, env):
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith(SETTINGS_VARIABLES)}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={**clean_env, "SQLITE_PATH": str(tmp_path / "db.sqlite3"), **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_deploy_check_is_clean_with_the_documented_variables(tmp_path):
    result = deploy_check(tmp_path, HARDENED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_fails_without_hsts(tmp_path):
    """The check above can fail: leave out one hardening variable and it does."""
    result = deploy_check(tmp_path, without("DJANGO_HSTS_SECONDS", HARDENED))
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
