import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from articles.models import Article, Category, Tag
from comments import lifecycle
from comments.models import Comment
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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"writer{n}")
    first_name = "Kim"
    last_name = factory.Sequence(lambda n: f"Writer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")


class ShowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Show
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Show {n}")
    slug = factory.Sequence(lambda n: f"show-{n}")
    synopsis = "Students fight to survive."
    country = "South Korea"
    language = "Korean"

    @factory.post_generation
    def platform(show, create, extracted, **kwargs):
        """ShowFactory(platform="Netflix, Viki") lists those providers; the default is Netflix."""
        if not create:
            return
        names = "Netflix" if extracted is None else extracted
        for order, name in enumerate(filter(None, (part.strip() for part in names.split(","))), 1):
            provider, _ = WatchProvider.objects.get_or_create(slug=slugify(name), defaults={"name": name})
            ShowProvider.objects.create(show=show, provider=provider, order=order)


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season

    show = factory.SubFactory(ShowFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = Season.Status.RELEASED
    release_precision = Season.Precision.DAY
    release_start = datetime.date(2022, 1, 28)
    release_confirmed = True
    episode_count = 12

    class Params:
        # A renewed season due in an unconfirmed window, like All of Us Are Dead season 2 was in
        # 2023: still ahead of the test clock (FROZEN_AT, 2026). The ``missed`` trait is the same
        # season with the 2024–2025 window it really had, which has passed by then.
        upcoming = factory.Trait(
            status=Season.Status.RENEWED,
            release_precision=Season.Precision.YEAR_RANGE,
            release_start=datetime.date(2027, 1, 1),
            release_end=datetime.date(2028, 1, 1),
            release_confirmed=False,
            episode_count=None,
        )
        missed = factory.Trait(
            status=Season.Status.RENEWED,
            release_precision=Season.Precision.YEAR_RANGE,
            release_start=datetime.date(2024, 1, 1),
            release_end=datetime.date(2025, 1, 1),
            release_confirmed=False,
            episode_count=None,
        )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Actor Number{n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    bio = "An actor."


class CastCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CastCredit

    season = factory.SubFactory(SeasonFactory)
    person = factory.SubFactory(PersonFactory)
    character = factory.LazyAttribute(
        lambda credit: Character.objects.get_or_create(show=credit.season.show, name=credit.character_name)[0]
    )
    billing_order = factory.Sequence(lambda n: n + 1)
    kind = CastCredit.Kind.MAIN

    class Params:
        # The character, found or created on the season's show by name.
        character_name = factory.Sequence(lambda n: f"Character {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"Tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "What we know so far."
    body = "## Renewal\n\nNetflix renewed the show.\n\n## Cast\n\nThe cast returns."
    author = factory.SubFactory(UserFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    class Params:
        draft = factory.Trait(status=Article.Status.DRAFT, published_at=None)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    article = factory.SubFactory(ArticleFactory)
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.com")
    body = "Can't wait for season two!"
    status = Comment.Status.APPROVED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Posted as a moderator would enter it, so that counts and emails follow as on the site."""
        return lifecycle.post(model_class(*args, **kwargs), judged=True)


def png_upload(name="image.png", width=8, height=6):
    """A tiny but real PNG, so that ImageField can read its width and height."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#b22222").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WatchProvider
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Streamer {n}")
    slug = factory.LazyAttribute(lambda provider: slugify(provider.name))
    url = factory.LazyAttribute(lambda provider: f"https://{provider.slug}.example.com/")


class CharacterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Character

    show = factory.SubFactory(ShowFactory)
    name = factory.Sequence(lambda n: f"Character {n}")


class CrewCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrewCredit

    show = factory.SubFactory(ShowFactory)
    person = factory.SubFactory(PersonFactory)
    job = CrewCredit.Job.DIRECTOR
    order = factory.Sequence(lambda n: n + 1)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    season = factory.SubFactory(SeasonFactory)
    number = factory.Sequence(lambda n: n + 1)
    air_date = factory.LazyAttribute(lambda episode: episode.season.release_date)


class ReleaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReleaseEvent

    season = factory.SubFactory(SeasonFactory, upcoming=True)
    date = datetime.date(2022, 6, 1)
    date_precision = ReleaseEvent.DatePrecision.MONTH
    kind = ReleaseEvent.Kind.RENEWED
    certainty = ReleaseEvent.Certainty.CONFIRMED
    summary = "Netflix renewed the series."


class CategoryFactory(factory.django.DjangoModelFactory):
    """Articles without one get News (Article.save); use this for other sections."""

    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "Stories of one kind."


def staff_in_role(role, username=None, **fields):
    """A staff user in one of the groups made by newsroom.roles (Writer, Editor, Moderator)."""
    from newsroom.roles import ensure_roles

    group = ensure_roles()[role]
    user = UserFactory(
        username=username or f"{role.lower()}-{group.user_set.count() + 1}", is_staff=True, **fields
    )
    user.set_password("a-long-test-password")
    user.save()
    user.groups.add(group)
    return user
