from django import template

from .. import freshness
from ..models import Article

register = template.Library()

PANEL_LENGTH = 8


@register.simple_tag(takes_context=True)
def articles_to_check(context):
    """For the admin home: {"articles": [(article, marks)], "total": n}, or None for users who
    cannot change articles."""
    user = context["request"].user
    if not user.has_perm("articles.change_article"):
        return None
    counts = freshness.stale_counts()
    articles = Article.objects.filter(pk__in=counts).order_by("-published_at", "-id")[:PANEL_LENGTH]
    return {"articles": [(article, counts[article.pk]) for article in articles], "total": len(counts)}
