"""Lists that read at a glance and the editors' dashboard on the admin home (issue 13)."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article, AuthorProfile
from comments.models import Comment
from newsroom.roles import EDITOR, MODERATOR, WRITER
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    PersonFactory,
    SeasonFactory,
    ShowFactory,
    png_upload,
    staff_in_role,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

HOME = reverse("admin:index")


@pytest.fixture
def editor(client):
    user = staff_in_role(EDITOR, "editor", first_name="Mina", last_name="Aouad")
    client.force_login(user)
    return user


def test_the_article_list_labels_each_state_and_names_authors_by_byline(client, editor, clock):
    author = staff_in_role(WRITER, "jwkim")
    AuthorProfile.objects.update_or_create(
        user=author, defaults={"display_name": "Kim Ji-woo", "slug": "kim-ji-woo"}
    )
    ArticleFactory(title="A draft", draft=True, author=author)
    ArticleFactory(title="Live", author=author)
    ArticleFactory(title="Withdrawn", status=Article.Status.UNPUBLISHED)
    ArticleFactory(title="Later", published_at=clock.ahead(days=3))

    response = client.get(reverse("admin:articles_article_changelist"))

    assertContains(response, '<span class="state-badge state-badge--draft">Draft</span>', html=True)
    assertContains(response, '<span class="state-badge state-badge--published">Live</span>', html=True)
    assertContains(response, '<span class="state-badge state-badge--unpublished">Withdrawn</span>', html=True)
    assertContains(response, "state-badge--scheduled")
    assertContains(response, "Kim Ji-woo", count=2)
    assertNotContains(response, ">jwkim<")
    assertContains(response, "column-comments")


def test_the_article_list_costs_the_same_queries_with_more_authors(
    client, editor, django_assert_max_num_queries
):
    """Guards against an N+1 from each row's byline (the author's profile, selected with the row)."""
    ArticleFactory.create_batch(2)
    client.get(reverse("admin:articles_article_changelist"))
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("admin:articles_article_changelist"))
    ArticleFactory.create_batch(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("admin:articles_article_changelist"))


def test_show_season_and_person_lists_show_sized_thumbnails(client, editor):
    show = ShowFactory(
        title="All of Us Are Dead", poster=png_upload(width=20, height=30), poster_alt="Poster"
    )
    SeasonFactory(show=show, poster=png_upload(width=40, height=60), poster_alt="Poster")
    PersonFactory(name="Park Ji-hu", headshot=png_upload(width=30, height=30), headshot_alt="Park Ji-hu")

    for name, height in [("show", 60), ("season", 60), ("person", 40)]:
        response = client.get(reverse(f"admin:shows_{name}_changelist"))
        html = response.content.decode()
        assert 'class="admin-thumb" src="/media/' in html, name
        assert f'width="40" height="{height}" alt=""' in html, name


def test_the_dashboard_shows_what_waits_for_an_editor(client, editor, clock):
    ArticleFactory(title="Unfinished scoop", draft=True)
    ArticleFactory(title="The story of tomorrow", published_at=clock.ahead(days=1))
    ArticleFactory(title="My own piece", author=editor, draft=True)
    CommentFactory.create_batch(2, status=Comment.Status.PENDING)
    CommentFactory(flag_count=1)
    ShowFactory(title="Sweet Home")

    response = client.get(HOME)

    for text in [
        "Unfinished scoop",
        "The story of tomorrow",
        "Your work",
        "My own piece",
        '<span class="big-count" data-pending-count-text>2</span> held for moderation',
        "1 reported",
        "Latest changes to shows data",
        "Sweet Home",
    ]:
        assertContains(response, text)


def test_a_writer_sees_only_their_own_drafts_and_no_shows_or_comments_panels(client):
    writer = staff_in_role(WRITER, "writer")
    client.force_login(writer)
    ArticleFactory(title="Their scoop", draft=True)
    ArticleFactory(title="Mine", draft=True, author=writer)

    response = client.get(HOME)

    assertContains(response, "Mine")
    assertNotContains(response, "Their scoop")
    assertNotContains(response, "Comments waiting")
    assertNotContains(response, "Latest changes to shows data")


def test_a_moderator_sees_the_comments_panel_only(client):
    client.force_login(staff_in_role(MODERATOR, "moderator"))
    CommentFactory(status=Comment.Status.PENDING, body="Is season two out?")

    response = client.get(HOME)

    assertContains(response, "Comments waiting")
    assertContains(response, "Is season two out?")
    assertNotContains(response, 'id="dash-drafts"')


def test_the_character_popup_script_is_on_the_season_page(client, editor):
    season = SeasonFactory()

    assertContains(client.get(reverse("admin:shows_season_change", args=[season.pk])), "js/season-admin.js")
    # The admin fills the character form's show from the query string the script adds.
    response = client.get(reverse("admin:shows_character_add"), {"show": season.show_id, "_popup": 1})
    assert response.context["adminform"].form.initial["show"] == str(season.show_id)
