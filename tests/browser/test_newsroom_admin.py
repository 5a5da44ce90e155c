"""The newsroom's admin at 1280 px in real Chromium (issue 13): an editor enters a show with a season
and its cast, writes an article, previews it and publishes it in one click; a moderator clears the
queue one click (or key) each while the badge counts down; a writer cannot publish. Every page
these flows use has no axe-core violation and no Content-Security-Policy violation."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from newsroom.roles import EDITOR, MODERATOR, WRITER
from shows.models import CastCredit, Season, Show
from tests.browser.test_accessibility import RULES, RUN_AXE, axe_source  # noqa: F401 (a fixture)
from tests.browser.test_content_security_policy import REPORT_VIOLATIONS
from tests.factories import CategoryFactory, CommentFactory, staff_in_role

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-test-password"


@pytest.fixture
def admin_page(browser, live_server, settings, axe_source):  # noqa: F811
    """A 1280 px wide page that records console errors (CSP violations included) and can run axe."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.errors = errors
    page.violations = {}

    def check_axe():
        page.wait_for_timeout(100)  # the page's own scripts (and any CSP report) have run
        before = len(errors)
        page.evaluate(axe_source)  # through DevTools: the page's CSP forbids inline scripts
        found = page.evaluate(RUN_AXE, RULES)
        # axe-core measures contrast with styles of its own, which the policy refuses and reports:
        # those reports are the checker's, not the page's.
        del errors[before:]
        if found:
            page.violations[page.url] = found

    page.check_axe = check_axe
    yield page
    context.close()
    cache.clear()


def log_in(page, username):
    page.goto("/admin/")
    page.get_by_role("textbox", name="Username:", exact=True).fill(username)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def pick_autocomplete(page, row, field, text):
    """Choose ``text`` in one of the admin's autocomplete (select2) menus."""
    row.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_editor_enters_a_show_with_cast_then_writes_previews_and_publishes_in_one_click(admin_page):
    page = admin_page
    CategoryFactory(name="News", slug="news")
    staff_in_role(EDITOR, "mina", first_name="Mina", last_name="Aouad")
    log_in(page, "mina")
    page.check_axe()

    # A show with its first season, on one page.
    page.goto("/admin/shows/show/add/")
    page.get_by_role("textbox", name="Title:", exact=True).fill("Weak Hero")
    page.locator("#seasons-group .add-row a").click()
    page.locator("#id_seasons-0-number").fill("1")
    page.check_axe()
    table_width = page.locator("#seasons-group table").evaluate(
        "table => table.getBoundingClientRect().right"
    )
    assert table_width <= 1280, f"the seasons table runs past the page: {table_width}px"
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    show = Show.objects.get(slug="weak-hero")
    season = Season.objects.get(show=show, number=1)

    page.goto("/admin/shows/person/add/")
    page.get_by_role("textbox", name="Name:", exact=True).fill("Park Ji-hoon")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The cast: an actor, and their character added in a popup that already knows the show.
    page.goto(f"/admin/shows/season/{season.pk}/change/")
    page.locator("#credits-group .add-row a").click()
    row = page.locator("#credits-0")
    pick_autocomplete(page, row, "person", "Park Ji-hoon")
    with page.expect_popup() as opened:
        page.locator("#add_id_credits-0-character").click()
    popup = opened.value
    expect(popup.locator("#id_show option[selected]")).to_have_text("Weak Hero")
    popup.get_by_role("textbox", name="Name:", exact=True).fill("Yeon Si-eun")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(row.locator(".field-character .select2-selection__rendered")).to_contain_text("Yeon Si-eun")
    page.check_axe()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    credit = CastCredit.objects.get(season=season)
    assert (credit.person.name, credit.character.name, credit.character.show) == (
        "Park Ji-hoon",
        "Yeon Si-eun",
        show,
    )

    # The article: preview beside the text, word count, then one click to publish.
    page.goto("/admin/articles/article/add/")
    title = page.get_by_role("textbox", name="Title:", exact=True)
    title.fill("Weak Hero Class 1 is a triumph")
    title.press("Tab")
    page.get_by_role("combobox", name="Category:", exact=True).select_option(label="News")
    page.get_by_role("textbox", name="Summary:", exact=True).fill("Park Ji-hoon carries the show.")
    body = page.get_by_role("textbox", name="Body:", exact=True)
    body.fill("## Why it works\n\nThree reasons:\n\n- the fights\n- the friendship\n- the cast")
    preview = page.get_by_role("region", name="Live preview of the body")
    expect(preview.get_by_role("heading", name="Why it works")).to_be_visible()
    expect(page.locator(".article-counts")).to_have_text("15 words · 1 min read")
    # Beside the text on a wide screen, with the site's list bullets.
    text_box, preview_box = body.bounding_box(), preview.bounding_box()
    assert preview_box["x"] > text_box["x"] + text_box["width"] - 1, (text_box, preview_box)
    bullet = preview.locator("li").first.evaluate("li => getComputedStyle(li).listStyleType")
    assert bullet == "disc"
    assert title.bounding_box()["width"] >= 600
    page.check_axe()
    page.get_by_role("button", name="Publish now").click()

    messages = page.locator(".messagelist")
    expect(messages).to_contain_text("is published")
    article = Article.objects.get(slug="weak-hero-class-1-is-a-triumph")
    assert article.is_published
    assert article.author.username == "mina"
    messages.get_by_role("link", name="View it on the site").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Weak Hero Class 1 is a triumph")
    expect(page.get_by_role("link", name="Mina Aouad")).to_be_visible()

    page.goto("/admin/articles/article/")
    expect(page.locator(".state-badge").first).to_have_text("Live")
    page.check_axe()
    page.goto("/admin/")
    page.check_axe()
    assert page.violations == {}, page.violations
    assert page.errors == [], "\n".join(page.errors)


