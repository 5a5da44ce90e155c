from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from core.compiled import OneRow
from core.jsonld import script
from core.lazy import Later
from pagecache.fragments import cached, cached_row, timed_fragment
from pagecache.policy import COMMENTS, SITE

from . import calendar, grid, jsonld, pages
from .models import Person, Season, Show

SHOWS_PER_PAGE = 60


class ShowListView(ListView):
    """Shows by title, a page at a time. One row past the page says whether another follows:
    three queries of plain rows (shows, providers, next seasons: shows.grid) render a page. The
    grid is a fragment kept until the shows data changes or a season comes out, and then costs
    none; past page 1, the number of shows (kept the same way) says whether the page exists."""

    template_name = "shows/show_list.html"
    context_object_name = "shows"

    def get_queryset(self):
        try:
            self.page = max(1, int(self.request.GET.get("page", 1)))
        except ValueError:
            self.page = 1
        start = (self.page - 1) * SHOWS_PER_PAGE
        return Show.objects.order_by("title", "id")[start : start + SHOWS_PER_PAGE + 1]

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
        shows = grid.show_cards(self.object_list, timezone.localdate())
        has_next = len(shows) > SHOWS_PER_PAGE
        return {"cards": shows[:SHOWS_PER_PAGE], "next_page": self.page + 1 if has_next else None}

    def page_exists(self):
        start = (self.page - 1) * SHOWS_PER_PAGE
        return start < cached(Show.objects.count, SITE, extra=("show-count",))


class DetailFragments:
    """A page about one show, season or person: its body and its JSON-LD are fragments kept until
    the site changes, a comment is approved (the news cards' counts) or a moment passes (a story
    goes live, a season comes out). The row itself is kept the same way (``cached_row``): a page
    whose fragments are current asks the database nothing. ``page`` (a ``Later``) fetches what the
    body shows only when a fragment is rendered."""

    def get_object(self, queryset=None):
        # A queryset handed in (DetailView allows it) is asked as it is: compiling it once would
        # serve no second request.
        find = self.one_row if queryset is None else lambda **lookup: queryset.filter(**lookup).first()
        # Keyed by the fragments' tags (the row does not change with comments): on Redis, one
        # read of the shared cache then fetches every token the page needs.
        row = cached_row(self.model._meta.label, find, COMMENTS, **self.row_lookup())
        if row is None:
            raise Http404(f"No {self.model._meta.verbose_name} has this address.")
        return row

    def row_lookup(self):
        return {"slug": self.kwargs["slug"]}

    def get_context_data(self, **kwargs):
        request, obj = self.request, self.object
        # The JSON-LD's addresses are absolute: the key holds the host they were written for.
        where = (obj._meta.label, obj.pk, request.scheme, request.get_host(), timezone.localdate())
        page_key, page_timeout = timed_fragment(COMMENTS, extra=where)
        return super().get_context_data(page_key=page_key, page_timeout=page_timeout, **kwargs)


class ShowDetailView(DetailFragments, DetailView):
    model = Show
    one_row = OneRow(lambda: Show.objects.all())
    template_name = "shows/show_detail.html"
    context_object_name = "show"

    def get_context_data(self, **kwargs):
        show = self.object
        page = Later(
            details=lambda: pages.show_details(show),
            show=lambda: page.details[0],
            main_cast=lambda: main_roles_per_person(page.details[1]),
            articles=lambda: pages.related_articles(show),
            json_ld=lambda: script(
                jsonld.tv_series(
                    page.show, [credit for roles in page.main_cast for credit in roles], self.request
                )
            ),
        )
        return super().get_context_data(page=page, **kwargs)


def main_roles_per_person(credits):
    """[[credit, …]] one list per person in first-billed order, with each character they play once."""
    people = {}
    for credit in credits:
        roles = people.setdefault(credit.person_id, {})
        roles.setdefault(credit.character_id, credit)
    return [list(roles.values()) for roles in people.values()]


class SeasonDetailView(DetailFragments, DetailView):
    model = Season
    one_row = OneRow(lambda: Season.objects.select_related("show"))
    template_name = "shows/season_detail.html"
    context_object_name = "season"

    def row_lookup(self):
        return {"show__slug": self.kwargs["slug"], "number": self.kwargs["number"]}

    def get_context_data(self, **kwargs):
        season = self.object
        page = Later(
            season=lambda: pages.season_details(season),
            episodes=lambda: episode_table(page.season.episodes.all()),
            articles=lambda: pages.related_articles(season),
            json_ld=lambda: script(jsonld.tv_season(page.season, self.request)),
        )
        return super().get_context_data(page=page, **kwargs)


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


class PersonDetailView(DetailFragments, DetailView):
    model = Person
    one_row = OneRow(lambda: Person.objects.all())
    template_name = "shows/person_detail.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs):
        person = self.object
        page = Later(
            person=lambda: pages.person_details(person),
            roles=lambda: roles_by_show(page.person.credits.all()),
            articles=lambda: pages.related_articles(person),
            json_ld=lambda: script(jsonld.person(page.person, self.request)),
        )
        return super().get_context_data(page=page, **kwargs)


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
