from django import template

from .. import conf
from ..forms import CommentForm
from ..models import Comment
from ..moderation import QUERY_PARAM, comment_id_from, posted_ids
from ..reports import NOTICE_PARAM, notice_from
from ..threads import (
    PAGE_PARAM,
    REPLY_PARAM,
    Node,
    build_tree,
    comments_open,
    count_visible,
    page_url,
    paginate,
    parse_int,
)

register = template.Library()


@register.inclusion_tag("comments/_comment_section.html", takes_context=True)
def comment_section(context, article):
    """Approved comments in threads, the reader's own held comment, and the form.

    One query fetches every approved comment of the article; the tree and the page of
    threads are built in Python, so the number of queries never grows with comments.
    """
    request = context["request"]
    roots, nodes = build_tree(Comment.objects.for_thread(article))
    page = paginate(roots, request.GET.get(PAGE_PARAM))
    threads = list(page.object_list)
    held = _held_comment(request, article)
    if held is not None:
        if held.parent_id in nodes:
            nodes[held.parent_id].children.append(Node(held, held=True))
        elif held.parent_id is None and not page.has_next():
            threads.append(Node(held, held=True))
    is_open = comments_open(article)
    form, reply_to = None, None
    if is_open:
        candidate = nodes.get(parse_int(request.GET.get(REPLY_PARAM)))
        if candidate is not None and candidate.comment.depth < conf.get("MAX_DEPTH"):
            reply_to = candidate.comment
        form = CommentForm(article=article, parent=reply_to)
    return {
        "article": article,
        "threads": threads,
        "page": page,
        "total": count_visible(roots),
        "held_comment": held,
        "form": form,
        "comments_open": is_open,
        "reply_to": reply_to,
        "cancel_url": page_url(article, page.number, "respond"),
        "max_depth": conf.get("MAX_DEPTH"),
        "report_notice": _report_notice(request, nodes),
        "request": request,
    }


def _report_notice(request, nodes):
    """What a reader's report did, shown in the comment they reported (or above the thread when
    the comment is no longer in it)."""
    found = notice_from(request.GET.get(NOTICE_PARAM))
    if found is None:
        return None
    comment_id, message = found
    return {"comment_id": comment_id if comment_id in nodes else None, "message": message}


def _held_comment(request, article):
    """The reader's own held comment: the link names it, and the browser's cookie proves it posted it."""
    held_id = comment_id_from(request.GET.get(QUERY_PARAM))
    if held_id is None or held_id not in posted_ids(request):
        return None
    return Comment.objects.filter(article=article, pk=held_id).in_moderation().first()


@register.simple_tag
def comment_page_url(article, number):
    return page_url(article, number, "comments")
