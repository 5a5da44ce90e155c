"""Threads: the comment tree of an article, built in Python from one query, and its pages."""

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.compiled import Compiled

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


def page_of_threads(article, page_param):
    """(top-level Nodes of one page with their replies, every Node by id, the Page, the number of
    comments readers see on all pages), in one query whatever the size of the conversation.

    Only the page's threads are fetched: its first comments (a sliced subquery) and the replies
    that name them as their root. An uncorrelated subquery in the same statement counts the
    article's threads (for the pages) from an index; the comments readers see are the article's
    stored count (comments.counts).
    """
    per_page = conf.get("PER_PAGE")
    # A page whose first row lies beyond what a database counts to (a 64-bit offset) is past
    # the last page like any other, not an error.
    number = min(parse_int(page_param) or 1, (2**63 - 1) // per_page)
    rows = _thread_rows(article, number, per_page)
    if not rows and number > 1:
        # Past the last page (an old link): show the last one, as Paginator.get_page does.
        threads = Comment.objects.approved().filter(article=article, parent__isnull=True).count()
        number = max(1, -(-threads // per_page))
        rows = _thread_rows(article, number, per_page)
    threads = rows[0].threads_total if rows else 0
    total = article.comment_count if rows else 0
    roots, nodes = build_tree(rows)
    page = Paginator(range(threads), per_page).get_page(number)
    return roots, nodes, page, total


def _thread_rows(article, number, per_page):
    """The page's comments: the thread query's SQL is compiled once per shape (core.compiled)."""
    shape = ("thread", conf.get("MAX_DEPTH"), per_page, number)
    return thread_sql.rows(
        shape, lambda article_id: _thread_query(article_id, number, per_page), article_id=article.pk
    )


def _thread_query(article_id, number, per_page):
    starts = Comment.objects.approved().filter(article_id=article_id, parent__isnull=True)
    on_page = starts.for_display().values("pk")[(number - 1) * per_page : number * per_page]
    # Each part of the union finds its rows by an index (the primary key; root and status), and
    # the outer query has nothing else to choose from: given the article and status as well, or
    # the same filters as one query with OR, the databases scanned every comment of the article
    # or of the site.
    replies = Comment.objects.approved().filter(root__in=on_page, depth__lte=conf.get("MAX_DEPTH"))
    shown = Comment.objects.filter(pk__in=on_page).order_by().values("pk")
    threads = starts.order_by().values("article").annotate(total=Count("pk")).values("total")[:1]
    return (
        Comment.objects.filter(pk__in=shown.union(replies.order_by().values("pk"), all=True))
        .for_thread()
        .annotate(threads_total=Coalesce(Subquery(threads), Value(0), output_field=IntegerField()))
    )


# Building and compiling this queryset took ~4 ms, running it well under 1 ms; on PostgreSQL,
# planning it for each article took longer than running it (core.compiled.generic_plan).
thread_sql = Compiled(Comment, one_plan=True)


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
