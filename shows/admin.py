from django.contrib import admin

from .models import CastCredit, Person, Season, Show


class SeasonInline(admin.TabularInline):
    model = Season
    fields = [
        "number",
        "title",
        "status",
        "release_precision",
        "release_start",
        "release_end",
        "release_confirmed",
        "episode_count",
    ]
    extra = 0
    show_change_link = True


class CastCreditInline(admin.TabularInline):
    model = CastCredit
    fields = ["person", "character_name", "kind", "billing_order", "character_note"]
    autocomplete_fields = ["person"]
    extra = 1


class PersonCreditInline(admin.TabularInline):
    model = CastCredit
    fields = ["season", "character_name", "kind", "billing_order"]
    autocomplete_fields = ["season"]
    extra = 0
    verbose_name = "credit"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("season__show")


@admin.register(Show)
class ShowAdmin(admin.ModelAdmin):
    list_display = ["title", "original_title", "platform", "status"]
    list_filter = ["status", "platform", "country"]
    search_fields = ["title", "original_title", "original_title_romanized"]
    prepopulated_fields = {"slug": ("title",)}
    inlines = [SeasonInline]


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "release_label", "release_confirmed", "episode_count"]
    list_filter = ["status", "release_precision", "release_confirmed", "show"]
    search_fields = ["show__title", "title"]
    list_select_related = ["show"]
    autocomplete_fields = ["show"]
    inlines = [CastCreditInline]
    fieldsets = [
        (None, {"fields": ["show", "number", "title", "status", "episode_count", "synopsis"]}),
        (
            "Release",
            {
                "fields": ["release_precision", "release_start", "release_end", "release_confirmed"],
                "description": "Enter only what is known: a month, a year or a range of years "
                "is shown as such, never as a made-up day.",
            },
        ),
    ]

    @admin.display(description="Release")
    def release_label(self, season):
        return season.release_label


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "native_name", "birth_name"]
    search_fields = ["name", "native_name", "birth_name"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PersonCreditInline]


@admin.register(CastCredit)
class CastCreditAdmin(admin.ModelAdmin):
    list_display = ["person", "character_name", "season", "kind", "billing_order"]
    list_filter = ["kind", "season__show"]
    search_fields = ["person__name", "character_name"]
    list_select_related = ["person", "season__show"]
    autocomplete_fields = ["person", "season"]
