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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 table is SQLite's")
def test_a_rebuild_leaves_the_index_in_one_segment(clock):
    """Rows written one by one (the triggers) leave FTS5 segments that a search walks side by side;
    a rebuild merges them into one b-tree (ranking a common word took a third less time)."""
    from search.index import FTS_TABLE

    for number in range(5):
        ArticleFactory(title=f"Ghost story {number}")
        ShowFactory(title=f"Ghost show {number}")

    call_command("rebuild_search_index", stdout=io.StringIO())

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(DISTINCT segid) FROM {FTS_TABLE}_idx")
        assert cursor.fetchone()[0] == 1
    assert len(search("ghost")) == 10


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


def test_shows_and_people_follow_save_update_and_delete(clock):
    show = ShowFactory(title="Night Market", slug="night-market", synopsis="Traders after dark.")
    person = PersonFactory(name="Yoon Hana", slug="yoon-hana", bio="Plays a trader.")
    assert titles("market") == ["Night Market"]
    assert titles("hana") == ["Yoon Hana"]

    show.synopsis = "Werewolves run the stalls."
    show.save()
    Person.objects.filter(pk=person.pk).update(name="Yoon Seol", bio="Leads the werewolves.")

    assert sorted(titles("werewolves")) == ["Night Market", "Yoon Seol"]
    assert titles("traders") == titles("hana") == []

    show.delete()
    Person.objects.filter(pk=person.pk).delete()

    assert titles("werewolves") == []


def test_bulk_updated_rows_reach_the_index(clock):
    articles = [ArticleFactory(title=f"Quiet story {number}") for number in range(3)]
    for article in articles:
        article.title = article.title.replace("Quiet", "Banshee")

    Article.objects.bulk_update(articles, ["title"])

    assert sorted(titles("banshee")) == ["Banshee story 0", "Banshee story 1", "Banshee story 2"]
    assert titles("quiet") == []


def test_a_bulk_delete_of_many_rows_leaves_the_index(clock):
    """Many rows at once (Django deletes them in batches), as an editor's bulk action or a purge does."""
    category, author = CategoryFactory(), UserFactory()
    Article.objects.bulk_create(
        Article(
            title=f"Kraken sighting {number}",
            slug=f"kraken-{number}",
            body_html="<p>Tentacles.</p>",
            category=category,
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=clock.ago(days=1),
        )
        for number in range(150)
    )
    assert len(search("kraken")) == 30

    Article.objects.filter(slug__startswith="kraken-").delete()

    assert search("kraken") == []
    assert search("tentacles") == []
