"""The search index follows every way rows change, not only save(): update(), bulk_create(), deletes
through a queryset and cascades. Runs on both databases: SQLite's FTS5 table is kept by triggers,
PostgreSQL's stored search vectors by the database (search.index, search/0002)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from search.engine import search
from shows.models import Person, Show
from tests.factories import ArticleFactory, CategoryFactory, PersonFactory, ShowFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def titles(query):
    return [result.title for result in search(query)]


def test_an_update_reaches_the_index(clock):
    article = ArticleFactory(title="Quiet news", body="Nothing yet.")

    Article.objects.filter(pk=article.pk).update(title="Werewolves confirmed", body_html="<p>Howling.</p>")

    assert titles("werewolves") == ["Werewolves confirmed"]
    assert titles("howling") == ["Werewolves confirmed"]
    assert titles("quiet") == []


def test_bulk_created_rows_are_found(clock):
    category, author = CategoryFactory(), UserFactory()
    Article.objects.bulk_create(
        [
            Article(
                title=f"Vampire story {number}",
                slug=f"vampire-{number}",
                summary="Bulk.",
                body="Bulk.",
                body_html="<p>Fangs &amp; capes.</p>",
                category=category,
                author=author,
                status=Article.Status.PUBLISHED,
                published_at=clock.ago(days=number + 1),
            )
            for number in range(3)
        ]
    )
    Show.objects.bulk_create([Show(title="Mummy Hotel", slug="mummy-hotel")])
    Person.objects.bulk_create([Person(name="Gwen Moonlight", slug="gwen")])

    assert sorted(titles("vampire")) == ["Vampire story 0", "Vampire story 1", "Vampire story 2"]
    assert titles("mummy") == ["Mummy Hotel"]
    assert titles("moonlight") == ["Gwen Moonlight"]


def test_html_is_searched_as_the_text_readers_see(clock):
    Article.objects.filter(pk=ArticleFactory().pk).update(title="Plain", body_html="<p>Fangs &amp; capes</p>")

    [result] = search("capes")

    assert "&amp;amp;" not in result.snippet
    assert titles("amp") == []


def test_queryset_deletes_and_cascades_leave_the_index(clock):
    ArticleFactory(title="Ghost ship returns")
    ShowFactory(title="Ghost Academy", slug="ghost-academy")
    PersonFactory(name="Ghost Writer", slug="ghost-writer")
    assert len(search("ghost")) == 3

    Article.objects.filter(title__startswith="Ghost").delete()
    Show.objects.filter(slug="ghost-academy").delete()
    Person.objects.all().delete()

    assert search("ghost") == []


def test_a_rebuild_finds_the_same_as_the_live_index(clock):
    ArticleFactory(title="Zombie marathon")
    ShowFactory(title="Zombie Detective", slug="zombie-detective")
    before = titles("zombie")

    call_command("rebuild_search_index", stdout=io.StringIO())

    assert sorted(titles("zombie")) == sorted(before) == ["Zombie Detective", "Zombie marathon"]


def test_an_article_edit_that_leaves_the_text_alone_keeps_one_index_row(clock):
    article = ArticleFactory(title="Haunted house")
    for count in range(3):
        Article.objects.filter(pk=article.pk).update(comment_count=count)
    article.save()

    assert titles("haunted") == ["Haunted house"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM articles_search_index WHERE kind = 'article'")
            assert cursor.fetchone()[0] == 1
