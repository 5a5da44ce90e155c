from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html

from .models import (
    CastCredit,
    Character,
    CrewCredit,
    Episode,
    Person,
    ReleaseEvent,
    Season,
    Show,
    ShowProvider,
    WatchProvider,
)

RELEASE_FIELDS = ["release_precision", "release_start", "release_end"]


def follows_events_message(season):
    return (
        f"{season} follows its latest confirmed release events: {season.get_status_display()}, "
        f"{season.release_label}. Tick “keep status and release as entered” to set them by hand."
    )


class SeasonInlineForm(forms.ModelForm):
    """The show form has no episodes: check the ones already stored against the new window."""

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and not self.errors:
            window = Season(**{name: cleaned_data.get(name) for name in RELEASE_FIELDS})
            problems = [window.air_date_error(episode) for episode in self.instance.episodes.all()]
            if problems := [problem for problem in problems if problem]:
                raise ValidationError({"release_start": problems})
        return cleaned_data


class SeasonInline(admin.TabularInline):
    model = Season
    form = SeasonInlineForm
    fields = [
        "number",
        "title",
        "status",
        "release_precision",
        "release_start",
        "release_end",
        "release_confirmed",
        "status_override",
        "episode_count",
    ]
    extra = 0
    show_change_link = True


class CrewInline(admin.TabularInline):
    model = CrewCredit
    fields = ["job", "person", "order"]
    autocomplete_fields = ["person"]
    extra = 0


class ProviderInline(admin.TabularInline):
    model = ShowProvider
    fields = ["provider", "url", "order"]
    autocomplete_fields = ["provider"]
    extra = 0


class CastCreditInline(admin.TabularInline):
    model = CastCredit
    fields = ["person", "character", "kind", "billing_order"]
    autocomplete_fields = ["person", "character"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "character")


class EpisodeInline(admin.TabularInline):
    model = Episode
    fields = ["number", "title", "air_date", "runtime"]
    extra = 0


class ReleaseEventInline(admin.StackedInline):
    model = ReleaseEvent
    fields = [
        ("date", "date_precision"),
        ("kind", "certainty"),
        "summary",
        "source_url",
        ("release_precision", "release_start", "release_end"),
    ]
    extra = 0


class PersonCreditInline(admin.TabularInline):
    model = CastCredit
    fields = ["season", "character", "kind", "billing_order"]
    autocomplete_fields = ["season", "character"]
    extra = 0
    verbose_name = "role"
    verbose_name_plural = "roles (cast credits)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("season__show", "character")


