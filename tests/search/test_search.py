"""/search/: articles, shows and people, ranked, with highlighted snippets, whatever readers type.

These run on whichever database the suite uses: SQLite (FTS5) by default, PostgreSQL with
DATABASE_URL=postgres://… (see test_search_postgresql.py for what only PostgreSQL checks)."""

import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from search.engine import search, terms_of
from tests.factories import ArticleFactory, PersonFactory, ShowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def library(clock):
    ShowFactory(title="All of Us Are Dead", slug="aouad", synopsis="Students trapped in a school by zombies.")
    PersonFactory(name="Park Ji-hu", slug="park-ji-hu", bio="Plays Nam On-jo, who survives the zombies.")
    ArticleFactory(
        title="Zombies return for Season 2",
        slug="zombies-return",
        summary="Netflix renewed the zombie series.",
        body="## Zombies\n\nThe zombies are back at Hyosan High.",
    )
    ArticleFactory(title="Cast guide", slug="cast-guide", body="Park Ji-hu plays On-jo.")
    ArticleFactory(title="Zombie draft", slug="zombie-draft", body="Zombies zombies zombies.", draft=True)
    ArticleFactory(title="Zombie teaser", body="Zombies soon.", published_at=clock.ahead(days=1))


def titles(results):
    return [result.title for result in results]


def test_search_finds_articles_shows_and_people(library):
    found = titles(search("zombies"))

    assert "Zombies return for Season 2" in found
    assert "All of Us Are Dead" in found
    assert "Park Ji-hu" in found


def test_search_ranks_a_title_match_above_a_passing_mention(library):
    found = titles(search("zombies"))

    assert found[0] == "Zombies return for Season 2"


def test_search_never_finds_drafts_or_scheduled_articles(library):
    found = titles(search("zombies"))

    assert "Zombie draft" not in found
    assert "Zombie teaser" not in found


def test_search_finds_an_article_again_after_it_is_edited(library):
    article = Article.objects.get(slug="cast-guide")
    article.body = "Lomon plays Su-hyeok."
    article.save()

    assert titles(search("lomon")) == ["Cast guide"]
    assert "Cast guide" not in titles(search("on-jo"))


def test_deleted_objects_leave_the_search(library):
    Article.objects.get(slug="zombies-return").delete()

    assert "Zombies return for Season 2" not in titles(search("zombies"))


def test_snippets_highlight_the_words_found_and_escape_the_text():
    ArticleFactory(title="Unsafe", body="Zombies <script>alert(1)</script> & friends.")

    [result] = search("zombies")

    assert "<mark>Zombies</mark>" in result.snippet
    assert "<script>" not in result.snippet


def test_snippets_show_the_text_readers_read_not_markdown_or_html_entities():
    ArticleFactory(title="Where", body="The zombies [stream on Netflix](https://example.com/watch) & 5 < 6.")

    [result] = search("zombies")

    assert "<mark>zombies</mark> stream on Netflix" in " ".join(result.snippet.split())
    assert "&amp; 5 &lt; 6" in result.snippet  # escaped once, so readers see "& 5 < 6"
    assert "](" not in result.snippet
    assert "example.com" not in result.snippet
    assert "&amp;lt;" not in result.snippet


def test_search_page_shows_highlighted_results(client, library):
    response = client.get("/search/", {"q": "hyosan"})

    assertContains(response, '<a href="/news/zombies-return/">Zombies return for Season 2</a>')
    assertContains(response, "<mark>Hyosan</mark>")
    assertContains(response, "1 result")


def test_search_page_without_a_query_shows_just_the_form(client):
    response = client.get("/search/")

    assert response.status_code == 200
    assertContains(response, '<label for="search-q"')
    assertNotContains(response, "Nothing matched")


