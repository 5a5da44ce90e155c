"""An editor writes and schedules an article in the admin; readers see it only after its time."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from newsroom.roles import EDITOR
from tests.factories import CategoryFactory, staff_in_role

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"
TITLE = "All of Us Are Dead Season 2 wraps filming"
SLUG = "all-of-us-are-dead-season-2-wraps-filming"


@pytest.fixture
def editor(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    CategoryFactory(name="News", slug="news")
    return staff_in_role(EDITOR, "mina", first_name="Mina", last_name="Aouad")


def test_editor_schedules_an_article_that_readers_see_after_its_time(page, browser, live_server, editor):
    page.goto("/admin/")
    page.get_by_role("textbox", name="Username:", exact=True).fill("mina")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto("/admin/articles/article/add/")
    title = page.get_by_role("textbox", name="Title:", exact=True)
    title.fill(TITLE)
    title.press("Tab")  # the admin fills in the slug when the title changes
    expect(page.get_by_role("textbox", name="Slug:", exact=True)).to_have_value(
        SLUG
    )  # filled in from the title
    page.get_by_role("combobox", name="Category:", exact=True).select_option(label="News")
    page.get_by_role("textbox", name="Summary:", exact=True).fill(
        "Cameras stopped rolling in Seoul this week."
    )
    body = page.get_by_role("textbox", name="Body:", exact=True)
    body.fill("## What happens next\n\nPost-production begins. <script>alert('x')</script>")
    # The live preview renders the Markdown with the publishing sanitizer.
    preview = page.get_by_role("region", name="Live preview of the body")
    expect(preview.get_by_role("heading", name="What happens next", exact=True)).to_be_visible()
    # The preview is drawn in a shadow root (site styles only): read what was put there.
    rendered = preview.locator(".article-preview__body").inner_html()
    assert "What happens next" in rendered and "<script" not in rendered

    later = timezone.localtime(timezone.now() + datetime.timedelta(hours=1))
    page.get_by_role("combobox", name="Status:", exact=True).select_option(label="Published")
    page.locator("#id_published_at_0").fill(later.strftime("%Y-%m-%d"))
    page.locator("#id_published_at_1").fill(later.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    expect(page.locator(".messagelist")).to_contain_text("Scheduled: the article goes live on")
    article = Article.objects.get(slug=SLUG)
    assert (article.status, article.state) == (Article.Status.PUBLISHED, "Scheduled")
    assert article.author.username == "mina"

    reader = browser.new_context(base_url=live_server.url).new_page()
    response = reader.goto(f"/news/{SLUG}/")
    assert response.status == 404
    reader.goto("/")
    expect(reader.get_by_role("link", name=TITLE)).to_have_count(0)

    # Its time passes (the server's clock travels; nothing is saved): the home page that was
    # cached before cannot outlive the publication time.
    with time_machine.travel(article.published_at + datetime.timedelta(minutes=1), tick=True):
        reader.goto("/")
        reader.get_by_role("link", name=TITLE).first.click()
        expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(reader.get_by_role("heading", name="What happens next", exact=True)).to_be_visible()
        expect(reader.get_by_role("link", name="Mina Aouad")).to_have_attribute(
            "href", "/authors/mina-aouad/"
        )
    reader.context.close()
