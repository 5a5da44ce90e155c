from django import template

from ..forms import CommentForm
from ..models import Comment
from ..moderation import QUERY_PARAM, comment_id_from

register = template.Library()


@register.inclusion_tag("comments/_comment_section.html", takes_context=True)
def comment_section(context, article):
    """Approved comments, the reader's own held comment, and the form, for one article."""
    request = context["request"]
    comments = list(Comment.objects.filter(article=article).approved().for_display())
    held = None
    held_id = comment_id_from(request.GET.get(QUERY_PARAM))
    if held_id is not None:
        held = Comment.objects.filter(article=article, pk=held_id).in_moderation().first()
    return {
        "article": article,
        "comments": comments,
        "held_comment": held,
        "form": context.get("comment_form") or CommentForm(article=article),
        "request": request,
    }
