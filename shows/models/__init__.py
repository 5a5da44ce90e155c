"""Shows, their seasons, and the people in them: the structured record every page reads."""

from .events import ReleaseEvent
from .people import CastCredit, Character, CrewCredit, Person
from .season import Episode, Season, SeasonFacts
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
