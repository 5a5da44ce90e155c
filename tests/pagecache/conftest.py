import datetime

import pytest
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    CastCreditFactory,
    CategoryFactory,
    CommentFactory,
    EpisodeFactory,
    PersonFactory,
    ReleaseEventFactory,
    SeasonFactory,
    ShowFactory,
    TagFactory,
    UserFactory,
)


@pytest.fixture
def site(db, clock):
    """A show with a released season 1 and an upcoming season 2, one actor, one article about
    season 2 (its fact box), a tag, a category and an approved comment."""
    show = ShowFactory(title="Zombie High", slug="zombie-high", platform="Netflix")
    first = SeasonFactory(show=show, number=1)
    EpisodeFactory(season=first, number=1, title="The Outbreak")
    second = SeasonFactory(show=show, number=2, upcoming=True)
    actor = PersonFactory(name="Park Ji-hu", slug="park-ji-hu")
    credit = CastCreditFactory(season=second, person=actor, character_name="Nam On-jo")
    ReleaseEventFactory(season=second, summary="Netflix renewed the series.")
    category = CategoryFactory(name="Explainers", slug="explainers")
    tag = TagFactory(name="Renewals", slug="renewals")
    article = ArticleFactory(
        author=UserFactory(username="mina", first_name="Kim", last_name="Writer"),
        title="Season 2 is coming",
        slug="season-2-is-coming",
        category=category,
        published_at=clock.ago(hours=2),
    )
    article.shows.set([show])
    article.seasons.set([second])
    article.people.set([actor])
    article.tags.set([tag])
    comment = CommentFactory(article=article, name="First Reader", body="Cannot wait.")
    return {
        "show": show,
        "first": first,
        "second": second,
        "actor": actor,
        "credit": credit,
        "category": category,
        "tag": tag,
        "article": article,
        "comment": comment,
    }


@pytest.fixture
def fragments_only(settings):
    """The page cache off and fragments on: what a page's fragments keep is all that is kept."""
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    settings.FRAGMENT_CACHE = True


def later(clock, **kwargs):
    return clock.now + datetime.timedelta(**kwargs)


def second_season_out_tomorrow(site):
    """Season 2 confirmed for tomorrow, written with update() (no signal, no bump), so that only the
    date turning can change what pages say of it. Returns tomorrow."""
    from shows.models import Season

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Season.objects.filter(pk=site["second"].pk).update(
        status=Season.Status.DATE_SET,
        release_precision=Season.Precision.DAY,
        release_start=tomorrow,
        release_end=None,
        release_confirmed=True,
    )
    return tomorrow
