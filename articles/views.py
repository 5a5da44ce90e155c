from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers
from django.views.generic import ListView

from .models import Article


class ArticleListView(ListView):
    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_cards()


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().for_detail(), slug=slug)
    return render_article(request, article)


def render_article(request, article, comment_form=None, status=200):
    """The article page; the comment view reuses it to show a rejected comment's errors."""
    response = render(
        request,
        "articles/article_detail.html",
        {"article": article, "fact_season": article.fact_season, "comment_form": comment_form},
        status=status,
    )
    if request.GET or comment_form is not None:
        # Query strings carry per-reader state (a held comment); keep such variants out of caches.
        add_never_cache_headers(response)
    return response
