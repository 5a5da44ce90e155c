from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.feeds import FEED_LENGTH, StoryFeed

from .cards import cards, latest_cards
from .models import Article, Category


class LatestNewsFeed(StoryFeed):
    """RSS 2.0: the latest published articles, summaries only."""

    description = "The latest news, release dates and explainers."

    def title(self):
        return f"{settings.SITE_NAME}: latest news"

    def link(self):
        return reverse("articles:list")

    def items(self):
        return latest_cards(FEED_LENGTH)


class AtomNewsFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description


class CategoryFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{settings.SITE_NAME}: {category.name}"

    def link(self, category):
        return category.get_absolute_url()

    def description(self, category):
        return category.description or f"The latest {category.name.lower()} from {settings.SITE_NAME}."

    def items(self, category):
        return cards(Article.objects.published().for_cards().filter(category=category)[:FEED_LENGTH])
