"""Article.comment_count: the comments readers see, kept by the lifecycle's signals.

Cards and "most commented" lists read the stored number, so no list page counts comments.
One UPDATE recounts every article a change touched, however many comments it moved.
"""

from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from articles.models import Article

from .models import Comment


def recount(article_ids):
    """Set Article.comment_count from the comments readers see on these articles."""
    if not article_ids:
        return
    visible = (
        Comment.objects.visible()
        .filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(total=Count("pk"))
        .values("total")
    )
    Article.objects.filter(pk__in=article_ids).update(comment_count=Coalesce(Subquery(visible), Value(0)))


def on_comments_changed(sender, article_ids, comment=None, **kwargs):
    """Receiver: a held comment just posted changes no count, anything else may."""
    if comment is not None and comment.status != Comment.Status.APPROVED:
        return
    recount(article_ids)
