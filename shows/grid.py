"""The /shows/ grid's cards, from plain rows.

Fetched as show models with their provider links and seasons prefetched, a page of 60 cards cost
some 10 ms: Django built a few hundred model instances and a queryset per show for each
prefetched relation, and a reverse() a card. The cards say little (title, poster, providers' names, status, the next
season's release), so three queries of the columns they show do it in a fraction of that.
"""

from dataclasses import dataclass

from core.paths import path_for

from .models import Season, Show, ShowProvider
from .models.show import platforms

CARD_COLUMNS = ("id", "title", "slug", "status", "poster", "poster_width", "poster_height", "poster_alt")
# What Season.release_facts() reads, and the season's name.
SEASON_COLUMNS = (
    "show_id",
    "number",
    "title",
    "status",
    "release_precision",
    "release_start",
    "release_end",
    "release_confirmed",
)


@dataclass(frozen=True)
class ShowCard:
    title: str
    url: str
    status: str  # its label: "Returning series"
    poster: str  # the stored file's name, "" for none
    poster_width: int | None
    poster_height: int | None
    poster_alt: str
    platform: str  # the providers' names, as Show.platform writes them
    next_season: Season | None  # as Show.next_season finds it
    poster_storage = Show._meta.get_field("poster").storage


def show_cards(shows, today):
    """[ShowCard] of ``shows`` (a queryset, in its order), with their seasons as of ``today``."""
    rows = list(shows.values(*CARD_COLUMNS))
    ids = [row["id"] for row in rows]
    platform = platforms(ShowProvider.objects.filter(show_id__in=ids).names())
    next_seasons = {}
    for season in (
        Season.objects.unreleased(today).filter(show_id__in=ids).only(*SEASON_COLUMNS).order_by("number")
    ):
        next_seasons.setdefault(season.show_id, season)
    status = dict(Show.Status.choices)
    return [
        ShowCard(
            title=row["title"],
            url=path_for("shows:show-detail", slug=row["slug"]),
            status=status.get(row["status"], row["status"]),
            poster=row["poster"] or "",
            poster_width=row["poster_width"],
            poster_height=row["poster_height"],
            poster_alt=row["poster_alt"],
            platform=platform.get(row["id"], ""),
            next_season=next_seasons.get(row["id"]),
        )
        for row in rows
    ]