@pytest.mark.parametrize(
    "query",
    [
        "%",
        "%%_",
        '"',
        "'",
        '"unbalanced',
        "zombies\"'",
        "😱🧟",
        "zombies 🧟",
        "NEAR(zombies school)",
        "zombies AND OR NOT",
        "zom*",
        "^zombies",
        "title:zombies",
        "(((",
        "-",
        "\x00",
        "a" * 5000,
        "zombies " * 800,
        "   ",
        "<script>alert(1)</script>",
    ],
    ids=lambda query: repr(query[:20]),
)
def test_odd_queries_give_a_clear_page_never_an_error(client, library, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assertNotContains(response, "<script>alert(1)</script>")


def test_a_query_of_symbols_only_says_nothing_matched(client, library):
    assertContains(client.get("/search/", {"q": "%"}), "Nothing matched")


def test_a_very_long_query_is_cut_and_says_so(client, library):
    response = client.get("/search/", {"q": "zombies " + "x" * 5000})

    assertContains(response, "Only the first 200 characters of your search were used.")


def test_query_words_are_plain_words_only():
    assert terms_of('Park "Ji-hu" NEAR(x) 😱 50%') == ["park", "ji", "hu", "near", "x", "50"]
    assert len(terms_of("word " * 100)) == 12


@pytest.mark.parametrize("size", [pytest.param(2, id="2-articles"), pytest.param(20, id="20-articles")])
def test_search_query_count_does_not_grow_with_results(client, django_assert_max_num_queries, size):
    """Guards against a query per result (article.author, article.category) or per kind. The budget:
    one ranking statement (SQLite: and one for the snippets and what the rows shown show), and the
    menu's sections."""
    from django.db import connection

    for number in range(size):
        ArticleFactory(title=f"Zombie story {number}")
        ShowFactory(title=f"Zombie show {number}")
        PersonFactory(name=f"Zombie Person {number}", bio="Zombie actor.")

    with django_assert_max_num_queries(3 if connection.vendor == "sqlite" else 2):
        response = client.get("/search/", {"q": "zombie"})

    assert response.content.decode().count('class="search-result ') == min(3 * size, 30)


def test_a_page_of_results_is_one_statement_after_the_ranking(django_assert_num_queries):
    """Every kind's rows are quoted, and what they show read, by the statement that cuts the snippets
    (PostgreSQL: the ranking statement itself), for the 30 rows shown only (not every match): no
    query per kind, no model instances."""
    from django.db import connection

    for number in range(40):
        ArticleFactory(title=f"Full moon {number}", body="A werewolf appears.")
    ShowFactory(title="Werewolf show", slug="werewolf-show")
    PersonFactory(name="Werewolf Person", slug="werewolf-person", bio="Werewolf actor.")

    with django_assert_num_queries(2 if connection.vendor == "sqlite" else 1) as context:
        results = search("werewolf")

    assert len(results) == 30
    assert {result.kind for result in results} == {"article", "show", "person"}
    if connection.vendor == "sqlite":
        [ids] = re.findall(r"rowid IN \(([^)]*)\)", context.captured_queries[-1]["sql"])
        assert len(ids.split(",")) == 30


def test_results_show_what_each_kind_shows_at_its_own_address(clock):
    """A result is plain values, not the model: its title, the address get_absolute_url() gives, and
    for an article its section and date, as the ORM reads them (aware, on SQLite too)."""
    from django.db import connection

    article = ArticleFactory(title="Werewolf news", published_at=clock.ago(days=2))
    show = ShowFactory(title="Werewolf High", slug="werewolf-high")
    person = PersonFactory(name="Werewolf Actor", slug="werewolf-actor", bio="Werewolf.")

    by_kind = {result.kind: result for result in search("werewolf")}

    assert by_kind["article"].url == article.get_absolute_url() == f"/news/{article.slug}/"
    assert by_kind["show"].url == show.get_absolute_url()
    assert by_kind["person"].url == person.get_absolute_url()
    assert [by_kind[kind].title for kind in ("article", "show", "person")] == [
        "Werewolf news",
        "Werewolf High",
        "Werewolf Actor",
    ]
    assert by_kind["article"].section == article.category.name
    assert by_kind["article"].published_at == article.published_at
    assert by_kind["show"].section is by_kind["person"].published_at is None
    assert connection.vendor in {"sqlite", "postgresql"}


# The index follows what editors do in the admin --------------------------------------------------------


@pytest.fixture
def editor_client(client):
    from newsroom.roles import EDITOR
    from tests.factories import staff_in_role

    client.force_login(staff_in_role(EDITOR, "editor"))
    return client


def edit_in_admin(client, article, **changes):
    from tests.articles.test_editorial import article_form, when

    data = article_form(
        title=article.title,
        slug=article.slug,
        summary=article.summary,
        body=article.body,
        category=str(article.category_id),
        status=article.status,
        author=str(article.author_id),
        **when(article.published_at),
    )
    data.update(changes)
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_an_admin_edit_is_searchable_at_once(editor_client, library):
    edit_in_admin(editor_client, Article.objects.get(slug="cast-guide"), title="Lomon joins the cast")

    assert titles(search("lomon")) == ["Lomon joins the cast"]


def test_a_slug_changed_in_the_admin_gives_results_the_new_address(editor_client, library):
    edit_in_admin(editor_client, Article.objects.get(slug="cast-guide"), slug="who-plays-who")

    [result] = search("ji-hu on-jo cast")
    assert result.url == "/news/who-plays-who/"


def test_an_article_unpublished_in_the_admin_leaves_the_search(editor_client, library):
    edit_in_admin(editor_client, Article.objects.get(slug="zombies-return"), status="unpublished")

    assert "Zombies return for Season 2" not in titles(search("zombies"))
    assertNotContains(editor_client.get("/search/", {"q": "hyosan"}), "Zombies return")


def test_a_draft_published_in_the_admin_joins_the_search(editor_client, library, clock):
    draft = Article.objects.get(slug="zombie-draft")
    draft.published_at = clock.ago(minutes=1)
    edit_in_admin(editor_client, draft, status="published")

    assert "Zombie draft" in titles(search("zombies"))


def test_articles_deleted_in_the_admin_leave_the_search(editor_client, library):
    ids = list(Article.objects.filter(slug__in=["zombies-return", "cast-guide"]).values_list("pk", flat=True))

    response = editor_client.post(
        "/admin/articles/article/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"}
    )

    assert response.status_code == 302
    assert titles(search("zombies hyosan")) == []
    assert titles(search("ji-hu")) == ["Park Ji-hu"]


