from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from core.compiled import Compiled, OneRow
from pagecache.fragments import cached_row, timed_cached, timed_fragment
from pagecache.policy import COMMENTS
from shows.models import Person
from shows.pages import listed

from . import factbox
from .cards import Cards
from .models import (
    PAGE_TAG,
    Article,
    ArticleSlugHistory,
    AuthorProfile,
    Category,
    Tag,
    related_stories,
    split_neighbours,
)


class ArticleListView(ListView):
    """/news/, and the base of the category, tag and author lists."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_paginate_by(self, queryset):
        return settings.ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        # The list's length changes with edits and with stories going live, like its cards: kept
        # under the same tags (one read of their tokens serves both), a list page whose cards are
        # kept asks the database nothing.
        paginator.count = timed_cached(queryset.count, COMMENTS, extra=("count", self.request.path))
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The page's cards are a fragment (the page's rows are fetched only to render it): edits,
        # comment counts and stories going live change it.
        where = ("list", self.request.path, context["page_obj"].number)
        context["articles"] = Cards(context["page_obj"].object_list)
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


live_article = OneRow(lambda now: Article.objects.published(now).for_detail())


@require_safe
def article_detail(request, slug):
    article = cached_row("live-article", live_article, PAGE_TAG.format(slug=slug), slug=slug)
    if article is None:
        old = ArticleSlugHistory.objects.filter(slug=slug, article__in=Article.objects.published()).first()
        if old is None:
            raise Http404("No published article has this address.")
        return redirect("articles:detail", slug=old.article.slug, permanent=True)
    return render_article(request, article)


# Neighbours: Django took longer to build and compile their queryset than the database to run it.
links_sql = Compiled(Article)


class Story:
    """What the article page shows around its own row (tags, fact box, people, related and
    neighbouring stories), each fetched on first use, with SQL compiled once per process (as the
    show pages' lists: shows.pages.listed). When the page's kept fragments are current, the
    template asks for none of it: the page costs the article's query alone."""

    def __init__(self, article):
        self.article = article
        self.today = timezone.localdate()

    @cached_property
    def tags(self):
        return listed(
            Tag,
            lambda article_id: Tag.objects.filter(articles=article_id),
            ("tags",),
            article_id=self.article.pk,
        )

    @cached_property
    def fact_season(self):
        return factbox.fact_season(self.article.pk, self.today)

    @cached_property
    def facts(self):
        return self.fact_season.facts(self.today) if self.fact_season else None

    @cached_property
    def other_people(self):
        """The article's people that the fact box does not already list as its season's cast."""
        cast = {credit.person_id for credit in self.facts.cast} if self.facts else set()
        people = listed(
            Person,
            lambda article_id: (
                Person.objects.filter(articles=article_id).only("name", "slug").order_by("name")
            ),
            ("article people",),
            article_id=self.article.pk,
        )
        return [person for person in people if person.pk not in cast]

    @cached_property
    def related(self):
        if not self.article.published_at:
            return []
        return related_stories(self.article.pk, timezone.now())

    @cached_property
    def neighbours(self):
        if not self.article.published_at:
            return None, None
        found = links_sql.rows(
            ("neighbours",),
            lambda article_id, published_at, now: (
                Article.objects.published(now).for_links().neighbours(article_id, published_at)
            ),
            article_id=self.article.pk,
            published_at=self.article.published_at,
            now=timezone.now(),
        )
        return split_neighbours(self.article, found)

    @property
    def previous(self):
        return self.neighbours[0]

    @property
    def next(self):
        return self.neighbours[1]


def article_context(request, article, preview=False):
    """The article and its Story, with the key of the kept fragments that show them: they change
    with any edit of the site, with the article's comments (the count in the byline), with the
    date (the fact box's release countdowns) and at the next moment pages change with no edit
    (pagecache.expiry: a story going live changes the neighbours and related stories); and they
    hold absolute URLs (social tags, structured data), so the host is part of the key."""
    if preview:
        # Never from the fragment cache: staff check what readers will see, as it is now.
        key, timeout = "preview", 0
    elif not settings.FRAGMENT_CACHE:
        key, timeout = "uncached", 0  # nothing is kept: the key's parts need not be read
    else:
        key, timeout = timed_fragment(
            PAGE_TAG.format(slug=article.slug),
            extra=(article.pk, request.build_absolute_uri("/"), timezone.localdate()),
        )
    return {"article": article, "story": Story(article), "story_key": key, "story_timeout": timeout}


def render_article(request, article):
    # The same for every reader: the page cache (pagecache/) stores it, and marks private the
    # requests that carry one reader's own state (a commenter's held comment).
    return render(request, "articles/article_detail.html", article_context(request, article))


def render_preview(request, article):
    """An unpublished article exactly as readers will see it, for staff only and never cached."""
    context = article_context(request, article, preview=True)
    response = render(request, "articles/article_detail.html", {**context, "preview": True})
    add_never_cache_headers(response)
    return response
