from django.db.models import Case, F, Subquery, TextField, When
from django.db.models.functions import Cast
from django.utils import timezone

from core.sitemaps import Section

from .models import Article


class ArticleSitemap(Section):
    changefreq = "weekly"
    url_name = "articles:detail"

    def items(self):
        # Only what a URL and its lastmod need, from one index (article_sitemap_rows): a page of
        # 1,000 articles never loads their bodies. The lastmod is Article.modified_at (the
        # significant update when it came after publication), worked out by the database and
        # given as text: the drivers took longer to read 1,000 moments than the query to run
        # (core.sitemaps.Moments reads the text).
        modified_at = Case(
            When(significant_update_at__gt=F("published_at"), then="significant_update_at"),
            default="published_at",
        )
        return (
            Article.objects.published()
            .order_by("-published_at", "-id")
            .values_list("slug", Cast(modified_at, TextField()))
        )

    def url_kwargs(self, row):
        return {"slug": row[0]}

    def lastmod(self, row):
        return row[1]

    def get_latest_lastmod(self):
        """The index's date for every page of the section: the newest live article's date, or a
        later significant update. One query, each part read at an index's end (no row scan)."""
        live = Article.objects.published(timezone.now())
        updates = live.filter(significant_update_at__isnull=False).order_by("-significant_update_at")
        latest = (
            live.order_by("-published_at")
            .annotate(updated=Subquery(updates.values("significant_update_at")[:1]))
            .values_list("published_at", "updated")
            .first()
        )
        return max(date for date in latest if date is not None) if latest else None
