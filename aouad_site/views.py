from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.cards import latest_cards, most_commented_cards
from core.compiled import Compiled
from core.lazy import Later
from pagecache.fragments import timed_fragment
from pagecache.policy import COMMENTS
from shows.models import Season, Show
from shows.models.show import ShowProvider, platforms

# The lead, the top stories beside it, and enough recent stories to fill each section's row.
LATEST_COUNT = 30
TOP_STORIES = 4
PER_SECTION = 3
MOST_COMMENTED_COUNT = 5
UPCOMING_COUNT = 6
# The side box names a few shows; /shows/ lists them all.
HOME_SHOWS_COUNT = 12


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        # The whole page below the menu is one fragment: edits, comment counts (cards, most
        # commented), the date (release countdowns) and stories going live change it. What it
        # shows is fetched only when it is rendered, so a kept page costs no query of its own.
        today = timezone.localdate()
        home_key, home_timeout = timed_fragment(COMMENTS, extra=("home", today))
        home = Later(
            latest=lambda: latest_cards(LATEST_COUNT),
            lead_article=lambda: home.latest[0] if home.latest else None,
            latest_articles=lambda: home.latest[1 : 1 + TOP_STORIES],
            sections=lambda: by_section(home.latest),
            most_commented=lambda: most_commented_cards(MOST_COMMENTED_COUNT),
            upcoming_seasons=lambda: upcoming_seasons(today),
            shows=home_shows,
        )
        return super().get_context_data(home_key=home_key, home_timeout=home_timeout, home=home, **kwargs)


# Its queries are the same on every render (the seasons', for the day): Django took longer to
# build and compile them than the database to run them (core.compiled).
seasons_sql = Compiled(Season)
shows_sql = Compiled(Show)
providers_sql = Compiled(ShowProvider)


def upcoming_seasons(today):
    return seasons_sql.rows(
        ("upcoming", UPCOMING_COUNT, today), lambda: Season.objects.upcoming(today)[:UPCOMING_COUNT]
    )


def home_shows():
    """``[(show, its providers' names)]`` for the shows band (poster, title, providers, status):
    two compiled queries, where a prefetch of the provider links cost more than both."""
    first = lambda: Show.objects.all()[:HOME_SHOWS_COUNT]  # noqa: E731
    shows = shows_sql.rows(("home", HOME_SHOWS_COUNT), first)
    platform = platforms(
        providers_sql.values(
            ("home", HOME_SHOWS_COUNT),
            lambda: ShowProvider.objects.filter(show__in=first().values("pk")).names(),
        )
    )
    return [(show, platform.get(show.pk, "")) for show in shows]


def by_section(articles):
    """[(category, [its newest articles])] in menu order, from the articles already fetched: the
    sections cost no query of their own."""
    sections = {}
    for article in articles:
        sections.setdefault(article.category, []).append(article)
    ordered = sorted(sections.items(), key=lambda item: (item[0].position, item[0].name))
    return [(category, found[:PER_SECTION]) for category, found in ordered]


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on pages that name no icon, such as the admin's."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        # A moved admin (DJANGO_ADMIN_URL) stays unpublished.
        *(["Disallow: /admin/"] if settings.ADMIN_URL == "admin/" else []),
        "Disallow: /comments/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
