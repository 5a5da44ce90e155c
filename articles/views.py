from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from pagecache.fragments import fragment, timed_fragment
from pagecache.policy import COMMENTS, SITE

from .models import RELATED_LIMIT, Article, ArticleSlugHistory, AuthorProfile, Category, Tag


class ArticleListView(ListView):
    """/news/, and the base of the category, tag and author lists."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's cards are a fragment (the page's rows are fetched only to render it): edits,
        # comment counts and stories going live change it. The page count is asked every time.
        where = ("list", self.request.path, context["page_obj"].number)
        context["cards_key"], context["cards_timeout"] = timed_fragment(COMMENTS, extra=where)
        return context


class CategoryView(ArticleListView):
    template_name = "articles/category_detail.html"

    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(category=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(category=self.category, **kwargs)


class TagView(ArticleListView):
    template_name = "articles/tag_detail.html"

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(tag=self.tag, **kwargs)
        if not context["paginator"].count:
            # A tag only drafts use would reveal what is coming: its page exists once a story is live.
            # (The paginator's count is needed anyway; allow_empty=False would ask a second time.)
            raise Http404("No published article has this tag.")
        return context


class AuthorView(ArticleListView):
    """An author's published articles; people with none have no page (nothing to enumerate)."""

    template_name = "authors/author_detail.html"

    def get_queryset(self):
        # Found by their public slug only: a login name in the URL finds nobody (unless an editor
        # chose it as the slug), so the pages never confirm which logins exist.
        authors = AuthorProfile.objects.filter(user__articles__in=Article.objects.published()).distinct()
        self.author = get_object_or_404(authors, slug=self.kwargs["slug"])
        return super().get_queryset().filter(author_id=self.author.user_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


@require_safe
def article_detail(request, slug):
    article = Article.objects.published().for_detail().filter(slug=slug).first()
    if article is None:
        old = ArticleSlugHistory.objects.filter(slug=slug, article__in=Article.objects.published()).first()
        if old is None:
            raise Http404("No published article has this address.")
        return redirect("articles:detail", slug=old.article.slug, permanent=True)
    return render_article(request, article)


def article_context(article):
    """Everything around the article body; a fixed number of queries whatever the data."""
    live = Article.objects.published().for_cards()
    fact_season = article.fact_season
    # The fact box reads shows data (any edit bumps the site) as of today (release countdowns).
    fact_box_key, fact_box_timeout = fragment(
        SITE, extra=(fact_season and fact_season.pk, timezone.localdate())
    )
    return {
        "article": article,
        "fact_season": fact_season,
        "fact_box_key": fact_box_key,
        "fact_box_timeout": fact_box_timeout,
        "other_people": people_beyond_fact_box(article, fact_season),
        "related_articles": list(live.related_to(article)[:RELATED_LIMIT]),
        "previous_article": live.before(article).first(),
        "next_article": live.after(article).first(),
    }


def people_beyond_fact_box(article, season):
    """The article's people that the fact box does not already list as its season's cast."""
    listed = {credit.person_id for credit in season.facts().cast} if season else set()
    return [person for person in article.people.all() if person.pk not in listed]


def render_article(request, article):
    # The same for every reader: the page cache (pagecache/) stores it, and marks private the
    # requests that carry one reader's own state (a commenter's held comment).
    return render(request, "articles/article_detail.html", article_context(article))


def render_preview(request, article):
    """An unpublished article exactly as readers will see it, for staff only and never cached."""
    context = article_context(article) if article.published_at else {"article": article}
    response = render(
        request,
        "articles/article_detail.html",
        # Never from the fragment cache: staff check what readers will see, as it is now.
        {**context, "fact_season": article.fact_season, "fact_box_timeout": 0, "preview": True},
    )
    add_never_cache_headers(response)
    return response
