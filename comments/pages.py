"""Which cached pages a change of comments puts out of date: the articles' own pages and
comment feeds, and every page that shows comment counts or the latest comments."""

from articles.models import PAGE_TAG, Article
from pagecache.policy import COMMENTS
from pagecache.store import bump

from .models import Comment


def on_comments_changed(sender, article_ids, comment=None, **kwargs):
    """Receiver: a held comment just posted is seen by nobody but its author (not from the cache)."""
    if comment is not None and comment.status != Comment.Status.APPROVED:
        return
    if comment is not None:
        slugs = [comment.article.slug]  # read by the post view already
    else:
        slugs = Article.objects.filter(pk__in=article_ids).values_list("slug", flat=True)
    bump(COMMENTS, *(PAGE_TAG.format(slug=slug) for slug in slugs))
