from django.contrib.sitemaps import Sitemap

from .models import Person, Season, Show


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
