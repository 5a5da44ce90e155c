"""Articles as cards, lists and feeds show them: plain values from one query, no model instances.

An article fetched for a card came with its author, the author's profile and its category, four
model instances a card (``for_cards()``'s ``select_related``): about 80 µs each, 2.5 ms for home's
thirty, more than the query. A ``Card`` holds the dozen values a card, a news list or a feed
reads, under the names the article has (``{% article_card %}`` takes either), and builds its URL
from a pattern reversed once (core.paths).
"""

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.functional import cached_property

from core.compiled import Compiled
from core.paths import path_for

from .models import Article, Category, default_display_name

FIELDS = (
    "id",
    "title",
    "slug",
    "summary",
    "hero_image",
    "hero_width",
    "hero_height",
    "published_at",
    "significant_update_at",
    "comment_count",
    "category_id",
    "category__name",
    "category__slug",
    "category__position",
    "author__author_profile__display_name",
    "author__first_name",
    "author__last_name",
)


class Hero:
    """What a card reads of the article's picture: its stored name and storage."""

    __slots__ = ("name",)
    storage = Article._meta.get_field("hero_image").storage

    def __init__(self, name):
        self.name = name

    def __bool__(self):
        return bool(self.name)


class Card:
    __slots__ = (
        "pk",
        "title",
        "slug",
        "summary",
        "hero_image",
        "hero_width",
        "hero_height",
        "published_at",
        "significant_update_at",
        "comment_count",
        "category",
        "byline",
    )

    def get_absolute_url(self):
        return path_for("articles:detail", slug=self.slug)

    @property
    def section(self):
        return self.category.name

    @property
    def modified_at(self):
        """As ``Article.modified_at``: the significant update when it came after publication."""
        updated = self.significant_update_at
        return updated if updated and self.published_at and updated > self.published_at else self.published_at


def cards(queryset):
    """The articles of ``queryset`` (any filter, order and slice of ``Article.objects``), as Cards."""
    if queryset.query.low_mark:
        queryset = keys_first(queryset)
    return cards_from(queryset.values_list(*FIELDS))


def keys_first(sliced):
    """``sliced`` (a page past the first), its rows found by their keys first: the slice reads
    only the ordering's index (the list orders include the id), and only the page's rows are
    joined to their author, profile and section. Sliced with the joins, the databases joined
    every story they skipped: page 40 joined 400 rows to show 10."""
    order = sliced.query.order_by or sliced.model._meta.ordering
    return sliced.model.objects.filter(pk__in=sliced.values("pk")).order_by(*order)


# Home and the news feed ask for the same stories on every render: Django took longer to build
# and compile their queries than the database to run them (core.compiled).
cards_sql = Compiled(Article)


def latest_cards(limit):
    """The ``limit`` newest live stories."""
    return _compiled_cards("latest", limit, lambda live: live.for_cards())


def most_commented_cards(limit):
    return _compiled_cards("most commented", limit, lambda live: live.most_commented())


def _compiled_cards(name, limit, order):
    return cards_from(
        cards_sql.values(
            (name, limit),
            lambda now: order(Article.objects.published(now))[:limit].values_list(*FIELDS),
            now=timezone.now(),
        )
    )


def cards_from(rows):
    """Cards from rows of FIELDS."""
    categories = {}
    found = []
    for row in rows:
        (pk, title, slug, summary, hero, width, height, published, updated, count) = row[:10]
        category_id, category_name, category_slug, position, display_name, first, last = row[10:]
        card = Card()
        card.pk, card.title, card.slug, card.summary = pk, title, slug, summary
        card.hero_image, card.hero_width, card.hero_height = Hero(hero), width, height
        card.published_at, card.significant_update_at, card.comment_count = published, updated, count
        category = categories.get(category_id)
        if category is None:
            category = Category(id=category_id, name=category_name, slug=category_slug, position=position)
            categories[category_id] = category
        card.category = category
        # Every user gets a profile when made (articles.apps); one made in bulk reads as it would.
        card.byline = display_name if display_name is not None else fallback_byline(first, last)
        found.append(card)
    return found


def fallback_byline(first_name, last_name):
    return default_display_name(get_user_model()(first_name=first_name, last_name=last_name))


class Cards:
    """The Cards of ``queryset``, fetched on first use: a list page passes one to the fragment
    that shows it, and a kept fragment never asks for them."""

    def __init__(self, queryset):
        self.queryset = queryset

    @cached_property
    def cards(self):
        return cards(self.queryset)

    def __iter__(self):
        return iter(self.cards)

    def __len__(self):
        return len(self.cards)

    def __bool__(self):
        return bool(self.cards)
