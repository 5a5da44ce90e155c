from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from articles.models import Article

from . import conf
from .models import Comment


class LatestCommentsFeed(Feed):
    title = "Latest comments"
    description = "The newest published comments on every article."

    def link(self):
        return reverse("articles:list")

    def items(self):
        return Comment.objects.for_feed().filter(article__in=Article.objects.published())[
            : conf.get("FEED_ITEMS")
        ]

    def item_title(self, comment):
        return f"{comment.name} on {comment.article.title}"

    def item_description(self, comment):
        # Readers treat an RSS description as HTML: give them the escaped, linked body, never the text.
        return comment.body_html

    def item_link(self, comment):
        return comment.get_absolute_url()

    def item_author_name(self, comment):
        return comment.name

    def item_pubdate(self, comment):
        return comment.created_at


class ArticleCommentsFeed(LatestCommentsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article):
        return f"Comments on “{article.title}”"

    def description(self, article):
        return f"The newest published comments on “{article.title}”."

    def link(self, article):
        return f"{article.get_absolute_url()}#comments"

    def items(self, article):
        return Comment.objects.for_feed().filter(article=article)[: conf.get("FEED_ITEMS")]

    def item_title(self, comment):
        return f"Comment by {comment.name}"
