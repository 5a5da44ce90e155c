"""The article's fact box: the season it follows, with what ``Season.facts()`` reads (the show,
the show's streaming services, the season's cast), fetched with SQL compiled once per process.

``Season.objects.for_fact_box()`` prefetches the same rows, but on an article rendered with no
fragment kept Django spent ~3.5 ms (SQLite) to ~8 ms (PostgreSQL) building and compiling its
three querysets, several times what the database took to run them. The show pages' lists
(shows.pages) fetch and put them in place the same way.
"""

from shows.models import CastCredit, Season
from shows.pages import fill, listed, provider_links

from .models import Article


def fact_season(article_id, today):
    """The season whose live data fills the article's fact box (None: the article has none), its
    facts readable with no further query."""
    seasons = listed(
        Season,
        lambda article_id: Season.objects.filter(articles=article_id).order_by("show__title", "number"),
        ("fact box seasons",),
        {"show": ("title", "slug")},
        article_id=article_id,
    )
    season = Article.fact_season_among(seasons, today)
    if season is None:
        return None
    fill(season.show, provider_links=provider_links(season.show_id))
    return fill(
        season,
        credits=listed(
            CastCredit,
            lambda season_id: CastCredit.objects.filter(season_id=season_id).order_by("billing_order", "id"),
            ("fact box cast",),
            {"person": ("name", "slug"), "character": ("name",)},
            season_id=season.pk,
        ),
    )
