"""load_demo --scale N: a large made-up archive, apart from the hand-written demo, the same for the
same N, written once, with its derived data (counts, search index) right."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Comment
from demo.scaled import PREFIX, Sizes, archive_articles, load_scaled_demo
from search.engine import search
from shows.models import CastCredit, Episode, Person, Season, Show

pytestmark = pytest.mark.django_db
SCALE = 0.01  # 20 articles, 2 shows, 50 people, 500 comments
WRITE_SQL = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def snapshot():
    """The archive by natural keys (ids differ from one build to the next)."""
    comments = Comment.objects.filter(article__slug__startswith=PREFIX)
    return {
        "articles": list(
            archive_articles()
            .order_by("slug")
            .values_list(
                "slug", "title", "body_html", "status", "published_at", "comment_count", "category__slug"
            )
        ),
        "comments": sorted(
            comments.values_list(
                "article__slug", "name", "body", "status", "depth", "created_at", "parent__name"
            )
        ),
        "shows": list(
            Show.objects.filter(slug__startswith=PREFIX).order_by("slug").values_list("slug", "title")
        ),
        "seasons": Season.objects.filter(show__slug__startswith=PREFIX).count(),
        "episodes": Episode.objects.filter(season__show__slug__startswith=PREFIX).count(),
        "people": list(
            Person.objects.filter(slug__startswith=PREFIX).order_by("slug").values_list("slug", "name")
        ),
        "credits": CastCredit.objects.filter(person__slug__startswith=PREFIX).count(),
    }


def test_scaled_demo_has_the_sizes_it_promises_with_threads_held_comments_and_spam():
    counts = load_scaled_demo(SCALE)

    sizes = Sizes.of(SCALE)
    assert (counts["articles"], counts["shows"], counts["people"], counts["comments"]) == (20, 2, 50, 500)
    assert sizes.articles == 20
    assert counts["seasons"] >= counts["shows"] and counts["episodes"] > counts["seasons"]
    comments = Comment.objects.filter(article__slug__startswith=PREFIX)
    assert comments.filter(depth=2).exists() and comments.filter(depth=3).exists()
    assert comments.filter(status=Comment.Status.PENDING).exists()
    assert comments.filter(status=Comment.Status.SPAM).exists()
    years = {date.year for date in archive_articles().values_list("published_at", flat=True)}
    assert len(years) >= 4


def test_scaled_demo_is_the_same_for_the_same_scale():
    load_scaled_demo(SCALE)
    first = snapshot()
    call_command("load_demo", scale=0.02, stdout=io.StringIO())  # another scale replaces it
    assert archive_articles().count() == 40

    load_scaled_demo(SCALE)

    assert snapshot() == first


def test_scaled_demo_writes_nothing_the_second_time():
    load_scaled_demo(SCALE)

    with CaptureQueriesContext(connection) as captured:
        load_scaled_demo(SCALE)

    writes = [
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].lstrip().upper().startswith(WRITE_SQL)
    ]
    assert writes == []


def test_scaled_demo_keeps_counts_and_the_search_index_right():
    load_scaled_demo(SCALE)

    for article in archive_articles().filter(comment_count__gt=0)[:5]:
        assert article.comment_count == Comment.objects.visible().filter(article=article).count()
    assert archive_articles().filter(comment_count__gt=0).exists()
    live = archive_articles().filter(status=Article.Status.PUBLISHED).order_by("slug").first()
    assert live.title in [result.title for result in search(live.title)]
    assert live.body_html.startswith("<h2")


def test_scaled_demo_leaves_the_hand_written_demo_alone():
    call_command("load_demo", stdout=io.StringIO())
    before = set(Article.objects.exclude(slug__startswith=PREFIX).values_list("slug", "updated_at"))

    call_command("load_demo", scale=SCALE, stdout=io.StringIO())

    assert set(Article.objects.exclude(slug__startswith=PREFIX).values_list("slug", "updated_at")) == before
    assert archive_articles().count() == 20
