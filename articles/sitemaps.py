from django.contrib.sitemaps import Sitemap

from core.sitemaps import SECTION_LIMIT

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    limit = SECTION_LIMIT

    def items(self):
        # Only what a URL and its lastmod need: a page of 1,000 articles never loads their bodies.
        return (
            Article.objects.published()
            .only("slug", "published_at", "significant_update_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return article.modified_at
