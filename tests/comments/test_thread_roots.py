"""A page of threads finds its replies by their stored root, and its heading reads the stored count."""

import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from comments import lifecycle
from comments.models import Comment
from comments.threads import page_of_threads
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def shown(client, article, **params):
    """(the heading's number, the ids of the comments on the page)."""
    html = client.get(article.get_absolute_url(), params).content.decode()
    heading = re.search(r'<h2 id="comments-heading"[^>]*>(\d+) comments?</h2>', html)
    ids = [int(pk) for pk in re.findall(r'<li id="comment-(\d+)"', html)]
    return (int(heading.group(1)) if heading else 0), ids


def test_a_comment_stores_the_first_comment_of_its_thread():
    first = CommentFactory()
    reply = CommentFactory(article=first.article, parent=first)
    deeper = CommentFactory(article=first.article, parent=reply)
    assert (first.root_id, reply.root_id, deeper.root_id) == (None, first.pk, first.pk)
    stored = dict(Comment.objects.values_list("pk", "root_id"))
    assert stored == {first.pk: None, reply.pk: first.pk, deeper.pk: first.pk}


def test_the_database_refuses_a_reply_without_its_root_and_a_first_comment_with_one():
    """Rows written without save() (bulk loads) cannot leave a reply out of its thread's page."""
    first = CommentFactory()
    rows = [
        Comment(article=first.article, parent=first, depth=2, name="A", email="a@example.com", body="x"),
        Comment(article=first.article, root=first, depth=1, name="B", email="b@example.com", body="y"),
    ]
    for row in rows:
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.bulk_create([row])


def test_a_page_finds_its_replies_by_their_root_in_one_statement_without_joins(settings):
    """The replies of a page's threads were found by joining comments to their parents level by
    level; on PostgreSQL that hashed the whole comments table for every uncached page."""
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    tops = CommentFactory.create_batch(3, article=article)
    reply = CommentFactory(article=article, parent=tops[2])
    deeper = CommentFactory(article=article, parent=reply)
    article.refresh_from_db()  # its stored count, as the page reads it with the article
    with CaptureQueriesContext(connection) as captured:
        roots, nodes, page, total = page_of_threads(article, "2")
    (statement,) = captured.captured_queries
    assert " JOIN " not in statement["sql"].upper()
    assert [node.comment.pk for node in roots] == [tops[2].pk]
    assert set(nodes) == {tops[2].pk, reply.pk, deeper.pk}
    assert (page.number, page.paginator.num_pages, total) == (2, 2, 5)


def test_replies_of_a_thread_on_a_later_page_are_shown_there_only(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    tops = CommentFactory.create_batch(3, article=article)
    early = CommentFactory(article=article, parent=tops[0])
    reply = CommentFactory(article=article, parent=tops[2])
    deeper = CommentFactory(article=article, parent=reply)
    assert shown(client, article) == (6, [tops[0].pk, early.pk, tops[1].pk])
    assert shown(client, article, cpage=2) == (6, [tops[2].pk, reply.pk, deeper.pk])


def approve(comments):
    lifecycle.moderate(comments, Comment.Status.APPROVED)


def hold(comments):
    lifecycle.moderate(comments, Comment.Status.PENDING)


def spam(comments):
    lifecycle.moderate(comments, Comment.Status.SPAM)


def trash(comments):
    lifecycle.moderate(comments, Comment.Status.TRASH)


def hide(comments):
    lifecycle.hide_reported(comments.get())


def post_reply(comments):
    parent = comments.get()
    CommentFactory(article=parent.article, parent=parent)


def post_held_reply(comments):
    parent = comments.get()
    CommentFactory(article=parent.article, parent=parent, status=Comment.Status.PENDING)


@pytest.mark.parametrize(
    ("change", "which"),
    [
        (post_reply, "reply"),
        (post_held_reply, "reply"),
        (approve, "held"),
        (approve, "held reply"),
        (hold, "top"),
        (hold, "reply"),
        (spam, "top"),
        (trash, "reply"),
        (hide, "top"),
        (lifecycle.delete, "top"),
        (lifecycle.delete, "reply"),
    ],
)
def test_the_heading_counts_the_comments_shown_after_every_change(client, change, which):
    """The heading reads the article's stored count (comments.counts), no longer a count of its
    own: every step of the lifecycle must leave it equal to the comments the page shows."""
    article = ArticleFactory()
    top = CommentFactory(article=article, name="top")
    reply = CommentFactory(article=article, parent=top, name="reply")
    CommentFactory(article=article, parent=reply, name="deeper")
    CommentFactory(article=article, name="held", status=Comment.Status.PENDING)
    CommentFactory(article=article, parent=top, name="held reply", status=Comment.Status.PENDING)
    CommentFactory(article=article, name="other")
    before, _ids = shown(client, article)
    assert before == 4

    change(Comment.objects.filter(article=article, name=which))

    heading, ids = shown(client, article)
    assert heading == len(ids) == Comment.objects.visible().filter(article=article).count()
