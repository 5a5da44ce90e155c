"""What the API says about each record: public fields only. Nothing here reads an email, an IP
address, a login name or an unpublished article."""

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from shows.models import Episode, Person, ReleaseEvent, Season, Show


@extend_schema_field(OpenApiTypes.URI)
class PageField(serializers.Field):
    """The record's page on the site, as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def to_internal_value(self, data):  # pragma: no cover - the API is read-only
        raise NotImplementedError


class ShowRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:show-detail", lookup_field="slug")

    class Meta:
        model = Show
        fields = ["url", "slug", "title"]


class SeasonRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:season-detail")
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Season
        fields = ["url", "id", "number", "name"]


class ShowSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:show-detail", lookup_field="slug")
    page = PageField()
    genres = serializers.ListField(source="genre_list", child=serializers.CharField())
    providers = serializers.SerializerMethodField()
    seasons = SeasonRefSerializer(many=True)

    class Meta:
        model = Show
        fields = [
            "url", "slug", "title", "original_title", "original_title_romanized", "status", "genres",
            "based_on", "country", "language", "first_air_date", "last_air_date", "synopsis",
            "official_site", "providers", "seasons", "page", "updated_at",
        ]  # fmt: skip

    def get_providers(self, show) -> list[dict]:
        return [
            {"name": link.provider.name, "url": link.url or link.provider.url}
            for link in show.provider_links.all()
        ]


class TimelineEventSerializer(serializers.ModelSerializer):
    date = serializers.CharField(
        source="when_iso", help_text="2022-06-14, 2022-06 or 2022, as precisely as known."
    )
    source = serializers.SerializerMethodField(help_text="Where it was said: an absolute URL, or null.")

    class Meta:
        model = ReleaseEvent
        fields = ["date", "date_precision", "kind", "certainty", "summary", "source"]

    def get_source(self, event) -> str | None:
        if not event.source_url:
            return None
        return self.context["request"].build_absolute_uri(event.source_url)


class SeasonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:season-detail")
    name = serializers.CharField(read_only=True)
    page = PageField()
    show = ShowRefSerializer()
    status = serializers.SerializerMethodField(
        help_text="As of today: a confirmed day that has come is released."
    )
    release = serializers.SerializerMethodField()
    timeline = TimelineEventSerializer(many=True, source="events")

    class Meta:
        model = Season
        fields = [
            "url", "id", "show", "number", "name", "status", "release", "episode_count", "synopsis",
            "timeline", "page", "updated_at",
        ]  # fmt: skip

    def get_status(self, season) -> str:
        return Season.Status.RELEASED if season.released_by(timezone.localdate()) else season.status

    def get_release(self, season) -> dict:
        facts = season.release_facts()
        return {
            "precision": season.release_precision,
            "start": season.release_start,
            "end": season.release_end,
            "confirmed": season.release_confirmed,
            "date": season.release_date,
            "label": season.release_label,
            "released": facts.released,
            "window_passed": bool(facts.passed_window),
            "summary": facts.summary,
        }


class EpisodeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:episode-detail")
    season = SeasonRefSerializer()
    show = ShowRefSerializer(source="season.show")
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Episode
        fields = [
            "url",
            "id",
            "show",
            "season",
            "number",
            "name",
            "air_date",
            "runtime",
            "synopsis",
            "updated_at",
        ]


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:person-detail", lookup_field="slug")
    page = PageField()
    credits = serializers.SerializerMethodField()
    crew = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "url", "slug", "name", "native_name", "birth_name", "aliases", "birth_date", "bio", "credits",
            "crew", "page", "updated_at",
        ]  # fmt: skip

    def get_credits(self, person) -> list[dict]:
        request = self.context["request"]
        return [
            {
                "show": credit.season.show.slug,
                "season": request.build_absolute_uri(reverse("api:season-detail", args=[credit.season_id])),
                "season_number": credit.season.number,
                "character": credit.character_name,
                "kind": credit.kind,
                "billing_order": credit.billing_order,
            }
            for credit in person.credits.all()
        ]

    def get_crew(self, person) -> list[dict]:
        return [{"show": credit.show.slug, "job": credit.job} for credit in person.crew_credits.all()]


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:article-detail", lookup_field="slug")
    page = PageField()
    author = serializers.CharField(source="byline", help_text="The byline: a name, never a login.")
    category = serializers.CharField(source="category.name")
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    shows = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    seasons = serializers.HyperlinkedRelatedField(many=True, read_only=True, view_name="api:season-detail")
    people = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    updated = serializers.DateTimeField(source="modified_at", help_text="The date readers are told.")

    class Meta:
        model = Article
        fields = [
            "url", "slug", "title", "summary", "body_html", "author", "category", "tags", "shows",
            "seasons", "people", "published_at", "updated", "comment_count", "page", "updated_at",
        ]  # fmt: skip