# The best match comes first, however many rows a word matches ---------------------------------------


@pytest.fixture
def crowded(clock):
    """More passing mentions of "season" than one page shows, so that ranking has to choose."""
    for number in range(40):
        ArticleFactory(
            title=f"Weekly roundup {number}",
            body=f"Filming news, and a word on the season {number}.",
            published_at=clock.ago(hours=number + 1),
        )


def test_a_title_match_comes_first_among_many_passing_mentions(crowded, clock):
    ArticleFactory(title="Season 3 confirmed", body="It is official.", published_at=clock.ago(days=400))

    found = titles(search("season"))

    assert found[0] == "Season 3 confirmed"
    assert len(found) == 30


def test_a_show_named_by_the_query_beats_a_page_of_articles(crowded):
    ShowFactory(title="Season Pass", slug="season-pass", synopsis="A season of reality television.")

    assert titles(search("season"))[0] == "Season Pass"


def test_a_person_named_by_the_query_comes_before_articles_that_mention_them(clock):
    for number in range(5):
        ArticleFactory(title=f"Premiere night {number}", body="Photos: Kim Ara arrives, and others.")
    PersonFactory(name="Kim Ara", slug="kim-ara", bio="Actor.")

    assert titles(search("kim ara"))[0] == "Kim Ara"


def test_every_word_together_beats_one_word_many_times(clock):
    ArticleFactory(title="Zombie news", body="Zombie zombie zombie zombie.", published_at=clock.ago(hours=1))
    ArticleFactory(title="School news", body="School school school.", published_at=clock.ago(hours=2))
    ArticleFactory(title="Zombie school reopens", body="Hyosan High.", published_at=clock.ago(days=30))

    assert titles(search("zombie school")) == ["Zombie school reopens"]


def test_equal_matches_come_newest_first(clock):
    """Ties in rank (the same words, the same length) in the order readers know: the newest first,
    whatever order the rows were written in."""
    for number in range(35):
        ArticleFactory(
            title=f"Weekly roundup {number}",
            body="Filming news, and a word on the season.",
            published_at=clock.ago(days=40 - number),
        )

    found = titles(search("season"))

    assert found == [f"Weekly roundup {number}" for number in range(34, 4, -1)]


def test_drafts_that_rank_best_never_crowd_out_published_matches(clock):
    """Unpublished rows are left out before the best 30 are chosen, not after: a newsroom's pile of
    drafts about a word cannot empty the page."""
    for number in range(120):
        ArticleFactory(title=f"Season finale draft {number}", body="Season, season, season.", draft=True)
    for number in range(3):
        ArticleFactory(title=f"Scheduled season news {number}", published_at=clock.ahead(days=1))
    for number in range(5):
        ArticleFactory(title=f"Filming diary {number}", body="A word on the season.")

    found = titles(search("season"))

    assert sorted(found) == [f"Filming diary {number}" for number in range(5)]


def test_a_title_match_beats_body_mentions_of_a_word_every_article_has(clock):
    """A word nearly every row matches: the page still ranks by the text, not by the first rows found."""
    for number in range(60):
        ArticleFactory(
            title=f"Roundup {number}", body="The season continues.", published_at=clock.ago(hours=number)
        )
    ArticleFactory(title="Season of the dead", body="Other news.", published_at=clock.ago(days=300))
    ShowFactory(title="Late Season", slug="late-season", synopsis="A drama.")

    found = titles(search("season"))

    assert set(found[:2]) == {"Season of the dead", "Late Season"}
    assert found[2:] == [f"Roundup {number}" for number in range(28)]
