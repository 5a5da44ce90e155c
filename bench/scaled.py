"""What both benchmarks measure at the archive's size: the pages, and the flagship with 50 comments."""

import statistics
import time
from datetime import timedelta

FLAGSHIP = "all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch"
FLAGSHIP_50 = f"{FLAGSHIP}-50-comments"


def flagship_with_50_comments():
    """The flagship's body, facts and tags again, under another address, with 50 approved comments
    in threads (every fifth one a reply). Made once; returns its URL."""
    from articles.models import Article
    from comments.counts import recount
    from comments.models import Comment

    existing = Article.objects.filter(slug=FLAGSHIP_50).first()
    if existing is not None:
        return existing.get_absolute_url()
    flagship = Article.objects.get(slug=FLAGSHIP)
    copied = {
        f.attname: getattr(flagship, f.attname) for f in Article._meta.concrete_fields if not f.primary_key
    }
    article = Article(**{**copied, "slug": FLAGSHIP_50, "title": f"{flagship.title} (50 comments)"})
    article.save()
    for relation in ("shows", "seasons", "people", "tags"):
        getattr(article, relation).set(getattr(flagship, relation).all())
    bodies = list(Comment.objects.filter(article=flagship).values_list("body", flat=True))
    threads = []
    for number in range(50):
        parent = threads[-1] if number % 5 == 4 else None
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            name=f"Reader {number + 1}",
            email=f"reader{number + 1}@example.com",
            body=bodies[number % len(bodies)],
            status=Comment.Status.APPROVED,
        )
        Comment.objects.filter(pk=comment.pk).update(
            created_at=flagship.published_at + timedelta(hours=number)
        )
        if parent is None:
            threads.append(comment)
    recount([article.pk])
    return article.get_absolute_url()


def scaled_pages(flagship_50_url):
    """[(name, URL)]: every public page kind, at the archive's size."""
    from articles.models import Article
    from comments.models import Comment
    from shows.models import Person, Season, Show

    live = Article.objects.published()
    busiest = live.filter(slug__startswith="archive-").order_by("-comment_count").first()
    show = Show.objects.filter(slug__startswith="archive-").order_by("pk").first() or Show.objects.first()
    season = Season.objects.filter(show=show).order_by("-number").first()
    person = (
        Person.objects.filter(slug__startswith="archive-", credits__isnull=False).order_by("pk").first()
        or Person.objects.first()
    )
    pages = [
        ("home", "/"),
        ("news list", "/news/"),
        ("news list, page 40", "/news/?page=40"),
        ("article, 50 comments", flagship_50_url),
        ("shows", "/shows/"),
        ("show", show.get_absolute_url()),
        ("season", season.get_absolute_url()),
        ("person", person.get_absolute_url()),
        # The hand-written demo's pages are the richest of their kinds (a full cast, a release
        # timeline, stories linked to them), richer than any archive one.
        ("demo show", "/shows/all-of-us-are-dead/"),
        ("demo season 2", "/shows/all-of-us-are-dead/season-2/"),
        ("demo person", "/people/park-ji-hu/"),
        ("demo flagship article", f"/news/{FLAGSHIP}/"),
        ("search", "/search/?q=season+cast"),
        ("news feed", "/feeds/news/"),
        ("comments feed", "/comments/feed/"),
        ("sitemap index", "/sitemap.xml"),
        ("sitemap, articles page 1", "/sitemap-articles.xml"),
        ("/healthz", "/healthz"),
    ]
    if busiest is not None:
        count = Comment.objects.filter(article=busiest).count()
        pages.insert(4, (f"busiest article ({count:,} comments)", busiest.get_absolute_url()))
    return pages


def timed(run, rounds):
    """(median, p95) milliseconds of ``rounds`` calls of ``run``, after one call that warms it up
    (imports, connections, templates)."""
    run()
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]
