"""What site search reads of an article (the search app above articles indexes, ranks and quotes it):
its title, then its summary and the text readers see of its rendered body. Drafts are indexed too,
so that publishing needs no reindex; only ``public()`` articles are ever shown."""

from .models import Article


class ArticleDocument:
    kind = "article"
    model = "articles.Article"
    title_fields = ("title",)
    body_fields = ("summary", "body_html")
    # Rendered HTML: searched and quoted without its tags and entities, never its Markdown or URLs.
    html_fields = ("body_html",)
    snippet_fields = ("summary", "body_html")

    @staticmethod
    def public():
        # What a result shows of an article: its title, address, section and date; the author's
        # rows and the other columns would be fetched for thirty results and never read.
        return (
            Article.objects.published()
            .select_related("category")
            .only("title", "slug", "published_at", "category__name", "category__slug")
            .order_by("-published_at", "-id")
        )
