import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shows.models import Season
from tests.factories import ReleaseEventFactory, SeasonFactory, ShowFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_sees_the_days_left_until_a_set_release_date(page):
    show = ShowFactory(title="All of Us Are Dead", slug="all-of-us-are-dead")
    release = timezone.localdate() + datetime.timedelta(days=10)
    season = SeasonFactory(
        show=show, number=2, status=Season.Status.DATE_SET, release_start=release, episode_count=None
    )
    ReleaseEventFactory(season=season, summary="Netflix renewed the series.")

    page.goto(season.get_absolute_url())

    countdown = page.locator(".countdown")
    expect(countdown).to_contain_text(f"Out on {release:%-d %B %Y}")
    expect(countdown).to_contain_text("10 days to go")
    expect(page.get_by_role("heading", name="What we know so far", exact=True)).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Netflix renewed the series.")).to_contain_text(
        "Confirmed"
    )
