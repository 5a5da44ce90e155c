from django.conf import settings
from django.shortcuts import get_object_or_404

from core.feeds import FEED_LENGTH, StoryFeed

from .models import Show


class ShowFeed(StoryFeed):
    """RSS 2.0: the latest published stories about one show. The stories come through the reverse
    relation that the articles app adds to Show, so shows never imports articles."""

    kept_in_memory = False  # one per show: kept in the shared cache only

    def get_object(self, request, slug):
        return get_object_or_404(Show.objects.prefetch_related("seasons"), slug=slug)

    def title(self, show):
        return f"{settings.SITE_NAME}: {show.title}"

    def link(self, show):
        return show.get_absolute_url()

    def description(self, show):
        """With the next season's release as of today, so that a feed never calls a window that
        passed "expected"."""
        season = show.next_season
        if season is None:
            return f"The latest news about {show.title}."
        return f"The latest news about {show.title}. {season.name}: {season.release_facts().summary}."

    def items(self, show):
        return show.articles.published().for_cards()[:FEED_LENGTH]
