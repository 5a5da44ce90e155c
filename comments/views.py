import json
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from articles.models import Article
from articles.views import render_article

from .forms import CommentForm
from .moderation import QUERY_PARAM, token_for

SAVED_DETAILS_COOKIE = "comment_author"
SAVED_DETAILS_MAX_AGE = 60 * 60 * 24 * 365


@csrf_protect
@require_POST
def post_comment(request, article_id):
    article = get_object_or_404(Article.objects.published().for_detail(), pk=article_id)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return render_article(request, article, comment_form=form, status=400)
    comment = form.save(ip_address=request.META.get("REMOTE_ADDR"))
    response = HttpResponseRedirect(
        f"{article.get_absolute_url()}?{QUERY_PARAM}={quote(token_for(comment))}#comment-{comment.pk}"
    )
    remember_details(response, form.cleaned_data)
    return response


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
