from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from shows.models import Show

from .models import Article, Category

FEED_LENGTH = 20


class LatestNewsFeed(Feed):
    """RSS 2.0: the latest published articles, summaries only."""

    description = "The latest news, release dates and explainers."

    def title(self):
        return f"{settings.SITE_NAME}: latest news"

    def link(self):
        return reverse("articles:list")

    def items(self):
        return Article.objects.published().for_cards()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.summary

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.modified_at

    def item_author_name(self, article):
        return article.author.get_full_name() or article.author.get_username()

    def item_categories(self, article):
        return [article.category.name]


class AtomNewsFeed(LatestNewsFeed):
    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description


class ShowFeed(LatestNewsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Show, slug=slug)

    def title(self, show):
        return f"{settings.SITE_NAME}: {show.title}"

    def link(self, show):
        return show.get_absolute_url()

    def description(self, show):
        return f"The latest news about {show.title}."

    def items(self, show):
        return Article.objects.published().for_cards().filter(shows=show)[:FEED_LENGTH]


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
        return Article.objects.published().for_cards().filter(category=category)[:FEED_LENGTH]
