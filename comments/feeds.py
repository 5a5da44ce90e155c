from collections import namedtuple

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core.compiled import Compiled
from core.feeds import QuickFeed
from core.paths import path_for

from . import conf
from .models import Comment

# What a feed shows of a comment, from one query of plain values (no comment or article instances).
FeedComment = namedtuple("FeedComment", ["pk", "name", "body_html", "created_at", "article_title"])
# Built and compiled once per process (core.compiled): the visibility rule's joins took Django
# longer to build than the database to run.
feed_sql = Compiled(Comment)


def feed_comments(shape, comments, **values):
    """The newest of ``comments(**values)`` (ids and moments), as FeedComments."""
    limit, depth = conf.get("FEED_ITEMS"), conf.get("MAX_DEPTH")  # both change the SQL
    rows = feed_sql.values(
        (*shape, limit, depth),
        lambda **values: comments(**values).values_list(*FeedComment._fields[:-1], "article__title")[:limit],
        **values,
    )
    return [FeedComment(*row) for row in rows]


class LatestCommentsFeed(QuickFeed):
    title = "Latest comments"
    description = "The newest published comments on every article."

    def link(self):
        return reverse("articles:list")

    def items(self):
        return feed_comments(
            ("latest",),
            lambda now: Comment.objects.for_feed().filter(article__in=Article.objects.published(now)),
            now=timezone.now(),
        )

    def headline(self, comment):
        return f"{comment.name} on {comment.article_title}"

    def item_fields(self, comment):
        return {
            "title": self.headline(comment),
            # Comment.get_absolute_url(): the permalink that finds it on whichever page it is.
            "link": path_for("comments:permalink", pk=comment.pk),
            # Readers treat an RSS description as HTML: give them the escaped, linked body, never the text.
            "description": comment.body_html,
            "author_name": comment.name,
            "pubdate": comment.created_at,
        }


class ArticleCommentsFeed(LatestCommentsFeed):
    kept_in_memory = False  # one per article: kept in the shared cache only

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article):
        return f"Comments on “{article.title}”"

    def description(self, article):
        return f"The newest published comments on “{article.title}”."

    def link(self, article):
        return f"{article.get_absolute_url()}#comments"

    def items(self, article):
        return feed_comments(
            ("article",),
            lambda article_id: Comment.objects.for_feed().filter(article_id=article_id),
            article_id=article.pk,
        )

    def headline(self, comment):
        return f"Comment by {comment.name}"
