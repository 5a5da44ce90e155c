from django.contrib.sitemaps import Sitemap

from core.sitemaps import SECTION_LIMIT

from .models import Person, Season, Show


class ShowSitemap(Sitemap):
    changefreq = "weekly"
    limit = SECTION_LIMIT

    def items(self):
        return Show.objects.only("slug").order_by("title", "id")


class SeasonSitemap(Sitemap):
    changefreq = "weekly"
    limit = SECTION_LIMIT

    def items(self):
        return (
            Season.objects.select_related("show")
            .only("number", "show__slug")
            .order_by("show__title", "number")
        )


class PersonSitemap(Sitemap):
    changefreq = "monthly"
    limit = SECTION_LIMIT

    def items(self):
        return Person.objects.only("slug").order_by("name", "id")
