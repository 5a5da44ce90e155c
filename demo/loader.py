"""Put the demo content into the database, idempotently.

Objects are found by natural keys (slug; show and number; season, person and
character; article, name and body) and saved only when a value really differs,
so a second run writes nothing: no rows, no ``updated_at`` bumps, no image files.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from articles.models import Article, Category, Tag
from comments import counts
from comments.models import Comment
from core.renditions import make_all_renditions
from shows.models import (
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

from . import content, images
from .images import ImageSpec, fill_image, needs_image

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class Report:
    """What a run did, per model."""

    outcomes: dict = field(default_factory=dict)
    images_drawn: int = 0
    renditions_made: int = 0

    def record(self, model, outcome):
        self.outcomes.setdefault(model, Counter())[outcome] += 1

    def total(self, outcome):
        return sum(counter[outcome] for counter in self.outcomes.values())

    def lines(self):
        for model, counter in self.outcomes.items():
            name = str(model._meta.verbose_name_plural).capitalize()
            yield f"{name}: {counter[CREATED]} created, {counter[UPDATED]} updated, {counter[UNCHANGED]} unchanged"

    def summary(self):
        return (
            f"{self.total(CREATED)} created, {self.total(UPDATED)} updated, "
            f"{self.total(UNCHANGED)} unchanged; {self.images_drawn} images drawn, "
            f"{self.renditions_made} renditions made."
        )


def load_demo(stdout=None):
    """Create or update the demo content and return a Report; write per-model lines to stdout."""
    report = Report()
    with transaction.atomic():
        author = _author(report)
        show = _show(report)
        seasons = {values["number"]: _season(show, values, report) for values in content.SEASONS}
        people = {row[0]: _person(row, report) for row in content.PEOPLE}
        _credits(seasons, people, report)
        _providers(show, report)
        _crew(show, report)
        _episodes(seasons, report)
        _events(seasons, report)
        tags = {slug: sync(Tag, {"slug": slug}, {"name": name}, report) for name, slug in content.TAGS}
        # The articles migration makes the categories; this only fills in any that are missing.
        categories = {
            slug: Category.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": text, "position": position}
            )[0]
            for name, slug, text, position in content.CATEGORIES
        }
        articles = {
            values["slug"]: _article(values, author, show, seasons, people, tags, categories, report)
            for values in content.ARTICLES
        }
        for values in content.COMMENTS:
            _comment(values, articles, report)
        comments = report.outcomes.get(Comment, {})
        if comments.get(CREATED) or comments.get(UPDATED):
            # Loaded as rows, not posted by readers: count what readers see in one go.
            counts.recount([article.pk for article in articles.values()])
    # Every demo image's resized copies, also for files an older version drew (none made twice).
    _images, report.renditions_made = make_all_renditions()
    if stdout is not None:
        for line in report.lines():
            stdout.write(line)
    return report


def sync(model, lookup, values, report, *, images=(), m2m=None, pinned=None, adjust=None):
    """Find ``model`` by ``lookup`` and make it match ``values``, writing only what differs.

    images: ImageSpecs drawn only when the field is empty or its file is missing.
    m2m: {relation name: objects}, set only when the set of related ids differs.
    pinned: fields the model fills itself (auto_now_add, auto_now), fixed with an update().
    adjust: a callable that may change the instance and returns the fields it changed.
    """
    obj = model.objects.filter(**lookup).first()
    created = obj is None
    if created:
        obj = model(**lookup)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    for spec in images:
        if needs_image(obj, spec):
            changed += fill_image(obj, spec)
            report.images_drawn += 1
    if adjust is not None:
        changed += adjust(obj)
    if created or changed:
        obj.full_clean()
        obj.save(**({} if created else {"update_fields": changed}))
    for name, targets in (m2m or {}).items():
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != {target.pk for target in targets}:
            manager.set(targets)
            changed.append(name)
    stale = {name: value for name, value in (pinned or {}).items() if getattr(obj, name) != value}
    if stale:
        model.objects.filter(pk=obj.pk).update(**stale)
        for name, value in stale.items():
            setattr(obj, name, value)
        changed.extend(stale)
    report.record(model, CREATED if created else UPDATED if changed else UNCHANGED)
    return obj


def _author(report):
    User = get_user_model()
    values = {key: value for key, value in content.AUTHOR.items() if key != "username"}
    values.update(is_staff=False, is_superuser=False, is_active=True)
    return sync(
        User,
        {"username": content.AUTHOR["username"]},
        values,
        report,
        adjust=_unusable_password,
    )


def _unusable_password(user):
    """The news desk is a byline, not an account anyone signs in to."""
    if user.has_usable_password():
        user.set_unusable_password()
        return ["password"]
    return []


def _show(report):
    values = {key: value for key, value in content.SHOW.items() if key != "slug"}
    poster = content.POSTER
    spec = ImageSpec(
        "poster", poster["filename"], lambda _show: images.poster(poster["title"], poster["subtitle"])
    )
    backdrop = content.BACKDROP
    values["backdrop_alt"] = backdrop["alt"]
    backdrop_spec = ImageSpec(
        "backdrop",
        backdrop["filename"],
        lambda _show: images.hero(backdrop["headline"], *backdrop["colours"], scene=backdrop["scene"]),
    )
    return sync(Show, {"slug": content.SHOW["slug"]}, values, report, images=[spec, backdrop_spec])


SEASON_POSTER_COLOURS = {1: (120, 12, 20), 2: (16, 32, 110)}


def _providers(show, report):
    providers = {
        slug: sync(
            WatchProvider,
            {"slug": slug},
            {"name": name, "url": url, "logo_alt": alt},
            report,
            images=[ImageSpec("logo", f"{slug}.png", lambda provider: images.logo(provider.name[0]))],
        )
        for slug, name, url, alt in content.PROVIDERS
    }
    for order, (slug, url) in enumerate(content.SHOW_PROVIDERS, start=1):
        sync(ShowProvider, {"show": show, "provider": providers[slug]}, {"url": url, "order": order}, report)


def _crew(show, report):
    for order, (slug, name, bio, job) in enumerate(content.CREW, start=1):
        person = _person((slug, name, "", "", bio), report)
        sync(CrewCredit, {"show": show, "person": person, "job": job}, {"order": order}, report)


def _episodes(seasons, report):
    for number, episodes in content.EPISODES.items():
        for episode_number, air_date in episodes:
            sync(
                Episode, {"season": seasons[number], "number": episode_number}, {"air_date": air_date}, report
            )


def _events(seasons, report):
    for number, date, precision, kind, certainty, summary, source in content.EVENTS:
        if isinstance(source, tuple):
            source = reverse("articles:detail", kwargs={"slug": source[1]})
        sync(
            ReleaseEvent,
            {"season": seasons[number], "kind": kind, "date": date},
            {"date_precision": precision, "certainty": certainty, "summary": summary, "source_url": source},
            report,
        )


def _season(show, values, report):
    fields = {key: value for key, value in values.items() if key != "number"}
    number = values["number"]
    spec = ImageSpec(
        "poster",
        f"{show.slug}-season-{number}.jpg",
        lambda _season: images.poster(
            f"Season {number}", "", top=SEASON_POSTER_COLOURS[number], kicker=show.title
        ),
    )
    return sync(Season, {"show": show, "number": number}, fields, report, images=[spec])


def _person(row, report):
    slug, name, native_name, birth_name, bio = row
    initials = Person(name=name).initials
    values = {
        "name": name,
        "native_name": native_name,
        "birth_name": birth_name,
        "bio": bio,
        "headshot_alt": content.headshot_alt(name, initials),
    }
    spec = ImageSpec("headshot", f"{slug}.jpg", lambda person: images.headshot(person.name, person.initials))
    return sync(Person, {"slug": slug}, values, report, images=[spec])


def _credits(seasons, people, report):
    show = seasons[1].show
    characters = {
        name: sync(Character, {"show": show, "name": name}, {"description": note}, report)
        for _slug, name, note, _kind in content.CAST
    }
    for number, roles in content.SEASON_CAST.items():
        for billing_order, (slug, character, _note, kind) in enumerate(roles, start=1):
            sync(
                CastCredit,
                {"season": seasons[number], "person": people[slug], "character": characters[character]},
                {"billing_order": billing_order, "kind": kind},
                report,
            )


def _article(values, author, show, seasons, people, tags, categories, report):
    scene, start, end, _described = values["hero"]
    fields = ("title", "summary", "body", "status", "published_at", "hero_alt", "hero_caption")
    published_at = values["published_at"]
    return sync(
        Article,
        {"slug": values["slug"]},
        {
            **{name: values[name] for name in fields},
            "author_id": author.pk,
            "category_id": categories[values["category"]].pk,
        },
        report,
        images=[
            ImageSpec(
                "hero_image", f"{values['slug']}.jpg", partial(_hero, values["slug"], scene, start, end)
            )
        ],
        m2m={
            "shows": [show],
            "seasons": [seasons[number] for number in values["seasons"]],
            "people": [people[slug] for slug in values["people"]],
            "tags": [tags[slug] for slug in values["tags"]],
        },
        # Fixed like every other demo date, so no demo article claims a later update.
        pinned={"created_at": published_at, "updated_at": published_at},
    )


def _hero(slug, scene, start, end, _article):
    return images.hero(slug, start, end, scene=scene)


def _comment(values, articles, report):
    article = articles[values["article"]]
    parent = None
    if values.get("reply_to"):
        parent = Comment.objects.get(article=article, name=values["reply_to"], parent__isnull=True)
    return sync(
        Comment,
        {"article": article, "name": values["name"], "body": values["body"]},
        {
            "email": values["email"],
            "status": values["status"],
            "website": "",
            "ip_address": None,
            "parent": parent,
        },
        report,
        pinned={"created_at": values["created_at"]},
    )
