from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from core.jsonld import script
from core.lazy import Later
from pagecache.fragments import cached, timed_fragment
from pagecache.policy import SITE

from . import calendar, jsonld
from .models import CastCredit, CrewCredit, Person, Season, Show

SHOWS_PER_PAGE = 60


class ShowListView(ListView):
    """Shows by title, a page at a time. One row past the page says whether another follows, so
    the page costs no COUNT: three queries (shows, providers, seasons) on any page. The grid is a
    fragment kept until the shows data changes (or a season comes out): then it costs none."""

    template_name = "shows/show_list.html"
    context_object_name = "shows"

    def get_queryset(self):
        try:
            self.page = max(1, int(self.request.GET.get("page", 1)))
        except ValueError:
            self.page = 1
        start = (self.page - 1) * SHOWS_PER_PAGE
        return Show.objects.for_cards().order_by("title", "id")[start : start + SHOWS_PER_PAGE + 1]

    def get_context_data(self, **kwargs):
        if self.page > 1 and not self.page_exists():
            raise Http404("No shows on this page.")
        grid_key, grid_timeout = timed_fragment(extra=("shows", self.page, timezone.localdate()))
        return super().get_context_data(
            grid_key=grid_key,
            grid_timeout=grid_timeout,
            grid=Later(shows=self.page_of_shows),
            previous_page=self.page - 1,
            **kwargs,
        )

    def page_of_shows(self):
        """The page's shows, and the next page's number if there is one."""
        shows = list(self.object_list)
        has_next = len(shows) > SHOWS_PER_PAGE
        return {"cards": shows[:SHOWS_PER_PAGE], "next_page": self.page + 1 if has_next else None}

    def page_exists(self):
        start = (self.page - 1) * SHOWS_PER_PAGE
        return start < cached(Show.objects.count, SITE, extra=("show-count",))


class ShowDetailView(DetailView):
    template_name = "shows/show_detail.html"
    context_object_name = "show"

    def get_queryset(self):
        return Show.objects.for_detail()

    def get_context_data(self, **kwargs):
        show = self.object
        main_cast = main_roles_per_person(
            CastCredit.objects.main()
            .filter(season__show=show)
            .select_related("person", "character")
            .order_by("season__number", "billing_order", "id")
        )
        return super().get_context_data(
            main_cast=main_cast,
            articles=show.articles.published().for_cards()[:6],
            json_ld=script(
                jsonld.tv_series(show, [credit for roles in main_cast for credit in roles], self.request)
            ),
            **kwargs,
        )


def main_roles_per_person(credits):
    """[[credit, …]] one list per person in first-billed order, with each character they play once."""
    people = {}
    for credit in credits:
        roles = people.setdefault(credit.person_id, {})
        roles.setdefault(credit.character_id, credit)
    return [list(roles.values()) for roles in people.values()]


class SeasonDetailView(DetailView):
    template_name = "shows/season_detail.html"
    context_object_name = "season"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Season.objects.for_detail(), show__slug=self.kwargs["slug"], number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs):
        season = self.object
        return super().get_context_data(
            episodes=episode_table(season.episodes.all()),
            articles=season.articles.published().for_cards()[:6],
            json_ld=script(jsonld.tv_season(season, self.request)),
            **kwargs,
        )


def episode_table(episodes):
    """The episodes, and which columns say something: a season released in one go has one date
    for every episode (said once, above the table), and a column nobody filled in is left out."""
    episodes = list(episodes)
    dates = {episode.air_date for episode in episodes}
    one_day = dates.pop() if len(dates) == 1 else None
    return {
        "rows": episodes,
        "one_day": one_day,
        "aired": one_day is None and any(episode.air_date for episode in episodes),
        "runtime": any(episode.runtime for episode in episodes),
        "synopsis": any(episode.synopsis for episode in episodes),
    }


class PersonDetailView(DetailView):
    template_name = "shows/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch(
                "credits",
                queryset=CastCredit.objects.select_related("season__show", "character").order_by(
                    "season__show__title", "season__number", "billing_order", "id"
                ),
            ),
            Prefetch("crew_credits", queryset=CrewCredit.objects.select_related("show")),
        )

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(
            roles=roles_by_show(person.credits.all()),
            articles=person.articles.published().for_cards()[:6],
            json_ld=script(jsonld.person(person, self.request)),
            **kwargs,
        )


def roles_by_show(credits):
    """[(show, [(character, [seasons])])]: each role once per show, with the seasons it spans."""
    shows = {}
    for credit in credits:
        characters = shows.setdefault(credit.season.show, {})
        characters.setdefault(credit.character, []).append(credit)
    return [(show, list(characters.items())) for show, characters in shows.items()]


@require_safe
def releases_ics(request, slug):
    show = get_object_or_404(Show.objects.prefetch_related("seasons"), slug=slug)
    response = HttpResponse(calendar.releases(show, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{show.slug}-releases.ics"'
    return response
