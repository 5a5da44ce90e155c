"""Threaded replies, reply links without JavaScript, permalinks across pages, and the query budget."""

import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from comments.forms import MESSAGES
from comments.models import Comment
from comments.moderation import QUERY_PARAM, token_for
from tests.comments.conftest import as_author_of, post
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def depths(html):
    """{comment id: its depth in the page}, read from the nesting of the reply lists."""
    found, level = {}, 0
    thread = html[html.index('<ol class="comment-list">') :]
    for match in re.finditer(r'<ol class="(comment-list|children)">|</ol>|<li id="comment-(\d+)"', thread):
        if match.group(1):
            level += 1
        elif match.group(2):
            found[int(match.group(2))] = level
        else:
            level -= 1
            if not level:
                return found
    return found


def test_a_reply_is_stored_under_its_parent_one_level_deeper(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article)

    response = post(client, article, parent=str(parent.pk))

    reply = Comment.objects.get(parent=parent)
    assert reply.depth == 2
    assert response.status_code == 302
    assert urlsplit(response["Location"]).fragment == f"comment-{reply.pk}"


def test_replies_render_nested_inside_their_parent_in_order(client):
    article = ArticleFactory()
    first = CommentFactory(article=article, body="Top one")
    reply = CommentFactory(article=article, parent=first, body="A reply")
    deeper = CommentFactory(article=article, parent=reply, body="A reply to the reply")
    top_two = CommentFactory(article=article, body="Top two")

    html = client.get(article.get_absolute_url()).content.decode()

    first_li = html.index(f'id="comment-{first.pk}"')
    assert first_li < html.index("A reply") < html.index("A reply to the reply") < html.index("Top two")
    assert depths(html) == {first.pk: 1, reply.pk: 2, deeper.pk: 3, top_two.pk: 1}
    assert html.count('<ol class="children">') == 2
    assert "4 comments" in html


def test_reply_links_stop_at_the_deepest_level(client, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    article = ArticleFactory()
    top = CommentFactory(article=article)
    reply = CommentFactory(article=article, parent=top)

    html = client.get(article.get_absolute_url()).content.decode()

    assert f"replytocom={top.pk}#respond" in html
    assert f"replytocom={reply.pk}#respond" not in html


def test_reply_link_without_javascript_shows_leave_a_reply_to_and_cancel(client):
    article = ArticleFactory()
    comment = CommentFactory(article=article, name="Cheong-san")

    response = client.get(article.get_absolute_url(), {"replytocom": comment.pk})

    assertContains(response, "Leave a Reply to Cheong-san")
    html = response.content.decode()
    assert re.search(
        r'<a id="cancel-comment-reply-link" rel="nofollow" href="/news/[^"]+#respond">Cancel reply</a>', html
    )
    assert f'name="parent" value="{comment.pk}"' in html


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999999", ""])
def test_a_bogus_replytocom_shows_the_plain_form(client, value):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url(), {"replytocom": value})
    assert response.status_code == 200
    assertNotContains(response, "Leave a Reply to")
    assertContains(response, 'id="cancel-comment-reply-link" rel="nofollow" href="/news/')


def test_replytocom_of_another_articles_comment_is_ignored(client):
    article = ArticleFactory()
    foreign = CommentFactory(name="Elsewhere Person")
    response = client.get(article.get_absolute_url(), {"replytocom": foreign.pk})
    assertNotContains(response, "Leave a Reply to")


@pytest.mark.parametrize(
    ("make_parent", "message"),
    [
        (lambda article: CommentFactory(), MESSAGES["parent_missing"]),
        (
            lambda article: CommentFactory(article=article, status=Comment.Status.PENDING),
            MESSAGES["parent_unapproved"],
        ),
        (
            lambda article: CommentFactory(article=article, status=Comment.Status.SPAM),
            MESSAGES["parent_unapproved"],
        ),
        (
            lambda article: CommentFactory(
                article=article,
                parent=CommentFactory(article=article, parent=CommentFactory(article=article)),
            ),
            MESSAGES["parent_too_deep"],
        ),
    ],
    ids=["another-article", "unapproved", "spam", "too-deep"],
)
def test_forged_parent_is_refused_with_a_clear_message_and_nothing_stored(client, make_parent, message):
    article = ArticleFactory()
    parent = make_parent(article)
    before = Comment.objects.count()

    response = post(client, article, parent=str(parent.pk))

    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assert Comment.objects.count() == before


@pytest.mark.parametrize("value", ["abc", "0", "-5", "1.5", "9" * 19, "1 OR 1=1", "99999"])
def test_malformed_or_unknown_parent_is_refused(client, value):
    article = ArticleFactory()
    response = post(client, article, parent=value)
    assert response.status_code == 400
    assertContains(response, MESSAGES["parent_missing"], status_code=400)
    assert not Comment.objects.exists()


def test_held_reply_shows_to_its_author_under_its_parent(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article, body="The parent")

    response = post(client, article, parent=str(parent.pk), body="My held reply")
    page = client.get(response["Location"])

    held = Comment.objects.get(parent=parent)
    html = page.content.decode()
    assert held.status == Comment.Status.PENDING
    assert html.index(f'id="comment-{parent.pk}"') < html.index("My held reply")
    assert "Your comment is awaiting moderation." in html
    assert 'class="comment comment--held"' in html


# Pages and permalinks ---------------------------------------------------------------------------


def make_threads(article, count):
    tops = CommentFactory.create_batch(count, article=article)
    for top in tops:
        CommentFactory(article=article, parent=top, body="Reply")
    return tops


