"""The strict browser policy breaks nothing: a reader's article and comment form, and every admin
page an editor uses (the live Markdown preview and revision history included), run in Chromium
without a single Content-Security-Policy violation or console error (issue 11)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from newsroom.roles import EDITOR
from shows.models import Season
from tests.factories import staff_in_role

pytestmark = pytest.mark.django_db(transaction=True)

FLAGSHIP_SLUG = "all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch"
# Runs in every page before its own scripts; CDP injects it, so the policy cannot block it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def watched(browser, live_server):
    """A page whose console errors (CSP violations are reported there too) the test collects."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.errors = errors
    yield page
    context.close()


@pytest.fixture
def demo(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    call_command("load_demo", verbosity=0)
    yield Article.objects.get(slug=FLAGSHIP_SLUG)
    cache.clear()


def test_the_policy_is_reported_as_violated_when_inline_code_runs(watched, demo):
    """The listener works: an inline style added to a page is refused and reported."""
    watched.goto(demo.get_absolute_url())
    watched.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'body{}';"
        " document.head.appendChild(s); }"
    )
    expect(watched.locator("body")).to_be_visible()
    watched.wait_for_timeout(200)
    assert any("CSP violation: style-src" in error for error in watched.errors), watched.errors


def test_reader_pages_and_the_comment_form_run_without_violations(watched, demo):
    page = watched
    page.goto(demo.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Season 2")
    form = page.locator("#commentform")
    form.get_by_role("textbox", name="Comment").fill("Watching it again before season 2.")
    form.get_by_role("textbox", name="Name").fill("Hye-won")
    form.get_by_role("textbox", name="Email").fill("hyewon@example.com")
    form.get_by_role("button", name="Post Comment").click()
    page.wait_for_url("**moderation=**")
    expect(page.locator(".comment--held")).to_contain_text("Watching it again")
    assert Comment.objects.filter(name="Hye-won").exists()
    for url in ["/", "/news/", "/shows/", demo.seasons.first().get_absolute_url(), "/search/?q=season"]:
        page.goto(url)
    assert page.errors == [], "\n".join(page.errors)


def test_every_admin_page_an_editor_uses_runs_without_violations(watched, demo):
    page = watched
    staff_in_role(EDITOR, "mina", first_name="Mina", last_name="Aouad")
    page.goto("/admin/")
    page.get_by_role("textbox", name="Username:", exact=True).fill("mina")
    page.get_by_label("Password:", exact=True).fill("a-long-test-password")
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto("/admin/articles/article/")
    expect(page.locator("#result_list")).to_be_visible()

    page.goto("/admin/articles/article/add/")
    body = page.get_by_role("textbox", name="Body:", exact=True)
    body.fill("## Typed live\n\nWith **bold** text.")
    preview = page.get_by_role("region", name="Live preview of the body")
    expect(preview.get_by_role("heading", name="Typed live", exact=True)).to_be_visible()
    page.get_by_role("textbox", name="Title:", exact=True).fill("A new story")
    page.get_by_role("textbox", name="Title:", exact=True).press("Tab")  # the slug is filled in by script
    expect(page.get_by_role("textbox", name="Slug:", exact=True)).to_have_value("a-new-story")
    page.get_by_role("link", name="Today").first.click()  # the date widget's shortcuts
    page.get_by_role("link", name="Now").first.click()

    page.goto(f"/admin/articles/article/{demo.pk}/change/")
    page.get_by_role("textbox", name="Body:", exact=True).press("End")
    page.get_by_role("textbox", name="Body:", exact=True).type("\n\n## Added in the browser")
    expect(
        page.get_by_role("region", name="Live preview of the body").get_by_role(
            "heading", name="Added in the browser"
        )
    ).to_be_visible()
    page.goto(f"/admin/articles/article/{demo.pk}/history/")
    expect(page.locator("#change-history")).to_be_visible()
    page.locator("#change-history tbody a").first.click()  # a revision, as restoring it shows it
    expect(page.get_by_role("button", name="Revert")).to_be_visible()

    page.goto("/admin/comments/comment/")
    expect(page.locator("#result_list")).to_be_visible()

    season = Season.objects.filter(number=2).first()
    page.goto(f"/admin/shows/season/{season.pk}/change/")
    expect(page.locator("#season_form")).to_be_visible()
    assert page.errors == [], "\n".join(page.errors)
