import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)

FLAGSHIP_SLUG = "all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch"


@pytest.fixture
def flagship():
    call_command("load_demo", verbosity=0)
    return Article.objects.get(slug=FLAGSHIP_SLUG)


def test_reader_opens_the_flagship_article_and_posts_a_comment(page, flagship):
    page.goto(flagship.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Season 2")
    expect(page.locator(".fact-box")).to_contain_text("2024–2025 (not confirmed)")

    form = page.locator("#commentform")
    form.get_by_role("button", name="Post Comment").click()
    expect(form).to_contain_text("Please enter your comment!")
    expect(form).to_contain_text("Please enter your name here")
    expect(form).to_contain_text("Please enter your email address here")
    assert not Comment.objects.filter(
        article=flagship, status=Comment.Status.PENDING, name="Hye-won"
    ).exists()

    form.get_by_role("textbox", name="Comment").fill("The halfbie story is what I want to see next.")
    form.get_by_role("textbox", name="Name").fill("Hye-won")
    form.get_by_role("textbox", name="Email").fill("hyewon-at-example.com")
    form.get_by_role("button", name="Post Comment").click()
    expect(form).to_contain_text("You have entered an incorrect email address!")
    expect(form).not_to_contain_text("Please enter your comment!")

    form.get_by_role("textbox", name="Email").fill("hyewon@example.com")
    form.get_by_label("Save my name, email, and website").check()
    form.get_by_role("button", name="Post Comment").click()

    page.wait_for_url("**moderation=**")
    held = page.locator(".comment--held")
    expect(held).to_contain_text("Your comment is awaiting moderation.")
    expect(held).to_contain_text("The halfbie story is what I want to see next.")
    comment = Comment.objects.get(name="Hye-won")
    assert comment.status == Comment.Status.PENDING
    assert comment.email == "hyewon@example.com"

    # Coming back later: the saved details are filled in for the next comment.
    page.goto(flagship.get_absolute_url())
    expect(page.locator(".comment--held")).to_have_count(0)
    expect(page.get_by_role("textbox", name="Name")).to_have_value("Hye-won")
    expect(page.get_by_role("textbox", name="Email")).to_have_value("hyewon@example.com")
    expect(page.get_by_label("Save my name, email, and website")).to_be_checked()


def test_without_javascript_the_server_gives_the_same_messages(browser, live_server, flagship):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(flagship.get_absolute_url())
        page.get_by_role("textbox", name="Name").fill("Hye-won")
        page.get_by_role("textbox", name="Email").fill("wrong")
        page.get_by_role("button", name="Post Comment").click()
        form = page.locator("#commentform")
        expect(form).to_contain_text("Please enter your comment!")
        expect(form).to_contain_text("You have entered an incorrect email address!")
        expect(page.get_by_role("textbox", name="Name")).to_have_value("Hye-won")
        assert not Comment.objects.filter(name="Hye-won").exists()
    finally:
        context.close()
