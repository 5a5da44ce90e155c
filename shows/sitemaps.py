from core.sitemaps import Section

from .models import Person, Season, Show


class ShowSitemap(Section):
    changefreq = "weekly"
    url_name = "shows:show-detail"

    def items(self):
        return Show.objects.order_by("title", "id").values_list("slug")

    def url_kwargs(self, row):
        return {"slug": row[0]}


class SeasonSitemap(Section):
    changefreq = "weekly"
    url_name = "shows:season-detail"

    def items(self):
        return Season.objects.order_by("show__title", "number").values_list("show__slug", "number")

    def url_kwargs(self, row):
        return {"slug": row[0], "number": row[1]}


class PersonSitemap(Section):
    changefreq = "monthly"
    url_name = "shows:person-detail"

    def items(self):
        return Person.objects.order_by("name", "id").values_list("slug")

    def url_kwargs(self, row):
        return {"slug": row[0]}
