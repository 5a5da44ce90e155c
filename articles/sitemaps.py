from django.db.models import Max

from core.sitemaps import Section

from .models import Article


class ArticleSitemap(Section):
    changefreq = "weekly"
    url_name = "articles:detail"

    def items(self):
        # Only what a URL and its lastmod need: a page of 1,000 articles never loads their bodies.
        return (
            Article.objects.published()
            .order_by("-published_at", "-id")
            .values_list("slug", "published_at", "significant_update_at")
        )

    def url_kwargs(self, row):
        return {"slug": row[0]}

    def lastmod(self, row):
        # Article.modified_at, from the row: the significant update when it came after publication.
        _slug, published_at, updated_at = row
        return updated_at if updated_at and updated_at > published_at else published_at

    def get_latest_lastmod(self):
        """The index's date for every page of the section, in one aggregate (not every article)."""
        latest = Article.objects.published().aggregate(
            published=Max("published_at"), updated=Max("significant_update_at")
        )
        dates = [value for value in latest.values() if value is not None]
        return max(dates, default=None)
