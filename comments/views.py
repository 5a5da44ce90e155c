import json
import logging
from urllib.parse import quote

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from articles.models import Article
from core.cache import UNREACHABLE

from . import conf, notifications, reports
from .forms import CommentForm
from .models import Comment, CommentFlag
from .moderation import QUERY_PARAM, posted_ids, remember_posted, token_for
from .protection import (
    FLOOD_MESSAGE,
    REPORT_FLOOD_MESSAGE,
    UNAVAILABLE_MESSAGE,
    check_flood,
    client_ip,
    sign_timestamp,
)
from .thread_html import render_nodes
from .threads import Node, comments_open, page_for, page_url, parse_int

CSRF_MESSAGE = (
    "Please try again: this page's security token has expired or your browser did not send it. "
    "Nothing was saved; your comment is below, ready to post again."
)
logger = logging.getLogger(__name__)
SAVED_DETAILS_COOKIE = "comment_author"
SAVED_DETAILS_MAX_AGE = 60 * 60 * 24 * 365


# What the post view and its refusal page read of an article: no body, no relations.
ARTICLE_FIELDS = ["id", "slug", "title", "status", "published_at", "comments_enabled", "comment_count"]


@csrf_exempt  # checked below, so that a stale token gives the form back with what was typed
@never_cache
@require_POST
def post_comment(request, article_id):
    if parse_int(article_id) is None:
        raise Http404
    article = get_object_or_404(Article.objects.published().only(*ARTICLE_FIELDS), pk=article_id)
    form = CommentForm(request.POST, article=article, proven_ids=posted_ids(request))
    if not comments_open(article):
        form.is_valid()  # show what was typed, so that nothing is lost; never save it
        return _refused(request, form, status=403, closed=True)
    if not _csrf_passes(request):
        form.is_valid()  # show the reader's input again, never save it
        form.add_error(None, CSRF_MESSAGE)
        form.refresh_timestamp()
        return _refused(request, form, status=403)
    if not form.is_valid():
        form.refresh_timestamp()
        return _refused(request, form, status=400)
    ip_address = client_ip(request)
    try:
        if not check_flood(ip_address, form.cleaned_data["email"]):
            form.add_error(None, FLOOD_MESSAGE)
            return _refused(request, form, status=429)
        comment = form.save(ip_address=ip_address)
    except UNREACHABLE:
        # The rate limits and the pages a comment changes live in the shared cache. Without it the
        # comment is not saved (its transaction rolls back) and the reader keeps what they typed.
        logger.exception("A comment was refused: the shared cache is unreachable")
        form.add_error(None, UNAVAILABLE_MESSAGE)
        form.refresh_timestamp()
        return _refused(request, form, status=503)
    response = HttpResponseRedirect(_url_after_posting(comment))
    remember_details(response, form.cleaned_data)
    remember_posted(response, request, comment, proof=form.proof)
    return response


def _refused(request, form, *, status, closed=False):
    """The comment comes back on a page of its own: what went wrong first, each problem linked
    to its field, then the form with everything typed, and the way back to the article."""
    return render(
        request,
        "comments/comment_form.html",
        {
            "article": form.article,
            "form": form,
            "problems": problems(form),
            "reply_to": form.parent_comment,
            "comments_closed": closed,
            "fresh_csrf_token": True,
        },
        status=status,
    )


def problems(form):
    """[(field id or "", message)] in the order the fields appear; messages about the whole form first."""
    found = [("", str(message)) for message in form.non_field_errors()]
    for field in form.visible_fields():
        found += [(field.auto_id, str(message)) for message in field.errors]
    return found


def _csrf_passes(request):
    """Django's own CSRF check, run by hand (its failure page is not used here), or a browser's
    word that the form was posted from this site.

    The article page comes from a cache every reader shares, so it carries no token: its script
    fetches one, and a browser without JavaScript sends none. Browsers set ``Origin`` on every
    cross-site POST and pages cannot forge it, so a matching ``Origin`` proves what the token
    would (OWASP's "verifying origin with standard headers"); without one, the token decides.
    """
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        own = f"{request.scheme}://{request.get_host()}"
        if origin == own or origin in settings.CSRF_TRUSTED_ORIGINS:
            return True
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {}) is None


