"""Category, tag and author pages, the article's surroundings, and the tags every page gives search
engines and social networks."""

import datetime
import json
import re

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    ShowFactory,
    TagFactory,
    UserFactory,
    png_upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


def head_of(response):
    html = response.content.decode()
    return html[: html.index("</head>")]


def meta(response, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', head_of(response))
    return match.group(1) if match else None


# Category, tag and author pages ---------------------------------------------------------------------------


def test_category_page_lists_only_its_published_articles(client):
    reviews = CategoryFactory(name="Reviews", slug="reviews", description="What we thought, with spoilers.")
    ArticleFactory(title="Episode 1 recap", category=reviews)
    ArticleFactory(title="A news story")
    ArticleFactory(title="Draft recap", category=reviews, draft=True)

    response = client.get("/news/category/reviews/")

    assertContains(response, '<h1 class="page-title">Reviews</h1>')
    assertContains(response, "What we thought, with spoilers.")
    assertContains(response, "Episode 1 recap")
    assertNotContains(response, "A news story")
    assertNotContains(response, "Draft recap")
    assertContains(response, "<title>Reviews · ")


def test_unknown_category_or_tag_is_not_found(client):
    assert client.get("/news/category/nope/").status_code == 404
    assert client.get("/news/tag/nope/").status_code == 404


def test_tag_page_lists_articles_with_the_tag(client):
    tag = TagFactory(name="Casting", slug="casting")
    ArticleFactory(title="New cast member").tags.set([tag])
    ArticleFactory(title="Unrelated story")

    response = client.get("/news/tag/casting/")

    assertContains(response, "Tagged “Casting”")
    assertContains(response, "New cast member")
    assertNotContains(response, "Unrelated story")


def test_author_page_lists_their_published_articles(client):
    mina = UserFactory(username="mina", first_name="Mina", last_name="Aouad")
    ArticleFactory(title="Mina's story", author=mina)
    ArticleFactory(title="Mina's draft", author=mina, draft=True)
    ArticleFactory(title="Someone else's story")

    response = client.get("/authors/mina-aouad/")

    assertContains(response, "Articles by Mina Aouad")
    assertContains(response, "Mina&#x27;s story")
    assertNotContains(response, "Mina&#x27;s draft")
    assertNotContains(response, "Someone else")


def test_author_page_of_someone_without_published_articles_is_not_found(client):
    ArticleFactory(author=UserFactory(username="drafty"), draft=True)
    UserFactory(username="nobody")

    assert client.get("/authors/drafty/").status_code == 404
    assert client.get("/authors/nobody/").status_code == 404
    assert client.get("/authors/ghost/").status_code == 404


@pytest.mark.parametrize("url", ["/news/", "/news/category/news/", "/news/tag/t/", "/authors/author-a/"])
def test_lists_past_their_last_page_are_not_found(client, settings, url):
    settings.ARTICLES_PER_PAGE = 1
    tag = TagFactory(slug="t")
    for _ in range(2):
        ArticleFactory(author=UserFactory(username="a", first_name="Author", last_name="A")).tags.set([tag])

    assert client.get(url, {"page": "2"}).status_code == 200
    assert client.get(url, {"page": "99999"}).status_code == 404


ODD_PAGES = [
    "0",
    "-1",
    "1.5",
    "1e3",
    "abc",
    "\x00",
    "9" * 5000,
    "99999999999999999999",
    "",
    " 2",
    "٢",
    "2&page=3",
]


@pytest.mark.parametrize("page", ODD_PAGES, ids=lambda page: repr(page[:12]))
@pytest.mark.parametrize(
    "url", ["/news/", "/news/category/news/", "/news/tag/t/", "/authors/author-a/", "/search/?q=story&"]
)
def test_odd_page_numbers_on_every_list_give_a_page_or_not_found_never_an_error(client, settings, url, page):
    settings.ARTICLES_PER_PAGE = 1
    tag = TagFactory(slug="t")
    for _ in range(2):
        ArticleFactory(
            author=UserFactory(username="a", first_name="Author", last_name="A"), title="A story"
        ).tags.set([tag])
    separator = "&" if "?" in url else "?"

    response = client.get(f"{url}{separator}page={page}")

    assert response.status_code in (200, 404)
    if response.status_code == 200:
        assertContains(response, '<link rel="canonical" href="http://testserver/')


@pytest.mark.parametrize("url", ["/news/", "/news/category/news/", "/news/tag/t/", "/authors/author-a/"])
def test_open_graph_gives_each_page_of_a_list_its_canonical_address(client, settings, url):
    settings.ARTICLES_PER_PAGE = 1
    tag = TagFactory(slug="t")
    for _ in range(2):
        ArticleFactory(author=UserFactory(username="a", first_name="Author", last_name="A")).tags.set([tag])

    for query, address in (("", url), ("?page=1", url), ("?page=2", f"{url}?page=2")):
        response = client.get(url + query)
        assert meta(response, "property", "og:url") == f"http://testserver{address}"
        assertContains(response, f'<link rel="canonical" href="http://testserver{address}">')


def test_the_first_page_is_linked_by_its_canonical_address_not_page_1(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    ArticleFactory.create_batch(3)

    assertContains(client.get("/news/?page=2"), '<a class="page-link" href="/news/" rel="prev">Newer</a>')
    assertContains(client.get("/news/?page=3"), '<a class="page-link" href="?page=2" rel="prev">Newer</a>')


def test_the_last_page_can_be_asked_for_by_name(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    ArticleFactory.create_batch(3)

    assertContains(
        client.get("/news/?page=last"), '<link rel="canonical" href="http://testserver/news/?page=3">'
    )


def test_a_tag_that_only_unpublished_articles_use_has_no_page(client, clock):
    """The tag's name alone (say, “Season 3 renewal”) would give a scoop away before its story is live."""
    scoop = TagFactory(name="Season 3 renewal", slug="season-3-renewal")
    ArticleFactory(draft=True).tags.set([scoop])
    ArticleFactory(published_at=clock.ahead(hours=1)).tags.set([scoop])

    response = client.get("/news/tag/season-3-renewal/")

    assert response.status_code == 404
    assertNotContains(response, "Season 3 renewal", status_code=404)
    ArticleFactory().tags.set([scoop])
    assertContains(client.get("/news/tag/season-3-renewal/"), "Season 3 renewal")


def test_an_author_address_with_a_nul_character_is_not_found(client):
    """PostgreSQL refuses NUL in text: looking the name up would be a server error there."""
    ArticleFactory(author=UserFactory(username="a", first_name="Author", last_name="A"))

    assert client.get("/authors/author-a%00/").status_code == 404


@pytest.mark.parametrize("size", [pytest.param(3, id="3-articles"), pytest.param(25, id="25-articles")])
@pytest.mark.parametrize("kind", ["category", "tag", "author"])
def test_list_page_query_count_does_not_grow_with_articles(
    client, settings, django_assert_num_queries, size, kind
):
    """Guards against a query per card (author, category); the budget: the category, tag or author,
    the count for the paginator, the page of articles, the menu's sections."""
    settings.ARTICLES_PER_PAGE = 20
    tag = TagFactory(slug="t")
    author = UserFactory(username="a", first_name="Author", last_name="A")
    for _ in range(size):
        ArticleFactory(author=author, category=CategoryFactory(slug="c")).tags.set([tag])
    url = {"category": "/news/category/c/", "tag": "/news/tag/t/", "author": "/authors/author-a/"}[kind]

    with django_assert_num_queries(4):
        response = client.get(url)

    assert response.content.decode().count('<article class="article-card') == min(size, 20)


# Around the article -------------------------------------------------------------------------------------


def test_article_page_links_its_category_in_the_breadcrumbs_and_author_in_the_byline(client):
    explainers = CategoryFactory(name="Explainers", slug="explainers")
    ArticleFactory(
        slug="story",
        category=explainers,
        author=UserFactory(username="mina", first_name="Mina", last_name="Aouad"),
    )

    response = client.get("/news/story/")

    assertContains(
        response, '<li class="breadcrumb-item"><a href="/news/category/explainers/">Explainers</a></li>'
    )
    assertContains(response, 'href="/authors/mina-aouad/"')


def test_related_articles_share_a_show_or_a_tag_and_are_published(client, clock):
    show = ShowFactory()
    tag = TagFactory()
    article = ArticleFactory(slug="story")
    article.shows.set([show])
    article.tags.set([tag])
    ArticleFactory(title="Same show").shows.set([show])
    ArticleFactory(title="Same tag").tags.set([tag])
    both = ArticleFactory(title="Same show and tag", published_at=clock.ago(days=30))
    both.shows.set([show])
    both.tags.set([tag])
    ArticleFactory(title="Draft on the show", draft=True).shows.set([show])
    ArticleFactory(title="Scheduled on the tag", published_at=clock.ahead(hours=1)).tags.set([tag])
    ArticleFactory(title="Nothing in common")

    html = client.get("/news/story/").content.decode()
    related = html[html.index('id="related-heading"') :]
    related = related[: related.index("</section>")]

    # Sharing both a show and a tag outranks sharing one, however old the story.
    assert related.index("Same show and tag") < related.index("Same tag")
    assert related.index("Same show and tag") < related.index("Same show</a>")
    assert "Draft on the show" not in related
    assert "Scheduled on the tag" not in related
    assert "Nothing in common" not in related
    assert 'href="/news/story/"' not in related


def test_previous_and_next_stories_skip_drafts_and_scheduled_articles(client, clock):
    ArticleFactory(title="Older story", published_at=clock.ago(days=3))
    ArticleFactory(title="Older draft", draft=True)
    ArticleFactory(slug="story", published_at=clock.ago(days=2))
    ArticleFactory(title="Newer story", published_at=clock.ago(days=1))
    ArticleFactory(title="Future story", published_at=clock.ahead(days=1))

    response = client.get("/news/story/")

    assertContains(response, '<span class="meta">Previous story</span> Older story</a>')
    assertContains(response, '<span class="meta">Next story</span> Newer story</a>')
    assertNotContains(response, "Future story")


def test_comment_counts_show_on_cards_and_on_the_article(client):
    article = ArticleFactory(slug="story", title="Talked about")
    Article.objects.filter(pk=article.pk).update(comment_count=3)

    assertContains(client.get("/news/"), "3 comments</a>")
    assertContains(client.get("/news/story/"), '<a href="#comments">3 comments</a>')


def test_updated_date_shows_only_for_a_significant_update(client, clock):
    published = clock.ago(days=10)
    ArticleFactory(slug="quiet", published_at=published)
    ArticleFactory(slug="updated", published_at=published, significant_update_at=clock.ago(days=2))

    assertNotContains(client.get("/news/quiet/"), "· Updated")
    assertContains(client.get("/news/updated/"), "· Updated <time")


def test_body_images_are_our_own_files_with_their_size(client, settings):
    from django.core.files.storage import default_storage

    name = default_storage.save("articles/body/still.png", png_upload("still.png", width=40, height=30))
    body = f"![A still](/media/{name})\n\n![Hotlinked](https://evil.example/x.png)"

    article = ArticleFactory(slug="pictures", body=body)

    # Served from its renditions, made when the body was rendered (an image saved by hand has none yet).
    stem = f"renditions/{name[:-4]}"
    assert f'<source type="image/webp" srcset="/media/{stem}-40w.webp 40w"' in article.body_html
    assert f'<img src="/media/{stem}-40w.png" srcset="/media/{stem}-40w.png 40w"' in article.body_html
    assert 'width="40" height="30" alt="A still" loading="lazy"' in article.body_html
    assert default_storage.exists(f"{stem}-40w.webp")
    assert "evil.example" not in article.body_html
    assert "Hotlinked" not in article.body_html


# Search engines and social networks -----------------------------------------------------------------------


@pytest.fixture
def flagship():
    article = ArticleFactory(
        slug="season-2",
        title="Season 2: what we know </script><b>",
        summary="Netflix renewed the show & more.",
        author=UserFactory(username="mina", first_name="Mina", last_name="Aouad"),
        published_at=datetime.datetime(2024, 3, 5, 10, 0, tzinfo=datetime.UTC),
        significant_update_at=datetime.datetime(2024, 4, 1, 8, 0, tzinfo=datetime.UTC),
        hero_image=png_upload("roof.png", width=8, height=6),
        hero_alt="Students on the roof",
    )
    article.tags.set([TagFactory(name="Renewals")])
    return article


def test_article_page_has_canonical_open_graph_and_twitter_tags(client, flagship):
    response = client.get("/news/season-2/")

    assertContains(response, '<link rel="canonical" href="http://testserver/news/season-2/">')
    assert meta(response, "property", "og:type") == "article"
    assert meta(response, "property", "og:title") == "Season 2: what we know &lt;/script&gt;&lt;b&gt;"
    assert meta(response, "property", "og:description") == "Netflix renewed the show &amp; more."
    assert meta(response, "property", "og:image") == f"http://testserver{flagship.hero_image.url}"
    assert meta(response, "property", "og:image:alt") == "Students on the roof"
    assert meta(response, "name", "twitter:card") == "summary_large_image"
    assert meta(response, "name", "twitter:title") == meta(response, "property", "og:title")


def test_seo_title_and_description_override_the_defaults(client):
    ArticleFactory(
        slug="seo", title="Long title", summary="Summary.", seo_title="Short", seo_description="Desc."
    )

    response = client.get("/news/seo/")

    assertContains(response, "<title>Short · ")
    assertContains(response, '<meta name="description" content="Desc.">')
    assert meta(response, "property", "og:title") == "Short"


def test_a_long_summary_makes_a_description_cut_at_a_word():
    article = Article(summary="word " * 100)

    assert len(article.meta_description) <= 160
    assert article.meta_description.endswith("word…")


def test_article_page_has_safe_news_article_json_ld(client, flagship):
    html = client.get("/news/season-2/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)

    assert "</script>" not in block and "<b>" not in block and "&" not in block
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Season 2: what we know </script><b>"
    assert data["datePublished"] == "2024-03-05T10:00:00+00:00"
    assert data["dateModified"] == "2024-04-01T08:00:00+00:00"
    assert data["author"][0]["name"] == "Mina Aouad"
    assert data["author"][0]["url"] == "http://testserver/authors/mina-aouad/"
    assert data["publisher"]["@type"] == "Organization"
    assert data["image"] == [f"http://testserver{flagship.hero_image.url}"]


def test_every_page_has_a_unique_title_and_a_description(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    author = UserFactory(username="mina", first_name="Mina", last_name="Aouad")
    tag = TagFactory(slug="t")
    for slug in ("one", "two"):
        ArticleFactory(slug=slug, title=f"Story {slug}", author=author).tags.set([tag])
    urls = ["/", "/news/", "/news/?page=2", "/news/one/", "/news/two/", "/news/category/news/",
            "/news/tag/t/", "/authors/mina-aouad/", "/search/", "/search/?q=story"]  # fmt: skip

    titles = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        titles[url] = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
        assert meta(response, "name", "description"), url
        assert meta(response, "property", "og:title"), url
        assert meta(response, "name", "twitter:card"), url
        assert '<link rel="canonical" href="http://testserver/' in head_of(response), url
    assert len(set(titles.values())) == len(urls), titles


def test_the_second_page_of_a_list_is_its_own_canonical_page(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    ArticleFactory.create_batch(2)

    assertContains(
        client.get("/news/?page=2"), '<link rel="canonical" href="http://testserver/news/?page=2">'
    )


def test_not_found_page_is_not_indexed_and_offers_search(client):
    response = client.get("/no-such-page/")

    assertContains(response, '<meta name="robots" content="noindex">', status_code=404)
    assertContains(response, '<label for="search-404"', status_code=404)


def test_server_error_page_stands_alone_in_the_site_design():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "Something went wrong" in html
    assert "/static/css/reader.css" in html
    assert 'class="masthead"' in html  # the site's masthead, as on every page
    assert "<script" not in html


@pytest.mark.parametrize("time_zone", ["UTC", "Asia/Seoul"])
def test_news_article_json_ld_states_the_facts_the_page_shows(client, flagship, settings, time_zone):
    settings.TIME_ZONE = time_zone
    html = client.get("/news/season-2/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    byline = html[html.index('<p class="meta byline">') :]
    published, updated = re.findall(r'<time datetime="([^"]+)">', byline)[:2]

    def instant(text):
        return datetime.datetime.fromisoformat(text)

    assert instant(data["datePublished"]) == instant(published)
    assert instant(data["dateModified"]) == instant(updated)
    assert instant(meta(client.get("/news/season-2/"), "property", "article:modified_time")) == instant(
        updated
    )
    assert f">{data['author'][0]['name']}</a>" in byline
    # The page shows the same picture, from its rendition at its own size (8 px wide).
    assert f'src="{flagship.hero_image.url.replace("/media/", "/media/renditions/")[:-4]}-8w.png"' in html
    assert data["description"] == flagship.meta_description
    assert data["keywords"] == ["Renewals"]
