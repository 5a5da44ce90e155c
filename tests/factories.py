import datetime
import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Tag
from comments.models import Comment
from shows.models import CastCredit, Person, Season, Show


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

    title = factory.Sequence(lambda n: f"Show {n}")
    slug = factory.Sequence(lambda n: f"show-{n}")
    synopsis = "Students fight to survive."
    platform = "Netflix"
    country = "South Korea"
    language = "Korean"


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
        # A renewed season due in an unconfirmed window, like All of Us Are Dead season 2.
        upcoming = factory.Trait(
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
    character_name = factory.Sequence(lambda n: f"Character {n}")
    billing_order = factory.Sequence(lambda n: n + 1)
    kind = CastCredit.Kind.MAIN


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


def png_upload(name="image.png", width=8, height=6):
    """A tiny but real PNG, so that ImageField can read its width and height."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#b22222").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