def _url_after_posting(comment):
    # The article was read by this request: with fewer comments than fit on a page, the
    # comment's thread is on the first, and there is nothing to count.
    fits_one_page = comment.article.comment_count < conf.get("PER_PAGE")
    page = 1 if fits_one_page else page_for(comment)
    url = page_url(comment.article, page)
    if comment.status != Comment.Status.APPROVED:
        url += ("&" if "?" in url else "?") + f"{QUERY_PARAM}={quote(token_for(comment))}"
    return f"{url}#{comment.anchor}"


def remember_details(response, data):
    """Keep or forget the commenter's details, as they chose; the page script prefills from it."""
    if not data.get("save_details"):
        response.delete_cookie(SAVED_DETAILS_COOKIE, samesite="Lax")
        return
    details = {"name": data["name"], "email": data["email"], "website": data.get("website", "")}
    response.set_cookie(
        SAVED_DETAILS_COOKIE,
        quote(json.dumps(details), safe=""),
        max_age=SAVED_DETAILS_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _public_comment_or_404(pk):
    """A comment every reader can see: visible in its thread, on a published article."""
    if parse_int(pk) is None:
        raise Http404
    return get_object_or_404(
        Comment.objects.visible().select_related("article", "parent__parent"),
        pk=pk,
        article__in=Article.objects.published(),
    )


def permalink(request, pk):
    """Find a published comment on whichever page of its article's thread it is."""
    comment = _public_comment_or_404(pk)
    return redirect(page_url(comment.article, page_for(comment), comment.anchor))


@never_cache
@require_http_methods(["GET", "POST"])
@csrf_protect
def report(request, pk):
    """GET asks for a reason and a confirmation; POST records one report per reader, within a rate
    limit, and brings the reader back to the comment with a note of what happened."""
    comment = _public_comment_or_404(pk)
    page = page_for(comment)
    context = {
        "comment": comment,
        "back_url": page_url(comment.article, page, comment.anchor),
        "reasons": CommentFlag.Reason.choices,
    }
    if request.method == "GET":
        return render(request, "comments/report_confirm.html", context)
    # The form requires a reason; a POST without one (an older page) is still a report.
    reason = request.POST.get("reason", "")
    if reason and reason not in CommentFlag.Reason.values:
        context["error"] = "Please choose one of the reasons listed."
        return render(request, "comments/report_confirm.html", context, status=400)
    outcome = reports.report(comment, client_ip(request), reason)
    if outcome == reports.RATE_LIMITED:
        return render(
            request, "comments/report_done.html", {**context, "message": REPORT_FLOOD_MESSAGE}, status=429
        )
    url = page_url(comment.article, page)
    url += ("&" if "?" in url else "?") + f"{reports.NOTICE_PARAM}={outcome}-{comment.pk}"
    # A hidden comment is no longer in its thread: the note is at the top of the comments.
    return redirect(f"{url}#{'comments' if outcome == reports.HIDDEN else comment.anchor}")


@never_cache
@require_GET
def held_comments(request, article_id):
    """This browser's own comments on the article that still await moderation, as HTML to put in
    the thread: the article page is shared from the cache, and its script asks for them here.
    The signed cookie set with each post (comments.moderation.posted_ids) is the only proof."""
    ids = posted_ids(request)
    held = []
    if ids and parse_int(article_id) is not None:
        found = (
            Comment.objects.in_moderation()
            .filter(pk__in=ids, article_id=article_id, article__in=Article.objects.published())
            .order_by("created_at", "pk")
        )
        held = [
            {
                "id": comment.pk,
                "parent": comment.parent_id,
                "html": render_nodes([Node(comment, held=True)]),
            }
            for comment in found
        ]
    response = JsonResponse({"comments": held})
    patch_vary_headers(response, ["Cookie"])
    return response


@csrf_exempt  # The signed token is the proof; mail clients' one-click POST (RFC 8058) carries no CSRF token.
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    email = notifications.email_from_unsubscribe_token(token)
    if email is None:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        Comment.objects.filter(email__iexact=email, notify=True).update(notify=False)
        return render(request, "comments/unsubscribe.html", {"email": email, "done": True})
    return render(request, "comments/unsubscribe.html", {"email": email})


@never_cache
@require_GET
def form_token(request):
    """A fresh CSRF token and form timestamp for pages served from a shared cache."""
    return JsonResponse({"csrf_token": get_token(request), "timestamp": sign_timestamp()})
