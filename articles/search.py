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
        return Article.objects.published().for_cards()
