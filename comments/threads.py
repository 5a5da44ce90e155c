"""Threads: the comment tree of an article, built in Python from one query, and its pages."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone

from . import conf
from .models import Comment

PAGE_PARAM = "cpage"
REPLY_PARAM = "replytocom"


@dataclass
class Node:
    comment: object
    held: bool = False
    children: list = field(default_factory=list)


def comments_open(article, now=None):
    """Editors may close an article's comments; they also close N days after publication."""
    if not getattr(article, "comments_enabled", True) or not article.is_published:
        return False
    days = conf.get("CLOSE_AFTER_DAYS")
    if days is None:
        return True
    return (now or timezone.now()) < article.published_at + datetime.timedelta(days=days)


def build_tree(comments, held=None):
    """Top-level Nodes with their replies, in the order given (oldest first).

    A reply whose parent is not among ``comments`` (no longer approved) is left out with
    its parent. ``held``, the reader's own comment awaiting moderation, joins its parent
    or, when it starts a thread, the end of the list.
    """
    nodes = {comment.pk: Node(comment) for comment in comments}
    roots = []
    for node in nodes.values():
        parent_id = node.comment.parent_id
        if parent_id is None:
            roots.append(node)
        elif parent_id in nodes:
            nodes[parent_id].children.append(node)
    return roots, nodes


def count_visible(roots):
    stack, total = list(roots), 0
    while stack:
        node = stack.pop()
        total += 1
        stack.extend(node.children)
    return total


def parse_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None


def page_for(comment):
    """The page (1-based) on which a comment's thread starts."""

    ancestors = comment.ancestors()
    root = ancestors[-1] if ancestors else comment
    earlier = (
        Comment.objects.approved()
        .filter(article_id=root.article_id, parent__isnull=True)
        .filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, pk__lt=root.pk))
        .count()
    )
    return earlier // conf.get("PER_PAGE") + 1


def page_url(article, page_number, anchor=""):
    url = article.get_absolute_url()
    if page_number and page_number > 1:
        url += f"?{PAGE_PARAM}={page_number}"
    return f"{url}#{anchor}" if anchor else url


def paginate(roots, page_param):
    paginator = Paginator(roots, conf.get("PER_PAGE"))
    return paginator.get_page(parse_int(page_param) or 1)
