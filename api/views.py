"""Read-only JSON for other sites and apps: shows, seasons, episodes, people and published articles.

Every list is paginated (``?page=``) and takes ``?show=<slug>`` and ``?updated_since=<ISO 8601>``.
Each view's queryset fetches what its serializer reads, so a page costs a fixed number of queries.
"""

from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from articles.models import Article
from shows.models import CastCredit, CrewCredit, Episode, Person, ReleaseEvent, Season, Show, ShowProvider

from . import serializers

FILTERS = [
    OpenApiParameter("show", OpenApiTypes.STR, description="Only records about the show with this slug."),
    OpenApiParameter(
        "updated_since",
        OpenApiTypes.DATETIME,
        description="Only records changed at or after this moment (ISO 8601, e.g. 2026-01-01T00:00:00Z).",
    ),
]


class PublicReadOnly(viewsets.ReadOnlyModelViewSet):
    """A list and a detail URL; ``show_lookup`` is the path from the record to its show's slug."""

    show_lookup = None

    def filter_queryset(self, queryset):
        params = self.request.query_params
        if show := params.get("show"):
            queryset = queryset.filter(**{self.show_lookup: show}).distinct()
        if since := params.get("updated_since"):
            moment = parse_datetime(since.replace(" ", "+"))
            if moment is None:
                raise ValidationError(
                    {"updated_since": "Give a date and time in ISO 8601, e.g. 2026-01-01T00:00:00Z."}
                )
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            queryset = queryset.filter(updated_at__gte=moment)
        return queryset


def documented(model_name):
    return extend_schema_view(
        list=extend_schema(
            parameters=FILTERS, description=f"{model_name}, newest first where it has a date."
        ),
        retrieve=extend_schema(description=f"One {model_name.lower().rstrip('s')}."),
    )


@documented("Shows")
class ShowViewSet(PublicReadOnly):
    serializer_class = serializers.ShowSerializer
    lookup_field = "slug"
    show_lookup = "slug"
    queryset = Show.objects.prefetch_related(
        Prefetch("provider_links", queryset=ShowProvider.objects.select_related("provider")), "seasons"
    ).order_by("title", "id")


@documented("Seasons")
class SeasonViewSet(PublicReadOnly):
    serializer_class = serializers.SeasonSerializer
    show_lookup = "show__slug"
    queryset = (
        Season.objects.select_related("show")
        .prefetch_related(Prefetch("events", queryset=ReleaseEvent.objects.order_by("date", "id")))
        .order_by("show__title", "number", "id")
    )


@documented("Episodes")
class EpisodeViewSet(PublicReadOnly):
    serializer_class = serializers.EpisodeSerializer
    show_lookup = "season__show__slug"
    queryset = Episode.objects.select_related("season__show").order_by(
        "season__show__title", "season__number", "number", "id"
    )


@documented("People")
class PersonViewSet(PublicReadOnly):
    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"
    show_lookup = "credits__season__show__slug"
    queryset = Person.objects.prefetch_related(
        Prefetch(
            "credits",
            queryset=CastCredit.objects.select_related("season__show", "character").order_by(
                "season__show__title", "season__number", "billing_order", "id"
            ),
        ),
        Prefetch("crew_credits", queryset=CrewCredit.objects.select_related("show")),
    ).order_by("name", "id")


@documented("Published articles")
class ArticleViewSet(PublicReadOnly):
    serializer_class = serializers.ArticleSerializer
    lookup_field = "slug"
    show_lookup = "shows__slug"

    def get_queryset(self):
        # Published and live only: never a draft, a scheduled or an unpublished article.
        # The API serves the body too: nothing deferred.
        return (
            Article.objects.published()
            .for_cards()
            .defer(None)
            .prefetch_related("tags", "shows", "seasons", "people")
        )


def index(request):
    """The API's documentation page: what there is, how to filter and page, where the schema is."""
    return render(request, "api/index.html")
