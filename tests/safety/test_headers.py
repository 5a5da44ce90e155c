"""Every response carries the browser policy, pages served from the page cache included (issue 11)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("clock")

EXPECTED_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def csp_of(response):
    return {directive.strip() for directive in response["Content-Security-Policy"].split(";")}


def assert_browser_policy(response):
    policy = csp_of(response)
    assert policy >= EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    denied = {feature.strip() for feature in response["Permissions-Policy"].split(",")}
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"} <= denied
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "url",
    ["/", "/news/season-2-is-coming/", "/feeds/news/", "/robots.txt", "/healthz", "/news/no-such-story/"],
)
def test_pages_feeds_and_errors_carry_the_browser_policy(client, site, url):
    assert_browser_policy(client.get(url))


def test_admin_and_static_files_carry_the_browser_policy(client, db):
    assert_browser_policy(client.get("/admin/login/"))
    assert_browser_policy(client.get("/static/js/comments.js"))


def test_a_page_from_the_cache_carries_the_policy_in_force_now_not_the_stored_one(site, settings):
    url = "/news/season-2-is-coming/"
    stored = Client().get(url)
    assert stored["X-Page-Cache"] == "miss"
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "img-src": ["'self'"]}
    hit = Client().get(url)  # a new client builds its middleware from the new settings
    assert hit["X-Page-Cache"] == "hit"
    assert "img-src 'self'" in csp_of(hit)
    assert "img-src 'self' data:" not in csp_of(hit)


def test_no_page_or_template_carries_inline_script_or_style(client, site):
    """The policy forbids inline code; the pages must not need it (JSON-LD is data, not code)."""
    for url in ["/", "/news/season-2-is-coming/", "/shows/zombie-high/season-2/", "/admin/login/"]:
        html = client.get(url).content.decode()
        assert ' style="' not in html, url
        for chunk in html.split("<script")[1:]:
            opening = chunk.split(">", 1)[0]
            assert "src=" in opening or 'type="application/ld+json"' in opening, (url, opening)