class PersonCrewInline(admin.TabularInline):
    model = CrewCredit
    fields = ["show", "job", "order"]
    autocomplete_fields = ["show"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("show")


THUMB_WIDTH = 40


def thumbnail(image, width, height):
    """A small picture for a list row, sized from the stored dimensions (no layout shift). Its alt
    text is empty: the name beside it says what it shows."""
    if not image:
        return "—"
    thumb_height = round(THUMB_WIDTH * height / width) if width and height else THUMB_WIDTH * 3 // 2
    return format_html(
        '<img class="admin-thumb" src="{}" width="{}" height="{}" alt="" loading="lazy">',
        image.url,
        THUMB_WIDTH,
        thumb_height,
    )


class BaseAdmin(admin.ModelAdmin):
    def get_search_results(self, request, queryset, search_term):
        """Drop NUL characters, which PostgreSQL refuses in text: autocomplete passes the term as typed."""
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


@admin.register(WatchProvider)
class WatchProviderAdmin(BaseAdmin):
    list_display = ["name", "url"]
    list_filter = ["shows"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Show)
class ShowAdmin(BaseAdmin):
    list_display = ["poster_thumb", "title", "original_title", "platforms", "status", "first_air_date"]
    list_display_links = ["title"]
    list_filter = ["status", "providers", "country", "language"]
    search_fields = ["title", "original_title", "original_title_romanized"]
    prepopulated_fields = {"slug": ("title",)}
    inlines = [ProviderInline, CrewInline, SeasonInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    ("original_title", "original_title_romanized"),
                    "tagline",
                    "synopsis",
                    "status",
                ]
            },
        ),
        (
            "Facts",
            {
                "fields": [
                    "genres",
                    ("country", "language"),
                    "based_on",
                    ("first_air_date", "last_air_date"),
                    ("official_site", "trailer_url"),
                ]
            },
        ),
        ("Pictures", {"fields": [("poster", "poster_alt"), ("backdrop", "backdrop_alt")]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("provider_links__provider")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for season in form.instance.seasons.all():
            if season.follow_events():
                self.message_user(request, follows_events_message(season), messages.WARNING)

    @admin.display(description="Where to watch")
    def platforms(self, show):
        return show.platform

    @admin.display(description="Poster")
    def poster_thumb(self, show):
        return thumbnail(show.poster, show.poster_width, show.poster_height)


@admin.register(Season)
class SeasonAdmin(BaseAdmin):
    list_display = [
        "poster_thumb",
        "__str__",
        "status",
        "release_label",
        "release_confirmed",
        "status_override",
        "episode_count",
    ]
    list_display_links = ["__str__"]
    list_filter = ["status", "release_precision", "release_confirmed", "status_override", "show"]
    search_fields = ["show__title", "show__original_title", "title", "=number"]
    list_select_related = ["show"]
    autocomplete_fields = ["show"]
    inlines = [ReleaseEventInline, CastCreditInline, EpisodeInline]

    class Media:
        js = ["js/season-admin.js"]

    fieldsets = [
        (None, {"fields": ["show", "number", "title", "status", "episode_count", "synopsis"]}),
        (
            "Release",
            {
                "fields": [
                    "release_precision",
                    "release_start",
                    "release_end",
                    "release_confirmed",
                    "status_override",
                ],
                "description": "Enter only what is known: a month, a year or a range of years "
                "is shown as such, never as a made-up day. Confirmed release events below set the "
                "status and release for you unless you tick the override.",
            },
        ),
        ("Poster", {"fields": [("poster", "poster_alt")]}),
    ]

    @admin.display(description="Release")
    def release_label(self, season):
        return season.release_label

    @admin.display(description="Poster")
    def poster_thumb(self, season):
        return thumbnail(season.poster, season.poster_width, season.poster_height)

    def get_search_results(self, request, queryset, search_term):
        """Find "All of Us Are Dead season 2" as seasons are named everywhere (also in autocomplete)."""
        words = [word for word in search_term.split() if word.lower() != "season"]
        return super().get_search_results(request, queryset, " ".join(words))

    def save_related(self, request, form, formsets, change):
        """Saving the events moves the season; say so when that undid what the editor typed."""
        season = form.instance
        typed = season.release_label, season.get_status_display()
        super().save_related(request, form, formsets, change)
        season.follow_events()
        if (season.release_label, season.get_status_display()) != typed:
            self.message_user(request, follows_events_message(season), messages.WARNING)


@admin.register(Person)
class PersonAdmin(BaseAdmin):
    list_display = ["headshot_thumb", "name", "native_name", "birth_name", "credit_count"]
    list_display_links = ["name"]
    list_filter = ["credits__season__show", "crew_credits__job"]
    search_fields = ["name", "native_name", "birth_name", "aliases"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PersonCreditInline, PersonCrewInline]

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering: order again, or autocomplete pages come out in any order.
        return (
            super()
            .get_queryset(request)
            .annotate(credit_total=Count("credits", distinct=True))
            .order_by(*Person._meta.ordering)
        )

    @admin.display(description="Cast credits", ordering="credit_total")
    def credit_count(self, person):
        return person.credit_total

    @admin.display(description="Photo")
    def headshot_thumb(self, person):
        return thumbnail(person.headshot, person.headshot_width, person.headshot_height)


@admin.register(Character)
class CharacterAdmin(BaseAdmin):
    list_display = ["name", "show", "description"]
    list_filter = ["show"]
    search_fields = ["name", "show__title"]
    list_select_related = ["show"]
    autocomplete_fields = ["show"]


@admin.register(CastCredit)
class CastCreditAdmin(BaseAdmin):
    list_display = ["person", "character", "season", "kind", "billing_order"]
    list_filter = ["kind", "season__show"]
    search_fields = ["person__name", "character__name", "season__show__title"]
    list_select_related = ["person", "character__show", "season__show"]
    autocomplete_fields = ["person", "season", "character"]


@admin.register(Episode)
class EpisodeAdmin(BaseAdmin):
    list_display = ["__str__", "air_date", "runtime"]
    list_filter = ["season__show", "season"]
    search_fields = ["title", "season__show__title", "=number"]
    list_select_related = ["season__show"]
    autocomplete_fields = ["season"]


@admin.register(ReleaseEvent)
class ReleaseEventAdmin(BaseAdmin):
    list_display = ["season", "kind", "when", "certainty", "summary"]
    list_filter = ["kind", "certainty", "season__show"]
    search_fields = ["summary", "season__show__title"]
    list_select_related = ["season__show"]
    autocomplete_fields = ["season"]
    date_hierarchy = "date"

    def delete_queryset(self, request, queryset):
        """One by one, so that each season follows its remaining confirmed events."""
        for event in queryset.select_related("season"):
            event.delete()
