"""Which articles may no longer match the shows data they state, and why.

Two kinds of marks, both cleared the same way (a significant update, or an editor's "Still
accurate"), so that clearing is a date on the article and nothing needs settling:
- a change shows announced (``season_facts_changed``), stored as an ArticleFreshnessNote for every
  article about that season or show;
- a release window an article's season was expected in has passed with no release: derived from
  the season's facts and today, never stored.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from shows.models import Season

from .models import Article, ArticleFreshnessNote


@dataclass(frozen=True)
class Mark:
    changed_at: datetime.datetime
    subject: str
    what: str


def record_change(sender, show, season, changes, changed_at, **kwargs):
    """Receiver of shows' season_facts_changed: mark every article about the season (or show)."""
    about = Q(shows=show) | (Q(seasons=season) if season is not None else Q(seasons__show=show))
    article_ids = Article.objects.filter(about).values_list("pk", flat=True).distinct()
    ArticleFreshnessNote.objects.bulk_create(
        ArticleFreshnessNote(article_id=pk, show=show, season=season, what=what, changed_at=changed_at)
        for pk in article_ids
        for what in changes
    )


def _checked_since(article, moment):
    """True when the article was written, updated or checked at or after ``moment``."""
    dates = (article.created_at, article.significant_update_at, article.facts_checked_at)
    return any(date is not None and date >= moment for date in dates)


def _window_marks(seasons_with_articles, today):
    """{article id: [Mark]} for windows that passed after the article last stated them."""
    marks = {}
    for season in seasons_with_articles:
        release = season.release_facts(today)
        passed_at = timezone.make_aware(datetime.datetime.combine(release.passed_on, datetime.time()))
        what = f"Release window passed: {release.note}"
        for article in season.articles.all():
            if not _checked_since(article, passed_at):
                marks.setdefault(article.pk, []).append(Mark(passed_at, str(season), what))
    return marks


def _passed_seasons(today, articles=None):
    articles_qs = Article.objects.only("pk", "created_at", "significant_update_at", "facts_checked_at")
    if articles is not None:
        articles_qs = articles_qs.filter(pk__in=articles)
    return (
        Season.objects.window_passed(today)
        .filter(articles__isnull=False)
        .distinct()
        .select_related("show")
        .prefetch_related(Prefetch("articles", queryset=articles_qs))
    )


def marks_for(article, now=None):
    """The article's open marks, newest first: what changed since it was last updated or checked."""
    now = now or timezone.now()
    notes = ArticleFreshnessNote.objects.open().filter(article=article).select_related("show", "season__show")
    marks = [Mark(note.changed_at, note.subject, note.what) for note in notes]
    marks += _window_marks(
        _passed_seasons(timezone.localdate(now), [article.pk]), timezone.localdate(now)
    ).get(article.pk, [])
    return sorted(marks, key=lambda mark: mark.changed_at, reverse=True)


def stale_counts(now=None):
    """{article id: number of open marks} for every article possibly out of date."""
    today = timezone.localdate(now or timezone.now())
    counts = {}
    for article_id in ArticleFreshnessNote.objects.open().values_list("article_id", flat=True):
        counts[article_id] = counts.get(article_id, 0) + 1
    for article_id, marks in _window_marks(_passed_seasons(today), today).items():
        counts[article_id] = counts.get(article_id, 0) + len(marks)
    return counts


def mark_checked(article, now=None):
    """An editor says the article is still accurate: every mark up to now is cleared. An update()
    rather than a save: readers see nothing of it, so no revision and no new cache."""
    Article.objects.filter(pk=article.pk).update(facts_checked_at=now or timezone.now())
