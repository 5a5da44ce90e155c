from django.contrib.sitemaps import Sitemap

from shows.models import Person, Season, Show

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().order_by("-published_at", "-id")

    def lastmod(self, article):
        return article.modified_at


class ShowSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Show.objects.order_by("title")


class SeasonSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Season.objects.select_related("show").order_by("show__title", "number")


class PersonSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Person.objects.order_by("name")


SITEMAPS = {
    "articles": ArticleSitemap,
    "shows": ShowSitemap,
    "seasons": SeasonSitemap,
    "people": PersonSitemap,
}