def test_moderator_clears_the_queue_one_click_each_and_the_badge_counts_down(admin_page):
    page = admin_page
    staff_in_role(MODERATOR, "hana", first_name="Hana", last_name="Lee")
    held = CommentFactory.create_batch(3, status=Comment.Status.PENDING)
    CommentFactory(body="Already approved, not in the queue")
    log_in(page, "hana")
    badge = page.locator("#nav-sidebar .pending-badge__number")
    expect(page.locator(".pending-badge__number").first).to_have_text("3")

    page.get_by_role("link", name="Comments 3 waiting").first.click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)
    expect(badge).to_have_text("3")
    page.check_axe()

    rows.nth(0).get_by_role("button", name="Approve").click()
    expect(badge).to_have_text("2")
    rows.nth(1).get_by_role("button", name="Spam").click()
    expect(badge).to_have_text("1")
    page.keyboard.press("t")  # the next row is current after a click: trash it by key
    expect(badge).to_be_hidden()
    page.keyboard.press("u")  # changed my mind
    expect(badge).to_have_text("1")
    rows.nth(2).get_by_role("button", name="Approve").click()
    expect(badge).to_be_hidden()

    statuses = {comment.pk: Comment.objects.get(pk=comment.pk).status for comment in held}
    assert statuses == {held[0].pk: "approved", held[1].pk: "spam", held[2].pk: "approved"}
    page.reload()
    expect(page.locator("#result_list")).to_have_count(0)  # nothing waits
    page.check_axe()
    assert page.violations == {}, page.violations
    assert page.errors == [], "\n".join(page.errors)


def test_writer_cannot_publish(admin_page):
    page = admin_page
    CategoryFactory(name="News", slug="news")
    staff_in_role(WRITER, "jiwoo", first_name="Ji-woo", last_name="Kim")
    log_in(page, "jiwoo")

    page.goto("/admin/articles/article/add/")
    expect(page.get_by_role("button", name="Publish now")).to_have_count(0)
    expect(page.get_by_role("button", name="Schedule")).to_have_count(0)
    title = page.get_by_role("textbox", name="Title:", exact=True)
    title.fill("My first recap")
    title.press("Tab")
    page.get_by_role("combobox", name="Category:", exact=True).select_option(label="News")
    page.get_by_role("textbox", name="Summary:", exact=True).fill("Episode one, recapped.")
    page.get_by_role("textbox", name="Body:", exact=True).fill("It starts in a classroom.")
    page.check_axe()
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messagelist")).to_contain_text("is draft")
    article = Article.objects.get(slug="my-first-recap")
    assert article.status == Article.Status.DRAFT
    # Even the editors' button slipped into the form is refused by the server.
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.evaluate(
        """() => {
        const input = document.createElement("input");
        Object.assign(input, {type: "hidden", name: "_publish", value: "1"});
        document.getElementById("article_form").appendChild(input);
    }"""
    )
    with page.expect_response(f"**/admin/articles/article/{article.pk}/change/") as answer:
        page.get_by_role("button", name="Save draft").click()
    assert answer.value.status == 403
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    page.errors[:] = [error for error in page.errors if "403" not in error]  # the refusal itself
    assert page.violations == {}, page.violations
    assert page.errors == [], "\n".join(page.errors)
