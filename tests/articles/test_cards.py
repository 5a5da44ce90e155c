"""articles.cards: a Card reads as its article does wherever cards, lists and feeds show it."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from articles.cards import Cards, cards
from articles.models import Article, AuthorProfile
from core.templatetags.cards import article_card
from tests.factories import ArticleFactory, CategoryFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def articles(clock):
    section = CategoryFactory(name="Recaps & <reviews>", slug="recaps", position=2)
    pictured = ArticleFactory(
        title="Season 2 <finale> & more",
        summary='What "happened" & why.',
        category=section,
        author=UserFactory(first_name="Kim", last_name="Writer"),
        published_at=clock.ago(days=3),
        significant_update_at=clock.ago(days=1),
    )
    Article.objects.filter(pk=pictured.pk).update(
        hero_image="articles/heroes/finale.jpg", hero_width=1600, hero_height=900, comment_count=2
    )
    # A user made in bulk (no signal): no profile yet, so the byline is worked out as it would be.
    bulk = get_user_model().objects.bulk_create([get_user_model()(username="bulk", first_name="Lee")])[0]
    plain = ArticleFactory(author=bulk, published_at=clock.ago(days=2), comment_count=1)
    return [pictured, plain]


def test_a_card_renders_as_its_article_does_in_every_kind_of_card(articles):
    found = {card.pk: card for card in cards(Article.objects.published())}
    assert not AuthorProfile.objects.filter(user__username="bulk").exists()
    for article in Article.objects.published().for_cards():
        card = found[article.pk]
        for options in ({}, {"lead": True}, {"compact": True}, {"heading_level": 2}):
            assert article_card(card, **options) == article_card(article, **options)
        assert card.get_absolute_url() == article.get_absolute_url()
        assert card.category.get_absolute_url() == article.category.get_absolute_url()
        assert (card.byline, card.section, card.modified_at) == (
            article.byline,
            article.section,
            article.modified_at,
        )


def test_cards_keep_the_querysets_order_and_slice_and_share_each_section(articles, clock):
    ArticleFactory(category=articles[0].category, published_at=clock.ago(hours=1))
    latest = cards(Article.objects.published().for_cards().filter(category=articles[0].category)[:2])

    assert [card.published_at for card in latest] == sorted(
        (card.published_at for card in latest), reverse=True
    )
    assert len(latest) == 2 and latest[0].category is latest[1].category
    assert isinstance(latest[0].published_at, datetime.datetime) and latest[0].published_at.tzinfo


def test_cards_are_fetched_only_when_read(articles, django_assert_num_queries):
    with django_assert_num_queries(0):
        lazy = Cards(Article.objects.published())
    with django_assert_num_queries(1):
        assert len(lazy) == 2 and list(lazy) == lazy.cards


@pytest.mark.parametrize("zone", ["UTC", "America/St_Johns", "Asia/Seoul"])
def test_the_time_element_tag_writes_what_the_two_date_filters_wrote(zone):
    from django.template import Context, Template
    from django.utils import timezone

    filters = Template(
        """<time datetime="{{ moment|date:'Y-m-d\\TH:i:sO' }}">{{ moment|date:"j F Y" }}</time>"""
    )
    tag = Template("{% load cards %}{% time_element moment %}")
    with timezone.override(zone):
        for moment in (
            datetime.datetime(2026, 1, 5, 23, 30, 7, 123456, tzinfo=datetime.UTC),
            datetime.datetime(2025, 12, 31, 2, 0, tzinfo=datetime.UTC),
        ):
            context = Context({"moment": moment})
            assert tag.render(context) == filters.render(context)


@pytest.mark.parametrize("listing", ["news", "section", "tag"])
def test_a_page_deep_in_a_list_holds_the_stories_of_its_place_in_the_order(client, clock, settings, listing):
    """Past the first page, the page's stories are found by their keys first (articles.cards.
    keys_first): the same stories, in the same order, ties on the moment broken by the newest id."""
    from tests.factories import TagFactory

    settings.ARTICLES_PER_PAGE = 4
    section, tag = CategoryFactory(slug="news-section"), TagFactory(slug="cast")
    stories = []
    for number in range(11):
        # Pairs published at the same moment: their order is the id's.
        story = ArticleFactory(category=section, published_at=clock.ago(hours=number // 2 + 1))
        story.tags.add(tag)
        stories.append(story)
    elsewhere = ArticleFactory(category=CategoryFactory(slug="elsewhere"), published_at=clock.ago(days=30))
    listed = stories + [elsewhere] if listing == "news" else stories
    expected = sorted(listed, key=lambda story: (story.published_at, story.pk), reverse=True)
    path = {"news": "/news/", "section": "/news/category/news-section/", "tag": "/news/tag/cast/"}[listing]

    pages = []
    for number in (1, 2, 3):
        response = client.get(path, {"page": number})
        assert response.status_code == 200
        pages.append([card.pk for card in response.context["articles"]])

    assert pages == [[story.pk for story in expected[start : start + 4]] for start in (0, 4, 8)]


def test_only_a_deep_pages_rows_are_joined():
    live = Article.objects.published().for_cards()
    first, deep = Cards(live[:10]), Cards(live[390:400])
    assert " IN (SELECT" not in str(first.queryset.values_list("pk").query)
    from articles.cards import keys_first

    sql = str(keys_first(live[390:400]).values_list("pk").query)
    subquery = sql[sql.index(" IN (SELECT") :]
    assert "OFFSET 390" in subquery and "articles_category" not in subquery and "auth_user" not in subquery
    assert list(deep) == []  # nothing that deep here: an empty page, not an error
