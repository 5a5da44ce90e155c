"""A reader's way through the site on a phone and on a desktop, with and without JavaScript:
home → show → season → person → article → a comment and a reply (issue 12)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _quick_readers(settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def assert_fits(page, width):
    """Nothing pushes the page sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [390, 1280])
def test_reader_goes_from_home_to_a_comment_and_a_reply(browser, live_server, width, javascript):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    outside = []
    context.on("request", lambda r: None if r.url.startswith(live_server.url) else outside.append(r.url))
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto("/")
        expect(page.get_by_role("link", name="Dead Air")).to_be_visible()
        assert_fits(page, width)
        shows = page.get_by_role("region", name="Shows we cover")
        shows.get_by_role("link", name="All of Us Are Dead", exact=True).click()

        expect(page.get_by_role("heading", level=1)).to_have_text("All of Us Are Dead")
        expect(page.locator(".title-hero")).to_contain_text("Where to watch:")
        assert_fits(page, width)
        page.get_by_role("link", name="Season 2", exact=True).click()

        expect(page.get_by_role("heading", level=1)).to_have_text("All of Us Are Dead: Season 2")
        expect(page.get_by_role("heading", name="What we know so far")).to_be_visible()
        assert_fits(page, width)
        page.locator(".cast-list").get_by_role("link", name="Park Ji-hu", exact=True).click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Park Ji-hu")
        assert_fits(page, width)
        page.get_by_role(
            "link", name="All of Us Are Dead Season 2: release date, cast, storyline"
        ).first.click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("Season 2")
        assert_fits(page, width)
        # The fact box comes before the body on a phone as on a desktop.
        facts = page.locator(".fact-box").bounding_box()
        body = page.locator(".article__body").bounding_box()
        assert facts["y"] < body["y"]

        form = page.locator("#commentform")
        form.get_by_role("textbox", name="Comment").fill(f"A comment at {width} px.")
        form.get_by_role("textbox", name="Name").fill("Flow Reader")
        form.get_by_role("textbox", name="Email").fill("flow@example.com")
        form.get_by_role("button", name="Post Comment").click()
        held = page.locator(".comment--held")
        expect(held).to_contain_text(f"A comment at {width} px.")
        expect(held).to_contain_text("Your comment is awaiting moderation.")
        assert_fits(page, width)

        tom = Comment.objects.get(name="Tom Becker", parent__isnull=True)
        page.get_by_role("link", name="Reply to Tom Becker", exact=True).click()
        expect(page.locator("#reply-title")).to_contain_text("Leave a Reply to Tom Becker")
        respond = page.locator("#respond")
        respond.get_by_role("textbox", name="Comment").fill(f"A reply at {width} px.")
        respond.get_by_role("textbox", name="Name").fill("Flow Reader")
        respond.get_by_role("textbox", name="Email").fill("flow@example.com")
        respond.get_by_role("button", name="Post Comment").click()
        reply = page.locator(f"#comment-{tom.pk} .comment--held")
        expect(reply).to_contain_text(f"A reply at {width} px.")
        assert Comment.objects.get(body=f"A reply at {width} px.").parent_id == tom.pk
        assert Comment.objects.filter(name="Flow Reader", status=Comment.Status.PENDING).count() == 2
    finally:
        context.close()
    assert outside == []
