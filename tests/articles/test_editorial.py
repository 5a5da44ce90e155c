"""The editorial workflow in the admin: roles, drafts, scheduling, slugs, previews and revisions."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, ArticleSlugHistory, Category
from comments.models import Comment
from newsroom.roles import EDITOR, MODERATOR, WRITER
from shows.models import Show
from tests.factories import ArticleFactory, CommentFactory, UserFactory, png_upload, staff_in_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

PASSWORD = "a-long-test-password"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def article_form(**overrides):
    """POST data for the article add/change form, with empty inlines."""
    data = {
        "title": "Season 2 starts filming",
        "slug": "season-2-starts-filming",
        "category": str(Category.objects.get(slug="news").pk),
        "summary": "Cameras are rolling in Seoul.",
        "body": "## Filming\n\nIt has begun.",
        "hero_alt": "",
        "hero_caption": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "significant_update_at_0": "",
        "significant_update_at_1": "",
        "comments_enabled": "on",
        "seo_title": "",
        "seo_description": "",
        "images-TOTAL_FORMS": "0",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "old_slugs-TOTAL_FORMS": "0",
        "old_slugs-INITIAL_FORMS": "0",
        "old_slugs-MIN_NUM_FORMS": "0",
        "old_slugs-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def when(moment):
    local = timezone.localtime(moment)
    return {"published_at_0": local.strftime("%Y-%m-%d"), "published_at_1": local.strftime("%H:%M:%S")}


ADD_URL = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


# Roles ---------------------------------------------------------------------------------------------------


def test_the_migration_creates_the_three_roles():
    assert set(Group.objects.values_list("name", flat=True)) >= {WRITER, EDITOR, MODERATOR}
    assert Group.objects.get(name=EDITOR).permissions.filter(codename="publish_article").exists()
    assert not Group.objects.get(name=WRITER).permissions.filter(codename="publish_article").exists()


def test_every_migrate_takes_articles_away_from_a_moderator_group_that_had_them():
    """Moderators once had articles.view_article, which opened every draft to them in the admin."""
    from django.contrib.auth.models import Permission

    from newsroom.apps import sync_roles

    moderators = Group.objects.get(name=MODERATOR)
    moderators.permissions.add(Permission.objects.get(codename="view_article"))

    sync_roles(sender=None)

    assert not moderators.permissions.filter(content_type__app_label="articles").exists()


def article_admin():
    return admin.site._registry[Article]


def request_for(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.fixture
def people():
    writer = staff_in_role(WRITER, "writer")
    return {
        "writer": writer,
        "other_writer": staff_in_role(WRITER, "other-writer"),
        "editor": staff_in_role(EDITOR, "editor"),
        "moderator": staff_in_role(MODERATOR, "moderator"),
        "own_draft": ArticleFactory(draft=True, author=writer),
        "own_published": ArticleFactory(author=writer),
    }


# (who, what, allowed): the permission matrix of the newsroom. "Own" articles are the writer's.
MATRIX = [
    ("writer", "view articles", True),
    ("writer", "add an article", True),
    ("writer", "change own draft", True),
    ("writer", "change someone else's draft", False),
    ("writer", "change own published article", False),
    ("writer", "delete own draft", False),
    ("writer", "publish", False),
    ("writer", "change a show", False),
    ("writer", "view shows (for autocomplete)", True),
    ("writer", "moderate comments", False),
    ("editor", "view articles", True),
    ("editor", "add an article", True),
    ("editor", "change own draft", True),
    ("editor", "change someone else's draft", True),
    ("editor", "change own published article", True),
    ("editor", "delete own draft", True),
    ("editor", "publish", True),
    ("editor", "change a show", True),
    ("editor", "view shows (for autocomplete)", True),
    ("editor", "moderate comments", True),
    ("moderator", "view articles", False),
    ("moderator", "add an article", False),
    ("moderator", "change own draft", False),
    ("moderator", "change someone else's draft", False),
    ("moderator", "change own published article", False),
    ("moderator", "delete own draft", False),
    ("moderator", "publish", False),
    ("moderator", "change a show", False),
    ("moderator", "view shows (for autocomplete)", False),
    ("moderator", "moderate comments", True),
]


@pytest.mark.parametrize(("who", "what", "allowed"), MATRIX, ids=[f"{w}-{a}" for w, a, _ in MATRIX])
def test_permission_matrix(people, who, what, allowed):
    user = people[who]
    request = request_for(user)
    articles = article_admin()
    other_draft = ArticleFactory(draft=True, author=people["other_writer"])
    checks = {
        "view articles": lambda: articles.has_view_permission(request),
        "add an article": lambda: articles.has_add_permission(request),
        "change own draft": lambda: articles.has_change_permission(request, people["own_draft"]),
        "change someone else's draft": lambda: articles.has_change_permission(request, other_draft),
        "change own published article": lambda: articles.has_change_permission(
            request, people["own_published"]
        ),
        "delete own draft": lambda: articles.has_delete_permission(request, people["own_draft"]),
        "publish": lambda: "status" not in articles.get_readonly_fields(request, people["own_draft"]),
        "change a show": lambda: admin.site._registry[Show].has_change_permission(request),
        "view shows (for autocomplete)": lambda: admin.site._registry[Show].has_view_permission(request),
        "moderate comments": lambda: user.has_perm("comments.change_comment"),
    }
    assert checks[what]() is allowed


def test_moderator_changes_a_comment_through_the_admin(client, people):
    comment = CommentFactory(status=Comment.Status.PENDING)
    login(client, people["moderator"])

    assert client.get(reverse("admin:comments_comment_change", args=[comment.pk])).status_code == 200
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    assert client.get(reverse("admin:shows_show_changelist")).status_code == 403


# Writers -------------------------------------------------------------------------------------------------


def test_writer_adds_a_draft_that_is_theirs_whatever_the_form_says(client, people, clock):
    login(client, people["writer"])

    response = client.post(
        ADD_URL,
        article_form(status="published", author=str(people["editor"].pk), **when(clock.now)),
        follow=True,
    )

    assert response.status_code == 200
    article = Article.objects.get(slug="season-2-starts-filming")
    assert article.status == Article.Status.DRAFT
    assert article.published_at is None
    assert article.author == people["writer"]


def test_writer_sees_publishing_fields_read_only(client, people):
    login(client, people["writer"])

    form = client.get(change_url(people["own_draft"])).context["adminform"].form

    assert "status" not in form.fields
    assert "published_at" not in form.fields
    assert "title" in form.fields


def test_writer_cannot_save_changes_to_someone_elses_draft(client, people):
    other = ArticleFactory(draft=True, author=people["other_writer"], title="Their draft")
    login(client, people["writer"])

    response = client.post(change_url(other), article_form(title="Hijacked", slug=other.slug))

    assert response.status_code == 302  # to the admin's index: for a writer, that draft does not exist
    assert response["Location"] == reverse("admin:index")
    other.refresh_from_db()
    assert other.title == "Their draft"


# Editors: scheduling -------------------------------------------------------------------------------------


def test_editor_schedules_an_article_that_stays_hidden_until_its_time(client, people, clock):
    login(client, people["editor"])
    later = clock.ahead(days=2)

    response = client.post(
        ADD_URL, article_form(status="published", author=str(people["editor"].pk), **when(later)), follow=True
    )

    article = Article.objects.get(slug="season-2-starts-filming")
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == later.replace(microsecond=0)
    assert article.state == "Scheduled"
    assertContains(response, "Scheduled: the article goes live on")
    assert client.get(article.get_absolute_url()).status_code == 404
    clock.advance(days=2)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_scheduled_is_not_a_status_an_editor_can_store(client, people, clock):
    """It is derived from the date; an old form posting it gets an error, not a status nobody settles."""
    login(client, people["editor"])

    response = client.post(
        ADD_URL,
        article_form(status="scheduled", author=str(people["editor"].pk), **when(clock.ahead(hours=3))),
    )

    assertContains(response, "Select a valid choice. scheduled is not one of the available choices.")
    assert not Article.objects.filter(slug="season-2-starts-filming").exists()


def test_publishing_with_a_past_date_makes_the_article_live_since_then_with_a_notice(client, people, clock):
    """The date typed is kept (an article dated last week is listed with last week's stories) and the
    notice says so, in case the editor meant to schedule it."""
    login(client, people["editor"])
    last_week = clock.ago(days=7)

    response = client.post(
        ADD_URL,
        article_form(status="published", author=str(people["editor"].pk), **when(last_week)),
        follow=True,
    )

    article = Article.objects.get(slug="season-2-starts-filming")
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == last_week.replace(microsecond=0)
    assert article.state == "Published"
    assertContains(response, "Published: the article is live, dated")
    assert client.get(article.get_absolute_url()).status_code == 200


def test_saving_a_live_article_again_says_nothing_about_publishing(client, people):
    article = ArticleFactory(slug="live", title="Live")
    login(client, people["editor"])

    response = client.post(
        change_url(article),
        article_form(
            title="Live, typo fixed",
            slug="live",
            status="published",
            author=str(article.author_id),
            **when(article.published_at),
        ),
        follow=True,
    )

    assertContains(response, "was changed successfully")
    assertNotContains(response, "the article is live, dated")


def test_publishing_without_a_date_is_refused_with_a_clear_error(client, people):
    login(client, people["editor"])

    response = client.post(ADD_URL, article_form(status="published", author=str(people["editor"].pk)))

    assertContains(response, "Set a publication date to publish this article.")
    assert not Article.objects.filter(slug="season-2-starts-filming").exists()


CHANGELIST_URL = reverse("admin:articles_article_changelist")


@pytest.fixture
def one_of_each_state(people, clock):
    return {
        "Draft": people["own_draft"],
        "Scheduled": ArticleFactory(title="Embargoed teaser", published_at=clock.ahead(minutes=5)),
        "Published": people["own_published"],
        "Unpublished": ArticleFactory(title="Withdrawn story", status=Article.Status.UNPUBLISHED),
    }


def test_the_article_list_shows_each_articles_state_as_of_now(client, people, clock, one_of_each_state):
    login(client, people["editor"])

    rows = {article.pk: article.state for article in client.get(CHANGELIST_URL).context["cl"].result_list}
    assert rows == {article.pk: state for state, article in one_of_each_state.items()}

    clock.advance(minutes=5)
    rows = {article.pk: article.state for article in client.get(CHANGELIST_URL).context["cl"].result_list}
    assert rows[one_of_each_state["Scheduled"].pk] == "Published"


@pytest.mark.parametrize("state", ["Draft", "Scheduled", "Published", "Unpublished"])
def test_editors_filter_the_article_list_by_state(client, people, one_of_each_state, state):
    login(client, people["editor"])

    response = client.get(CHANGELIST_URL, {"state": state.lower()})

    assert list(response.context["cl"].result_list) == [one_of_each_state[state]]
    assertContains(response, f'<a href="?state={state.lower()}">{state}</a>', html=True)


# Slugs ---------------------------------------------------------------------------------------------------


def test_a_slug_clash_is_a_clear_form_error(client, people):
    ArticleFactory(slug="season-2-starts-filming")
    login(client, people["editor"])

    response = client.post(ADD_URL, article_form(author=str(people["editor"].pk)))

    assertContains(response, "Another article already uses this slug. Choose a different one.")
    assert Article.objects.filter(slug="season-2-starts-filming").count() == 1


def test_changing_a_slug_redirects_the_old_address_permanently(client):
    article = ArticleFactory(slug="old-address")
    article.slug = "new-address"
    article.save()

    response = client.get("/news/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/news/new-address/"
    assert client.get("/news/new-address/").status_code == 200


def test_changing_a_slug_twice_redirects_both_old_addresses(client):
    article = ArticleFactory(slug="first")
    article.slug = "second"
    article.save()
    article.slug = "third"
    article.save()

    assert client.get("/news/first/")["Location"] == "/news/third/"
    assert client.get("/news/second/")["Location"] == "/news/third/"


def test_taking_back_an_old_slug_removes_its_redirect(client):
    article = ArticleFactory(slug="first")
    article.slug = "second"
    article.save()
    article.slug = "first"
    article.save()

    assert not ArticleSlugHistory.objects.filter(slug="first").exists()
    assert client.get("/news/first/").status_code == 200
    assert client.get("/news/second/")["Location"] == "/news/first/"


def test_an_old_slug_of_a_draft_does_not_redirect(client):
    article = ArticleFactory(slug="first", draft=True)
    article.slug = "second"
    article.save()

    assert client.get("/news/first/").status_code == 404


def test_another_articles_old_slug_is_refused_with_a_clear_error(client, people):
    moved = ArticleFactory(slug="season-2-starts-filming", title="The moved story")
    moved.slug = "moved"
    moved.save()
    login(client, people["editor"])

    response = client.post(ADD_URL, article_form(author=str(people["editor"].pk)))

    assertContains(response, "This slug is the old address of “The moved story”")
    assert not Article.objects.filter(slug="season-2-starts-filming").exists()


# Body ----------------------------------------------------------------------------------------------------


def test_hostile_html_pasted_into_the_admin_is_stored_sanitized(client, people):
    login(client, people["editor"])
    hostile = (
        "Hello <script>alert(1)</script> <img src=x onerror=alert(2)> "
        '<a href="javascript:alert(3)">click</a> <iframe src="https://evil.example"></iframe> '
        '<p style="color:red" onmouseover="alert(4)">styled</p> [link](javascript:alert(5))'
    )

    client.post(ADD_URL, article_form(body=hostile, author=str(people["editor"].pk)))

    html = Article.objects.get(slug="season-2-starts-filming").body_html
    for marker in ("<script", "onerror", "javascript:", "<iframe", "style=", "onmouseover", "alert(1)"):
        assert marker not in html
    assert "Hello" in html
    assert "styled" in html


def test_live_preview_renders_markdown_with_the_same_sanitizer(client, people):
    login(client, people["writer"])
    url = reverse("admin:articles_article_markdown_preview")

    response = client.post(url, {"body": "## Cast\n\n<script>x()</script>**bold**"})

    assert response.status_code == 200
    assert response.json()["html"].startswith('<h2 id="section-cast">Cast</h2>')
    assert "<strong>bold</strong>" in response.json()["html"]
    assert "<script" not in response.json()["html"]
    assert client.get(url).status_code == 405


def test_live_preview_is_for_staff_only(client):
    response = client.post(reverse("admin:articles_article_markdown_preview"), {"body": "x"})

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_body_field_carries_the_preview_script_and_endpoint(client, people):
    login(client, people["editor"])

    response = client.get(ADD_URL)

    assertContains(response, 'data-preview-url="/admin/articles/article/markdown-preview/"')
    assertContains(response, "js/article-preview.js")


# Preview of a whole draft ---------------------------------------------------------------------------------


def test_editor_previews_a_draft_as_readers_will_see_it(client, people):
    draft = ArticleFactory(draft=True, title="Secret casting news", author=people["writer"])
    login(client, people["editor"])

    response = client.get(reverse("admin:articles_article_preview", args=[draft.pk]))

    assert response.status_code == 200
    assertContains(response, "Secret casting news")
    assertContains(response, '<meta name="robots" content="noindex, nofollow">')
    assertContains(response, "Only staff can open this page.")
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_readers_cannot_open_a_draft_preview(client):
    draft = ArticleFactory(draft=True, title="Secret casting news")

    response = client.get(reverse("admin:articles_article_preview", args=[draft.pk]))

    assert response.status_code == 302
    assertNotContains(response, "Secret casting news", status_code=302)


def test_a_staff_user_without_article_rights_cannot_preview(client):
    draft = ArticleFactory(draft=True)
    user = UserFactory(username="intern", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    login(client, user)

    assert client.get(reverse("admin:articles_article_preview", args=[draft.pk])).status_code == 403


# Revisions -----------------------------------------------------------------------------------------------


def test_every_save_keeps_the_previous_version_and_an_editor_restores_one(client, people):
    article = ArticleFactory(title="First headline", body="First body.")
    article.title = "Second headline"
    article.body = "Second body."
    article.save()
    first = article.history.order_by("history_date", "history_id").first()
    assert article.history.count() == 2
    login(client, people["editor"])

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assertContains(history, "First headline")

    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    form = client.get(revert_url).context["adminform"].form
    data = article_form(
        title=form["title"].value(),
        slug=form["slug"].value(),
        summary=form["summary"].value(),
        body=form["body"].value(),
        category=str(form["category"].value()),
        status=form["status"].value(),
        author=str(form["author"].value()),
        **when(article.published_at),
    )
    response = client.post(revert_url, data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "First headline"
    assert article.body_html == "<p>First body.</p>"
    assert article.history.count() == 3


# Body images --------------------------------------------------------------------------------------------


def test_editor_uploads_a_body_image_and_gets_markdown_that_renders_it(client, people):

    login(client, people["editor"])
    client.post(
        ADD_URL,
        article_form(
            author=str(people["editor"].pk),
            **{
                "images-TOTAL_FORMS": "1",
                "images-0-image": png_upload("set.png", width=30, height=20),
                "images-0-alt_text": "The set of Hyosan High",
                "images-0-caption": "Photo: Netflix",
            },
        ),
    )
    article = Article.objects.get(slug="season-2-starts-filming")
    image = article.images.get()
    assert image.markdown == f'![The set of Hyosan High]({image.image.url} "Photo: Netflix")'
    assertContains(client.get(change_url(article)), image.markdown.replace('"', "&quot;"))

    article.body = f"Look:\n\n{image.markdown}"
    article.save()

    # Served from its renditions (made when the image was saved), never the uploaded file itself.
    rendition = image.image.url.replace("/media/", "/media/renditions/").replace(".png", "-30w.png")
    assert f'<img title="Photo: Netflix" src="{rendition}"' in article.body_html
    assert f'src="{image.image.url}"' not in article.body_html
    assert 'width="30" height="20"' in article.body_html


def test_a_body_image_needs_alt_text(client, people):

    login(client, people["editor"])
    response = client.post(
        ADD_URL,
        article_form(
            author=str(people["editor"].pk),
            **{"images-TOTAL_FORMS": "1", "images-0-image": png_upload("set.png"), "images-0-alt_text": ""},
        ),
    )

    assert response.status_code == 200
    assert not Article.objects.filter(slug="season-2-starts-filming").exists()


def test_editing_a_scheduled_article_after_its_time_keeps_its_publication_date(client, people, clock):
    nine = clock.ahead(hours=1)
    article = ArticleFactory(slug="went-live", title="Went live", published_at=nine)
    clock.advance(hours=2)  # its time came while nobody saved it
    login(client, people["editor"])
    form = client.get(change_url(article)).context["adminform"].form
    assert form["status"].value() == Article.Status.PUBLISHED

    client.post(
        change_url(article),
        article_form(
            title="Went live, typo fixed",
            slug="went-live",
            status="published",
            author=str(article.author_id),
            **when(nine),
        ),
    )

    article.refresh_from_db()
    assert article.title == "Went live, typo fixed"
    assert article.published_at == nine.replace(microsecond=0)
    assert article.status == Article.Status.PUBLISHED


def test_restoring_a_version_with_an_earlier_slug_keeps_the_later_address_redirecting(client, people):
    """A restored version is built from history, not loaded: its save must still learn the slug it replaces."""
    article = ArticleFactory(slug="first-address")
    first = article.history.get()
    article.slug = "second-address"
    article.save()
    login(client, people["editor"])

    revert_url = reverse("admin:articles_article_simple_history", args=[article.pk, first.history_id])
    response = client.post(
        revert_url,
        article_form(
            title=article.title,
            slug="first-address",
            status="published",
            author=str(article.author_id),
            **when(article.published_at),
        ),
    )

    assert response.status_code == 302
    assert client.get("/news/first-address/").status_code == 200
    assert client.get("/news/second-address/")["Location"] == "/news/first-address/"


# Time zones ----------------------------------------------------------------------------------------------


def test_a_time_typed_in_the_admin_is_read_in_the_sites_time_zone(client, people, settings):
    settings.TIME_ZONE = "Asia/Seoul"
    login(client, people["editor"])

    client.post(
        ADD_URL,
        article_form(
            status="published",
            author=str(people["editor"].pk),
            published_at_0="2030-01-02",
            published_at_1="09:00:00",
        ),
    )

    article = Article.objects.get(slug="season-2-starts-filming")
    assert article.published_at == datetime.datetime(2030, 1, 2, 0, 0, tzinfo=datetime.UTC)
    assert article.state == "Scheduled"


def test_a_time_that_does_not_exist_in_the_sites_time_zone_is_a_clear_form_error(client, people, settings):
    settings.TIME_ZONE = "Europe/London"  # clocks go from 01:00 to 02:00 on 31 March 2030
    login(client, people["editor"])

    response = client.post(
        ADD_URL,
        article_form(
            status="published",
            author=str(people["editor"].pk),
            published_at_0="2030-03-31",
            published_at_1="01:30:00",
        ),
    )

    assertContains(response, "couldn’t be interpreted in time zone Europe/London")
    assert not Article.objects.filter(slug="season-2-starts-filming").exists()


@pytest.mark.parametrize(("days", "notice"), [(-1, "is live, dated"), (1, "goes live on")])
def test_the_publication_notice_gives_the_time_in_the_sites_time_zone(
    client, people, settings, clock, days, notice
):
    settings.TIME_ZONE = "Asia/Seoul"
    login(client, people["editor"])

    response = client.post(
        ADD_URL,
        article_form(status="published", author=str(people["editor"].pk), **when(clock.ahead(days=days))),
        follow=True,
    )

    published = timezone.localtime(Article.objects.get(slug="season-2-starts-filming").published_at)
    assertContains(response, f"{notice} {published:%d %B %Y %H:%M} KST.")


def test_a_significant_update_in_the_future_is_refused(client, people, clock):
    login(client, people["editor"])
    tomorrow = timezone.localtime(clock.tomorrow)

    response = client.post(
        ADD_URL,
        article_form(
            status="published",
            author=str(people["editor"].pk),
            significant_update_at_0=tomorrow.strftime("%Y-%m-%d"),
            significant_update_at_1=tomorrow.strftime("%H:%M:%S"),
            **when(clock.yesterday),
        ),
    )

    assertContains(response, "A significant update cannot be in the future")
    assert not Article.objects.filter(slug="season-2-starts-filming").exists()
