import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from tests.browser.test_accessibility import axe_source  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

FLAGSHIP_SLUG = "all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch"


@pytest.fixture(autouse=True)
def _quick_readers(settings):
    """A test types faster than a person: no minimum time on the form, no 15-second flood gap."""
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_FLOOD_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def flagship():
    call_command("load_demo", verbosity=0)
    return Article.objects.get(slug=FLAGSHIP_SLUG)


def test_reader_opens_the_flagship_article_and_posts_a_comment(page, flagship):
    page.goto(flagship.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Season 2")
    # Browser tests keep the real clock, which is past Season 2's 2024–2025 window.
    expect(page.locator(".fact-box")).to_contain_text(
        "No date yet (expected 2024–2025; that window passed with no release announced)"
    )

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

    # Its links are text until a moderator approves it; its link shows nothing in another browser.
    expect(held.locator(".comment__body a")).to_have_count(0)
    other = page.context.browser.new_context(base_url=page.url.split("/news/")[0])
    try:
        stranger = other.new_page()
        stranger.goto(page.url)
        expect(stranger.locator("h1")).to_contain_text("Season 2")
        expect(stranger.locator(".comment--held")).to_have_count(0)
        expect(stranger.locator("body")).not_to_contain_text("The halfbie story is what I want to see next.")
    finally:
        other.close()

    # Coming back later to the plain (shared, cached) page: the page script asks for this browser's
    # held comment and shows it, still marked; the saved details are filled in for the next comment.
    page.goto(flagship.get_absolute_url())
    held = page.locator(".comment--held")
    expect(held).to_have_count(1)
    expect(held).to_contain_text("Your comment is awaiting moderation.")
    expect(held).to_contain_text("The halfbie story is what I want to see next.")
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


@pytest.mark.parametrize("width", [390, 1280])
def test_without_javascript_a_refused_comment_shows_its_errors_in_the_first_screen(
    browser, live_server, flagship, width
):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": width, "height": 700}
    )
    page = context.new_page()
    try:
        page.goto(flagship.get_absolute_url())
        page.get_by_role("textbox", name="Comment").fill("Kept, word for word.")
        page.get_by_role("textbox", name="Email").fill("wrong")
        page.get_by_role("button", name="Post Comment").click()

        summary = page.get_by_role("alert")
        expect(summary).to_contain_text("Your comment was not posted")
        for message in ("Please enter your name here", "You have entered an incorrect email address!"):
            link = summary.get_by_role("link", name=message)
            box = link.bounding_box()
            assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 700, (message, box)
        expect(page.get_by_role("link", name=flagship.title).first).to_be_visible()
        expect(page.get_by_role("textbox", name="Comment")).to_have_value("Kept, word for word.")
        expect(page.get_by_role("textbox", name="Email")).to_have_value("wrong")
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        summary.get_by_role("link", name="Please enter your name here").click()
        expect(page.get_by_role("textbox", name="Name")).to_be_focused()
        assert not Comment.objects.filter(body="Kept, word for word.").exists()
    finally:
        context.close()


@pytest.fixture
def moderator():
    from tests.factories import UserFactory

    user = UserFactory(username="moderator", is_staff=True)
    user.set_password("a-long-moderator-password")
    user.save()
    group, _ = Group.objects.get_or_create(name="Moderator")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="comments", codename__in=["view_comment", "change_comment"]
        )
    )
    user.groups.add(group)
    return user


