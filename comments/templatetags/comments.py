from django import template
from django.conf import settings

from articles.models import PAGE_TAG
from pagecache.fragments import fragment
from pagecache.policy import SITE

from .. import conf
from ..forms import BlankCommentForm
from ..models import Comment
from ..moderation import QUERY_PARAM, comment_id_from, posted_ids
from ..reports import NOTICE_PARAM, notice_from
from ..thread_html import render_nodes
from ..threads import (
    PAGE_PARAM,
    REPLY_PARAM,
    Node,
    comments_open,
    page_of_threads,
    page_url,
    parse_int,
)

register = template.Library()


class Thread:
    """The page of threads, fetched on first use: when the rendered thread is in the fragment cache,
    the template never asks, and the page costs no comment query at all."""

    def __init__(self, article, page_param, held):
        self.article, self.page_param, self.held = article, page_param, held
        self._fetched = None

    def fetched(self):
        if self._fetched is None:
            roots, nodes, page, total = page_of_threads(self.article, self.page_param)
            threads = list(roots)
            held = self.held
            if held is not None:
                if held.parent_id in nodes:
                    nodes[held.parent_id].children.append(Node(held, held=True))
                elif held.parent_id is None and not page.has_next():
                    threads.append(Node(held, held=True))
            self._fetched = threads, page, total, nodes
        return self._fetched


def fragment_key(article, page_param, is_open, held, notice=None):
    """(key, timeout) of the rendered thread: it changes with the article's comments (its page tag,
    bumped by comments.pages) and any edit of the site. A thread that shows one reader their own
    things (their held comment, what their report did) is rendered and never kept (timeout 0)."""
    if held is not None or notice is not None:
        return "one-reader", 0
    return fragment(
        SITE, PAGE_TAG.format(slug=article.slug), extra=(article.pk, parse_int(page_param) or 1, is_open)
    )


@register.inclusion_tag("comments/_comment_section.html", takes_context=True)
def comment_section(context, article):
    """Approved comments in threads, the reader's own held comment, and the form.

    One query fetches the page's threads whatever their size (comments.threads.page_of_threads),
    and none when the rendered thread is in the fragment cache under its current key.
    """
    request = context["request"]
    page_param = request.GET.get(PAGE_PARAM)
    held = _held_comment(request, article)
    thread = Thread(article, page_param, held)
    is_open = comments_open(article)
    form, reply_to = None, None
    if is_open:
        reply_to = _reply_to(article, request.GET.get(REPLY_PARAM))
        form = BlankCommentForm(article=article, parent=reply_to)
    notice = notice_from(request.GET.get(NOTICE_PARAM))
    key, timeout = fragment_key(article, page_param, is_open, held, notice)
    # The empty form is the same for every reader of the article (the page cache shares it too);
    # its signed timestamp may be as old as a cached page, no older.
    form_key, form_timeout = fragment(SITE, extra=(article.pk, reply_to.pk if reply_to else 0))
    form_timeout = min(form_timeout, settings.PAGE_CACHE["TIMEOUT"])
    return {
        "article": article,
        # Callables: the template calls them only when it renders the thread.
        "threads": lambda: thread.fetched()[0],
        "page": lambda: thread.fetched()[1],
        "total": lambda: thread.fetched()[2],
        "held_comment": held,
        "form": form,
        "comments_open": is_open,
        "reply_to": reply_to,
        "cancel_url": page_url(article, parse_int(page_param) or 1, "respond"),
        "max_depth": conf.get("MAX_DEPTH"),
        "report_notice": (lambda: _report_notice(notice, thread.fetched()[3])) if notice else None,
        "request": request,
        "fragment_key": key,
        "fragment_timeout": timeout,
        "form_key": form_key,
        "form_timeout": form_timeout,
    }


def _reply_to(article, reply_param):
    """The comment named by ?replytocom=, if readers can see it and replies may nest under it."""
    pk = parse_int(reply_param)
    if pk is None:
        return None
    comment = Comment.objects.visible().filter(article=article, pk=pk).first()
    if comment is None or comment.depth >= conf.get("MAX_DEPTH"):
        return None
    return comment


def _report_notice(notice, nodes):
    """What a reader's report did, shown in the comment they reported (or above the thread when
    the comment is no longer in it)."""
    comment_id, message = notice
    return {"comment_id": comment_id if comment_id in nodes else None, "message": message}


def _held_comment(request, article):
    """The reader's own held comment: the link names it, and the browser's cookie proves it posted it."""
    held_id = comment_id_from(request.GET.get(QUERY_PARAM))
    if held_id is None or held_id not in posted_ids(request):
        return None
    return Comment.objects.filter(article=article, pk=held_id).in_moderation().first()


@register.simple_tag
def comment_list(threads, comments_open, max_depth, page_number, report_notice):
    """The page's threads, written by comments.thread_html (a template per comment cost most of
    the article page's time)."""
    return render_nodes(
        threads,
        comments_open=comments_open,
        max_depth=max_depth,
        page_number=page_number,
        report_notice=report_notice,
    )


@register.simple_tag
def comment_page_url(article, number):
    return page_url(article, number, "comments")