def test_top_level_comments_are_paginated_with_their_replies(client, settings):
    settings.COMMENTS_PER_PAGE = 3
    article = ArticleFactory()
    tops = make_threads(article, 7)

    first = client.get(article.get_absolute_url()).content.decode()
    third = client.get(article.get_absolute_url(), {"cpage": 3}).content.decode()

    assert sorted(depths(first).values()) == [1, 1, 1, 2, 2, 2]
    assert f'id="comment-{tops[0].pk}"' in first
    assert f'id="comment-{tops[6].pk}"' in third
    assert f'id="comment-{tops[0].pk}"' not in third
    assert "Page 1 of 3" in first
    assert "14 comments" in first


@pytest.mark.parametrize("value", ["x", "0", "999", "-1"])
def test_out_of_range_comment_pages_still_render(client, settings, value):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    make_threads(article, 5)
    assert client.get(article.get_absolute_url(), {"cpage": value}).status_code == 200


@pytest.mark.parametrize("value", [str(2**62 + 1), str(2**63 - 1)])
def test_a_page_number_past_a_64_bit_offset_shows_the_last_page(client, settings, value):
    """The page's first row, (number - 1) x per page, overflowed the databases' integers: a 500."""
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    make_threads(article, 5)
    response = client.get(article.get_absolute_url(), {"cpage": value})
    assertContains(response, "Page 3 of 3")


def test_permalink_redirects_to_the_page_and_anchor_of_a_reply(client, settings):
    settings.COMMENTS_PER_PAGE = 3
    article = ArticleFactory()
    tops = make_threads(article, 7)
    reply = tops[4].replies.get()

    response = client.get(reverse("comments:permalink", kwargs={"pk": reply.pk}))

    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{reply.pk}"
    page = client.get(response["Location"]).content.decode()
    assert f'id="comment-{reply.pk}"' in page


def test_permalink_on_the_first_page_has_no_page_number(client):
    comment = CommentFactory()
    response = client.get(comment.get_absolute_url())
    assert response["Location"] == f"{comment.article.get_absolute_url()}#comment-{comment.pk}"


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH])
def test_permalink_of_an_unpublished_comment_is_not_found(client, status):
    comment = CommentFactory(status=status)
    assert client.get(comment.get_absolute_url()).status_code == 404


def test_permalink_of_a_comment_on_a_draft_is_not_found(client):
    comment = CommentFactory(article=ArticleFactory(draft=True))
    assert client.get(comment.get_absolute_url()).status_code == 404


def test_permalink_with_a_huge_id_is_not_found(client):
    assert client.get("/comments/99999999999999999999999/").status_code == 404


def test_after_posting_on_a_later_page_the_redirect_goes_to_that_page(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = ArticleFactory()
    tops = make_threads(article, 5)
    as_author_of(client, tops[0])

    held = post(client, article, parent=str(tops[4].pk))["Location"]
    approved = post(client, article, parent=str(tops[4].pk), email=tops[0].email, body="Known")["Location"]

    assert "cpage=3" in held and f"{QUERY_PARAM}=" in held
    reply = Comment.objects.get(body="Known")
    assert approved == f"{article.get_absolute_url()}?cpage=3#comment-{reply.pk}"


# Query budget -----------------------------------------------------------------------------------


def build_threads(article, total):
    """``total`` approved comments in threads: a top-level comment, a reply, a reply to that."""
    made = 0
    while made < total:
        top = CommentFactory(article=article)
        made += 1
        if made < total:
            reply = CommentFactory(article=article, parent=top)
            made += 1
            if made < total:
                CommentFactory(article=article, parent=reply)
                made += 1


def queries_for(client, url):
    # The menu's sections are kept from the first page on (until the site changes): measure the
    # article as its later readers get it, as the page measured against it will be.
    client.get("/shows/")
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


@pytest.mark.parametrize("total", [pytest.param(5, id="5-comments"), pytest.param(500, id="500-comments")])
def test_article_page_queries_do_not_grow_with_threaded_comments(client, total, django_assert_num_queries):
    """Guards against a query per comment or per reply (comment.parent, comment.replies, the
    author's avatar) and per page of threads: one query fetches them all, Python builds the tree."""
    article = ArticleFactory(slug="threads")
    build_threads(article, total)
    # The article page around the comments belongs to the articles app: measure it without comments.
    baseline = queries_for(client, ArticleFactory(slug="empty").get_absolute_url())

    with django_assert_num_queries(baseline):
        response = client.get(article.get_absolute_url())

    html = response.content.decode()
    assert list(depths(html).values()).count(1) == min((total + 2) // 3, 50)
    assert f"{total} comments" in html


@pytest.mark.parametrize("total", [pytest.param(5, id="5-comments"), pytest.param(500, id="500-comments")])
def test_a_held_comment_costs_one_more_query_whatever_the_thread_size(
    client, total, django_assert_num_queries
):
    article = ArticleFactory(slug="threads")
    build_threads(article, total)
    # The article page around the comments belongs to the articles app: measure it without comments.
    baseline = queries_for(client, ArticleFactory(slug="empty").get_absolute_url())
    held = CommentFactory(article=article, status=Comment.Status.PENDING)
    as_author_of(client, held)  # else the link alone shows nothing, and costs nothing

    with django_assert_num_queries(baseline + 1):
        client.get(article.get_absolute_url(), {QUERY_PARAM: token_for(held)})