@pytest.fixture(autouse=True)
def _permissions_exist():
    """Transactional tests flush the database; make sure the comment permissions are back."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    create_permissions(apps.get_app_config("comments"), verbosity=0)


def test_reader_replies_a_moderator_approves_and_another_reader_sees_it(
    page, browser, live_server, flagship, moderator
):
    page.goto(flagship.get_absolute_url())
    tom = Comment.objects.get(article=flagship, name="Tom Becker")
    thread = page.locator(f"#comment-{tom.pk}")

    # Reply: the form moves under Tom's comment and says whom it answers.
    thread.get_by_role("link", name="Reply to Tom Becker", exact=True).click()
    respond = thread.locator("#respond")
    expect(respond.get_by_role("heading", level=2)).to_contain_text("Leave a Reply to Tom Becker")
    expect(respond.get_by_role("link", name="Cancel reply", exact=True)).to_be_visible()
    respond.get_by_role("textbox", name="Comment").fill("The school scenes made the whole season for me.")
    respond.get_by_role("textbox", name="Name").fill("Gyeong-su")
    respond.get_by_role("textbox", name="Email").fill("gyeongsu@example.com")
    respond.get_by_label("Notify me of follow-up comments by email.").check()
    respond.get_by_role("button", name="Post Comment", exact=True).click()

    page.wait_for_url("**moderation=**")
    reply = Comment.objects.get(name="Gyeong-su")
    assert (reply.parent_id, reply.status, reply.notify) == (tom.pk, Comment.Status.PENDING, True)
    held = page.locator(f"#comment-{tom.pk} .comment--held")
    expect(held).to_contain_text("Your comment is awaiting moderation.")
    expect(held).to_contain_text("The school scenes made the whole season for me.")

    # Nobody else sees it yet.
    other = browser.new_context(base_url=live_server.url)
    try:
        reader = other.new_page()
        reader.goto(flagship.get_absolute_url())
        expect(reader.get_by_text("The school scenes made the whole season for me.")).to_have_count(0)

        # The moderator approves it from the queue in the admin.
        admin = browser.new_context(base_url=live_server.url)
        desk = admin.new_page()
        desk.goto("/admin/comments/comment/?status__exact=pending")
        desk.get_by_role("textbox", name="Username").fill("moderator")
        desk.get_by_role("textbox", name="Password").fill("a-long-moderator-password")
        desk.get_by_role("button", name="Log in", exact=True).click()
        expect(desk.get_by_role("heading", level=1)).to_contain_text("pending")
        desk.locator(f'input[name="_selected_action"][value="{reply.pk}"]').check()
        desk.get_by_role("combobox", name="Action").select_option("approve")
        desk.get_by_role("button", name="Go", exact=True).click()
        expect(desk.get_by_text("1 comment(s) approved.")).to_be_visible()
        admin.close()
        reply.refresh_from_db()
        assert reply.status == Comment.Status.APPROVED

        # Another reader now sees the reply, under Tom's comment.
        reader.goto(flagship.get_absolute_url())
        answer = reader.locator(f"#comment-{tom.pk} .children #comment-{reply.pk}")
        expect(answer).to_contain_text("The school scenes made the whole season for me.")
        expect(answer.locator(".comment__awaiting")).to_have_count(0)
    finally:
        other.close()


def test_reply_link_works_without_javascript(browser, live_server, flagship):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(flagship.get_absolute_url())
        page.get_by_role("link", name="Reply to Aisha Rahman", exact=True).click()
        expect(page.locator("#reply-title")).to_contain_text("Leave a Reply to Aisha Rahman")
        page.get_by_role("textbox", name="Comment").fill("A month of trailers is plenty.")
        page.get_by_role("textbox", name="Name").fill("Dae-su")
        page.get_by_role("textbox", name="Email").fill("daesu@example.com")
        page.get_by_role("button", name="Post Comment", exact=True).click()
        expect(page.locator(".comment--held")).to_contain_text("Your comment is awaiting moderation.")
        aisha = Comment.objects.get(article=flagship, name="Aisha Rahman")
        assert Comment.objects.get(name="Dae-su").parent_id == aisha.pk
    finally:
        context.close()


def test_page_script_refreshes_the_csrf_token_and_timestamp_of_a_cached_page(page, flagship):
    with page.expect_response("**/comments/form-token/") as token_response:
        page.goto(flagship.get_absolute_url())
    fresh = token_response.value.json()
    form = page.locator("#commentform")
    expect(form.locator('input[name="timestamp"]')).to_have_value(fresh["timestamp"])
    expect(form.locator('input[name="csrfmiddlewaretoken"]')).to_have_value(fresh["csrf_token"])


def test_cancel_reply_puts_the_form_back_for_a_new_comment(page, flagship):
    page.goto(flagship.get_absolute_url())
    page.get_by_role("link", name="Reply to Jae-won", exact=True).click()
    jae_won = Comment.objects.get(article=flagship, name="Jae-won")
    expect(page.locator(f"#comment-{jae_won.pk} #respond")).to_have_count(1)
    expect(page.locator('#commentform input[name="parent"]')).to_have_value(str(jae_won.pk))

    page.get_by_role("link", name="Cancel reply", exact=True).click()

    expect(page.locator(f"#comment-{jae_won.pk} #respond")).to_have_count(0)
    expect(page.locator("#reply-title [data-reply-title]")).to_have_text("Leave a Reply")
    expect(page.get_by_role("link", name="Cancel reply", exact=True)).to_be_hidden()
    expect(page.locator('#commentform input[name="parent"]')).to_have_value("")


def test_a_very_long_link_or_name_never_widens_the_page(page):
    """A 2,000-character URL or an 80-letter name is one unbreakable word: on a phone it pushed
    the whole page sideways until comment text was allowed to wrap anywhere."""
    from tests.factories import ArticleFactory, CommentFactory

    article = ArticleFactory()
    CommentFactory(
        article=article,
        name="N" * 80,
        website="https://example.com/",
        body="https://example.com/" + "a" * 2000,
    )
    CommentFactory(article=article, body="x" * 3000)
    page.goto(article.get_absolute_url())
    expect(page.locator(".comment")).to_have_count(2)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0


def test_comment_pages_reached_by_posting_or_by_email_have_no_axe_violations(page, axe_source):  # noqa: F811
    """The site-wide check walks GET pages only: this covers the form with server errors, the
    author's held comment and the unsubscribe pages, on a phone."""
    from comments.moderation import QUERY_PARAM, token_for
    from comments.notifications import unsubscribe_token
    from tests.browser.test_accessibility import RULES, RUN_AXE
    from tests.factories import ArticleFactory, CommentFactory

    article = ArticleFactory()
    top = CommentFactory(article=article, email="known@example.com", body="Already said")
    held = CommentFactory(article=article, parent=top, status=Comment.Status.PENDING)
    unsubscribe = f"/comments/unsubscribe/{unsubscribe_token('known@example.com')}/"

    def violations():
        page.evaluate(axe_source)  # through DevTools: the page's CSP forbids inline scripts
        return page.evaluate(RUN_AXE, RULES)

    found = {}
    page.goto(article.get_absolute_url())
    form = page.locator("#commentform")
    form.get_by_role("textbox", name="Comment").fill("Already said")
    form.get_by_role("textbox", name="Name").fill("Known")
    form.get_by_role("textbox", name="Email").fill("known@example.com")
    form.get_by_role("button", name="Post Comment").click()
    expect(form).to_contain_text("Duplicate comment detected")
    found["duplicate"] = violations()
    for name, url in [
        ("held", f"{article.get_absolute_url()}?{QUERY_PARAM}={token_for(held)}"),
        ("unsubscribe", unsubscribe),
        ("bad unsubscribe", "/comments/unsubscribe/forged:token/"),
    ]:
        page.goto(url)
        found[name] = violations()
    page.goto(unsubscribe)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("You are unsubscribed.")
    found["unsubscribed"] = violations()
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_report_link_asks_to_confirm_then_records_the_report_without_javascript(
    browser, live_server, settings
):
    """The article page (shared from the cache) links to a confirmation page with its own token."""
    from tests.factories import ArticleFactory, CommentFactory

    settings.COMMENTS_REPORTS_TO_HIDE = 5
    article = ArticleFactory(comments_enabled=False)
    comment = CommentFactory(article=article, name="Loud Reader")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(article.get_absolute_url())
        expect(page.locator("#commentform")).to_have_count(0)
        page.get_by_role("link", name="Report the comment by Loud Reader").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Report")
        # A reason is required before the report goes.
        page.get_by_role("button", name="Report this comment").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Report")
        assert comment.flags.count() == 0
        page.get_by_role("radio", name="Spam or advertising").check()
        page.get_by_role("button", name="Report this comment").click()
        # Back at the comment, told what happened.
        assert page.url.endswith(f"#comment-{comment.pk}")
        reported = page.locator(f"#comment-{comment.pk}")
        expect(reported.get_by_role("status")).to_contain_text("Moderators will review this comment.")
        comment.refresh_from_db()
        assert comment.flag_count == 1
        assert comment.flags.get().reason == "spam"
    finally:
        context.close()
