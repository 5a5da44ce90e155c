"""The newsroom's roles through real admin requests: what a Writer or a Moderator can reach, see and
change by any URL or crafted POST, not only what the admin's forms offer them."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from newsroom.roles import EDITOR, MODERATOR, WRITER
from tests.articles.test_editorial import article_form, change_url, login, when
from tests.factories import ArticleFactory, staff_in_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def newsroom(clock):
    writer = staff_in_role(WRITER, "writer")
    other = staff_in_role(WRITER, "other-writer")
    return {
        "writer": writer,
        "editor": staff_in_role(EDITOR, "editor"),
        "moderator": staff_in_role(MODERATOR, "moderator"),
        "own_draft": ArticleFactory(draft=True, author=writer, title="My draft", slug="my-draft"),
        "others_draft": ArticleFactory(draft=True, author=other, title="Their scoop", slug="their-scoop"),
        "others_scheduled": ArticleFactory(
            author=other,
            title="Their embargo",
            slug="their-embargo",
            published_at=clock.ahead(days=1),
        ),
        "live": ArticleFactory(author=other, title="Live story", slug="live-story"),
    }


def revision_url(article, version=None):
    version = version or article.history.order_by("history_date", "history_id").first()
    return reverse("admin:articles_article_simple_history", args=[article.pk, version.history_id])


def preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def history_url(article):
    return reverse("admin:articles_article_history", args=[article.pk])


# Writers -------------------------------------------------------------------------------------------------


def test_writer_cannot_publish_their_draft_by_posting_a_status_and_a_past_date(client, newsroom, clock):
    draft = newsroom["own_draft"]
    login(client, newsroom["writer"])

    response = client.post(
        change_url(draft),
        article_form(
            title="My draft, done",
            slug="my-draft",
            status="published",
            author=str(newsroom["editor"].pk),
            **when(clock.ago(days=3)),
        ),
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "My draft, done"
    assert (draft.status, draft.published_at, draft.author) == ("draft", None, newsroom["writer"])
    assert client.get("/news/my-draft/").status_code == 404


@pytest.mark.parametrize("which", ["others_draft", "others_scheduled"])
def test_writer_can_neither_open_nor_preview_nor_read_the_history_of_someone_elses_unpublished_article(
    client, newsroom, which
):
    article = newsroom[which]
    login(client, newsroom["writer"])

    assert client.get(change_url(article)).status_code == 302  # "does not exist", back to the index
    assert client.get(preview_url(article)).status_code in (403, 404)
    assert client.get(history_url(article)).status_code in (403, 404)
    assert client.get(revision_url(article)).status_code in (403, 404)
    changelist = client.get(reverse("admin:articles_article_changelist"))
    assertNotContains(changelist, article.title)
    assertContains(changelist, "My draft")
    assertContains(changelist, "Live story")


def test_writer_previews_their_own_draft(client, newsroom):
    login(client, newsroom["writer"])

    assertContains(client.get(preview_url(newsroom["own_draft"])), "My draft")


def test_writer_cannot_change_a_published_article_by_posting_its_form(client, newsroom):
    live = newsroom["live"]
    login(client, newsroom["writer"])

    response = client.post(change_url(live), article_form(title="Defaced", slug="live-story"))

    assert response.status_code == 403
    live.refresh_from_db()
    assert (live.title, live.status) == ("Live story", Article.Status.PUBLISHED)


def test_writer_cannot_restore_a_revision_of_a_published_article(client, newsroom):
    """django-simple-history saves a posted revision form for anyone who may merely view the article;
    that let a writer overwrite any live story and, with it, take it off the site as a draft."""
    live = newsroom["live"]
    live.title = "Live story, updated"
    live.save()
    login(client, newsroom["writer"])

    page = client.get(revision_url(live))
    assert page.status_code == 200  # reading a live story's past is fine
    assert page.context["revert_disabled"] is True
    response = client.post(revision_url(live), article_form(title="Defaced", slug="live-story"))

    assert response.status_code == 403
    live.refresh_from_db()
    assert (live.title, live.status) == ("Live story, updated", Article.Status.PUBLISHED)
    assert client.get("/news/live-story/").status_code == 200


def test_writer_cannot_restore_an_old_draft_version_of_their_article_once_it_is_published(
    client, newsroom, clock
):
    """The check is on the article as it is now, not on the old version (which was the writer's draft)."""
    draft = newsroom["own_draft"]
    old = draft.history.get()
    draft.status, draft.published_at = Article.Status.PUBLISHED, clock.ago(minutes=5)
    draft.save()
    login(client, newsroom["writer"])
    assert client.get(revision_url(draft, old)).context["revert_disabled"] is True

    response = client.post(revision_url(draft, old), article_form(title="Back to draft", slug="my-draft"))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED


def test_writer_restores_an_earlier_version_of_their_own_draft(client, newsroom):
    draft = newsroom["own_draft"]
    old = draft.history.get()
    draft.title = "My draft, rewritten"
    draft.save()
    login(client, newsroom["writer"])
    assert client.get(revision_url(draft, old)).context["revert_disabled"] is False

    response = client.post(revision_url(draft, old), article_form(title="My draft", slug="my-draft"))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("My draft", Article.Status.DRAFT)


# Moderators ----------------------------------------------------------------------------------------------


def test_moderator_cannot_reach_any_article_page_of_the_admin(client, newsroom):
    login(client, newsroom["moderator"])
    draft = newsroom["others_draft"]
    urls = [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        change_url(draft),
        change_url(newsroom["live"]),
        preview_url(draft),
        history_url(draft),
        revision_url(draft),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assertNotContains(response, "Their scoop", status_code=response.status_code)
    assert client.post(reverse("admin:articles_article_markdown_preview"), {"body": "x"}).status_code == 403
    assertNotContains(client.get(reverse("admin:index")), "/admin/articles/article/")


def test_moderator_cannot_post_a_revision_of_an_article(client, newsroom):
    live = newsroom["live"]
    login(client, newsroom["moderator"])

    response = client.post(revision_url(live), article_form(title="Defaced", slug="live-story"))

    assert response.status_code in (403, 404)
    live.refresh_from_db()
    assert live.title == "Live story"


# Editors -------------------------------------------------------------------------------------------------


def test_editor_opens_every_article_and_its_preview_and_history(client, newsroom):
    login(client, newsroom["editor"])

    for which in ("own_draft", "others_draft", "others_scheduled", "live"):
        article = newsroom[which]
        for url in (change_url(article), preview_url(article), history_url(article), revision_url(article)):
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("path", ["abc/history/1/", "1/history/abc/", "999999/history/1/"])
def test_odd_revision_addresses_are_not_found(client, newsroom, path):
    login(client, newsroom["editor"])

    assert client.get(reverse("admin:articles_article_changelist") + path).status_code == 404


def test_the_live_preview_refuses_a_post_without_the_csrf_token(newsroom):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(newsroom["editor"])

    response = client.post(reverse("admin:articles_article_markdown_preview"), {"body": "## Hi"})

    assert response.status_code == 403


# The matrix, as status codes of admin pages ----------------------------------------------------------------

DELETE, CATEGORY_ADD, TAG_ADD, SHOW_CHANGELIST = "delete own draft", "add a category", "add a tag", "shows"
HTTP_MATRIX = [
    ("writer", DELETE, 403),
    ("writer", CATEGORY_ADD, 403),
    ("writer", TAG_ADD, 200),
    ("writer", SHOW_CHANGELIST, 200),  # to pick related shows; read-only
    ("editor", DELETE, 200),
    ("editor", CATEGORY_ADD, 200),
    ("editor", TAG_ADD, 200),
    ("editor", SHOW_CHANGELIST, 200),
    ("moderator", DELETE, 403),
    ("moderator", CATEGORY_ADD, 403),
    ("moderator", TAG_ADD, 403),
    ("moderator", SHOW_CHANGELIST, 403),
]


@pytest.mark.parametrize(("who", "what", "status"), HTTP_MATRIX, ids=[f"{w}-{a}" for w, a, _ in HTTP_MATRIX])
def test_admin_pages_answer_each_role_as_the_matrix_says(client, newsroom, who, what, status):
    urls = {
        DELETE: reverse("admin:articles_article_delete", args=[newsroom["own_draft"].pk]),
        CATEGORY_ADD: reverse("admin:articles_category_add"),
        TAG_ADD: reverse("admin:articles_tag_add"),
        SHOW_CHANGELIST: reverse("admin:shows_show_changelist"),
    }
    login(client, newsroom[who])

    assert client.get(urls[what]).status_code == status


def test_writer_cannot_delete_their_draft_by_posting_the_confirmation(client, newsroom):
    login(client, newsroom["writer"])

    response = client.post(
        reverse("admin:articles_article_delete", args=[newsroom["own_draft"].pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Article.objects.filter(pk=newsroom["own_draft"].pk).exists()
