"""Shows, their seasons, and the people in them: the structured record every page reads."""

from .people import CastCredit, Character, CrewCredit, Person
from .season import Episode, ReleaseEvent, Season, SeasonFacts
from .show import Show, ShowProvider, WatchProvider

__all__ = [
    "CastCredit",
    "Character",
    "CrewCredit",
    "Episode",
    "Person",
    "ReleaseEvent",
    "Season",
    "SeasonFacts",
    "Show",
    "ShowProvider",
    "WatchProvider",
]
