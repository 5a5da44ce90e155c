"""The rendered comment thread and fact box come from the fragment cache until their data changes:
an approval, an edit or a deletion of a comment, or an edit of the shows data, is on the next render.

The page cache is off here (PAGE_CACHE ENABLED False): these are the renders behind a page-cache miss."""

import pytest

from comments import lifecycle
from comments.models import Comment
from tests.factories import ArticleFactory, CastCreditFactory, CommentFactory, PersonFactory, SeasonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture(autouse=True)
def rendering(settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    settings.FRAGMENT_CACHE = True


def html_of(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def comment_queries(captured):
    return [query["sql"] for query in captured if 'FROM "comments_comment"' in query["sql"]]


def test_a_second_render_takes_the_thread_from_the_cache(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article)
    first = html_of(client, article)

    with CaptureQueriesContext(connection) as captured:
        second = html_of(client, article)

    assert second == first
    assert comment_queries(captured.captured_queries) == []


def test_an_approved_comment_is_on_the_next_render(client):
    article = ArticleFactory()
    CommentFactory(article=article, body="First!")
    held = CommentFactory(article=article, body="Held back", status=Comment.Status.PENDING)
    assert "Held back" not in html_of(client, article)

    lifecycle.moderate(Comment.objects.filter(pk=held.pk), Comment.Status.APPROVED)

    html = html_of(client, article)
    assert "Held back" in html
    assert "2 comments" in html


def test_an_edited_comment_is_on_the_next_render(client):
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="Speling")
    assert "Speling" in html_of(client, article)

    comment.body = "Spelling"
    lifecycle.edit(comment, ["body"])

    html = html_of(client, article)
    assert "Spelling" in html and "Speling" not in html


def test_a_deleted_comment_leaves_the_next_render(client):
    article = ArticleFactory()
    CommentFactory(article=article, body="Stays")
    gone = CommentFactory(article=article, body="Goes away")
    assert "Goes away" in html_of(client, article)

    lifecycle.delete(Comment.objects.filter(pk=gone.pk))

    assert "Goes away" not in html_of(client, article)


def test_another_articles_comments_leave_this_thread_in_the_cache(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article, other = ArticleFactory(), ArticleFactory()
    CommentFactory(article=article)
    html_of(client, article)

    CommentFactory(article=other)
    with CaptureQueriesContext(connection) as captured:
        html_of(client, article)

    assert comment_queries(captured.captured_queries) == []


def test_an_edit_of_the_season_is_in_the_fact_box_on_the_next_render(client):
    season = SeasonFactory(upcoming=True, number=2)
    article = ArticleFactory()
    article.seasons.set([season])
    credit = CastCreditFactory(season=season, person=PersonFactory(name="Old Name"))
    assert "Old Name" in html_of(client, article)

    credit.person.name = "New Name"
    credit.person.save()

    html = html_of(client, article)
    assert "New Name" in html and "Old Name" not in html


def test_with_fragments_off_every_render_asks_the_database(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FRAGMENT_CACHE = False
    article = ArticleFactory()
    CommentFactory(article=article)
    html_of(client, article)

    with CaptureQueriesContext(connection) as captured:
        html_of(client, article)

    assert len(comment_queries(captured.captured_queries)) == 1
