"""What the show, season and person pages list (seasons, cast, crew, providers, episodes, the
release timeline), fetched with SQL built and compiled once per process (core.compiled).

Rendered with no fragment kept, these pages spent most of their queries' time in Django building
and compiling them (a cast list with its people and characters: 0.8 ms to compile, 0.1 ms to
run). Each list here is still a queryset that says what it means; its related rows (a credit's
person and character) come in the same query as annotated columns and are made into instances
that hold those columns alone (any other field would be fetched on use, as for ``only()``).
"""

from django.db.models import F
from django.utils import timezone

from core.compiled import Compiled

from .models import CastCredit, CrewCredit, Episode, ReleaseEvent, Season, ShowProvider

# Annotated columns come back without their field's converters (core.compiled runs them raw):
# only fields whose values need none may be carried this way.
PLAIN_TYPES = {"CharField", "TextField", "SlugField", "URLField", "FileField", "ImageField"}
PLAIN_TYPES |= {
    "PositiveSmallIntegerField",
    "PositiveIntegerField",
    "IntegerField",
    "ForeignKey",
    "BigAutoField",
}

PERSON = ("name", "slug", "headshot", "headshot_width", "headshot_height", "headshot_alt")
CHARACTER = ("name", "description")
SHOW_LINK = ("title", "slug")
SEASON_LINK = ("show", "number", "title")
PROVIDER = ("name", "url", "logo", "logo_width", "logo_height", "logo_alt")
CATEGORY = ("name", "slug")
BYLINE = ("display_name",)

_compiled = {}


def listed(model, queryset, shape, related=None, limit=None, **ids):
    """The rows of ``queryset(**ids)`` (instances of ``model``; the first ``limit``), each with the
    ``related`` rows it names (``{"season": fields, "season__show": fields}``, parents first)
    attached; a related row that is not there (a null key) is left to be read on use."""
    related = related or {}
    if model not in _compiled:
        _compiled[model] = Compiled(model)

    def build(**ids):
        query = queryset(**ids)
        columns = {}
        for path, names in related.items():
            carried = query.model._meta.get_field(path.split("__")[0])
            for step in path.split("__")[1:]:
                carried = carried.related_model._meta.get_field(step)
            for name in names:
                if carried.related_model._meta.get_field(name).get_internal_type() not in PLAIN_TYPES:
                    raise TypeError(f"{path}__{name} needs a converter: fetch it with its own query.")
            columns[alias(path, "pk")] = F(f"{path}__pk")
            columns.update({alias(path, name): F(f"{path}__{name}") for name in names})
        # Related rows come as annotations: joined columns would clash with the row's own names.
        rows = query.select_related(None).annotate(**columns)
        return rows if limit is None else rows[:limit]

    rows = _compiled[model].rows((*shape, limit), build, **ids)
    for row in rows:
        for path, names in related.items():
            attach(row, path, names)
    return rows


def alias(path, name):
    return f"related_{path.replace('__', '_')}_{name}"


def attach(row, path, names):
    *parents, last = path.split("__")
    owner = row
    for parent in parents:
        owner = owner._state.fields_cache.get(parent)
        if owner is None:
            return
    pk = getattr(row, alias(path, "pk"))
    if pk is None:
        return
    model = owner._meta.get_field(last).related_model
    fields = [model._meta.get_field(name) for name in names]
    values = [getattr(row, alias(path, name)) for name in names]
    attnames = [model._meta.pk.attname, *(each.attname for each in fields)]
    setattr(owner, last, model.from_db(row._state.db, attnames, [pk, *values]))


def related_articles(owner, count=6):
    """The latest live stories about ``owner`` (a show, season or person), for their cards: with
    their section, and their author's byline. (Its SQL took three times as long to compile as
    to run.)"""
    kind = type(owner)
    return listed(
        owner.articles.model,
        lambda owner_id, now: kind(pk=owner_id).articles.published(now).for_cards(),
        ("articles", kind._meta.label),
        {"category": CATEGORY, "author": (), "author__author_profile": BYLINE},
        limit=count,
        owner_id=owner.pk,
        now=timezone.now(),
    )


def show_details(show):
    """(``show`` with its seasons, provider links and crew in place, as prefetching them would;
    its main cast credits in billing order)."""
    show_id = show.pk
    fill(
        show,
        seasons=listed(
            Season,
            lambda show_id: Season.objects.filter(show_id=show_id).order_by("number"),
            ("seasons",),
            show_id=show_id,
        ),
        provider_links=provider_links(show_id),
        crew=listed(
            CrewCredit,
            lambda show_id: CrewCredit.objects.filter(show_id=show_id).order_by("order", "id"),
            ("crew",),
            {"person": PERSON},
            show_id=show_id,
        ),
    )
    return show, listed(
        CastCredit,
        lambda show_id: (
            CastCredit.objects.main()
            .filter(season__show_id=show_id)
            .order_by("season__number", "billing_order", "id")
        ),
        ("main cast",),
        {"person": PERSON, "character": CHARACTER},
        show_id=show_id,
    )


def provider_links(show_id):
    return listed(
        ShowProvider,
        lambda show_id: ShowProvider.objects.filter(show_id=show_id).order_by("order", "id"),
        ("providers",),
        {"provider": PROVIDER},
        show_id=show_id,
    )


def fill(instance, **relations):
    """Put each list of rows in place of ``instance``'s reverse relation of that name, as a
    ``prefetch_related`` would: ``.all()`` reads it, and each row knows ``instance``."""
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, rows in relations.items():
        manager = getattr(instance, name)
        for row in rows:
            manager.field.set_cached_value(row, instance)
        queryset = manager.get_queryset()
        queryset._result_cache, queryset._prefetch_done = rows, True
        cache[manager.field.remote_field.cache_name] = queryset
    return instance


def season_details(season):
    """``season`` (fetched with its show) with its cast, episodes and release timeline, and its
    show's provider links, in place, as a prefetch would put them."""
    fill(season.show, provider_links=provider_links(season.show_id))
    return fill(
        season,
        credits=listed(
            CastCredit,
            lambda season_id: CastCredit.objects.filter(season_id=season_id).order_by("billing_order", "id"),
            ("season cast",),
            {"person": PERSON, "character": CHARACTER},
            season_id=season.pk,
        ),
        episodes=listed(
            Episode,
            lambda season_id: Episode.objects.filter(season_id=season_id).order_by("number"),
            ("episodes",),
            season_id=season.pk,
        ),
        events=listed(
            ReleaseEvent,
            lambda season_id: ReleaseEvent.objects.filter(season_id=season_id).order_by("-date", "-id"),
            ("timeline",),
            season_id=season.pk,
        ),
    )


def person_details(person):
    """``person`` with their roles (each with its season, show and character) in show, season and
    billing order, and their crew jobs (each with its show), in place."""
    return fill(
        person,
        credits=listed(
            CastCredit,
            lambda person_id: CastCredit.objects.filter(person_id=person_id).order_by(
                "season__show__title", "season__number", "billing_order", "id"
            ),
            ("roles",),
            {"season": SEASON_LINK, "season__show": SHOW_LINK, "character": CHARACTER},
            person_id=person.pk,
        ),
        crew_credits=listed(
            CrewCredit,
            lambda person_id: CrewCredit.objects.filter(person_id=person_id),
            ("jobs",),
            {"show": SHOW_LINK},
            person_id=person.pk,
        ),
    )
