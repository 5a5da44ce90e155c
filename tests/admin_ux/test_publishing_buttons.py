"""The article form's "Publish now", "Schedule" and "Save draft" buttons (issue 13): each does what
it says for an editor; a writer sees only "Save draft", and the server refuses the others from them."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from articles.models import Article
from newsroom.roles import EDITOR, WRITER
from tests.articles.test_editorial import ADD_URL, article_form, change_url, login, when
from tests.factories import ArticleFactory, staff_in_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture
def editor():
    return staff_in_role(EDITOR, "editor", first_name="Mina", last_name="Aouad")


@pytest.fixture
def writer():
    return staff_in_role(WRITER, "writer", first_name="Kim", last_name="Ji-woo")


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_publish_now_without_a_date_publishes_at_once_and_links_to_the_live_article(client, editor, clock):
    login(client, editor)

    response = client.post(ADD_URL, article_form(author=str(editor.pk), _publish="1"))

    assert response.status_code == 302
    article = Article.objects.get(slug="season-2-starts-filming")
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at == clock.now.replace(microsecond=0)
    assert article.is_published
    notes = " ".join(messages_of(response))
    assert f'<a href="{article.get_absolute_url()}">View it on the site</a>' in notes
    assert client.get(article.get_absolute_url()).status_code == 200


def test_publish_now_ignores_the_future_date_of_a_scheduled_article(client, editor, clock):
    scheduled = ArticleFactory(published_at=clock.ahead(days=2), slug="season-2-starts-filming")
    login(client, editor)

    client.post(
        change_url(scheduled),
        article_form(author=str(editor.pk), status="published", _publish="1", **when(clock.ahead(days=2))),
    )

    scheduled.refresh_from_db()
    assert scheduled.published_at == clock.now.replace(microsecond=0)
    assert scheduled.state == "Published"


def test_publish_now_keeps_a_past_date_the_editor_typed(client, editor, clock):
    login(client, editor)

    client.post(ADD_URL, article_form(author=str(editor.pk), _publish="1", **when(clock.ago(days=3))))

    article = Article.objects.get()
    assert article.published_at == clock.ago(days=3).replace(microsecond=0)


def test_schedule_with_a_future_date_schedules(client, editor, clock):
    login(client, editor)

    response = client.post(
        ADD_URL, article_form(author=str(editor.pk), _schedule="1", **when(clock.ahead(hours=5)))
    )

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.state) == (Article.Status.PUBLISHED, "Scheduled")
    preview = reverse("admin:articles_article_preview", args=[article.pk])
    assert f'<a href="{preview}">Preview it</a>' in " ".join(messages_of(response))


@pytest.mark.parametrize("moment", [None, "past"])
def test_schedule_without_a_future_date_is_a_clear_error_and_saves_nothing(client, editor, clock, moment):
    login(client, editor)
    dates = when(clock.ago(minutes=1)) if moment == "past" else {}

    response = client.post(ADD_URL, article_form(author=str(editor.pk), _schedule="1", **dates))

    assert response.status_code == 200
    assertContains(response, "To schedule the article, set a publication date and time in the future")
    assert not Article.objects.exists()


def test_save_draft_takes_a_live_article_back_to_draft(client, editor):
    live = ArticleFactory(slug="season-2-starts-filming")
    login(client, editor)

    client.post(
        change_url(live),
        article_form(author=str(editor.pk), status="published", _draft="1", **when(live.published_at)),
    )

    live.refresh_from_db()
    assert live.status == Article.Status.DRAFT


def test_the_buttons_name_themselves_in_the_revision_history(client, editor):
    login(client, editor)
    client.post(ADD_URL, article_form(author=str(editor.pk), _draft="1"))
    article = Article.objects.get()
    client.post(change_url(article), article_form(author=str(editor.pk), _publish="1"))
    client.post(
        change_url(article),
        article_form(
            author=str(editor.pk), status="published", _save="1", **when(article.history.first().published_at)
        ),
    )

    reasons = list(article.history.order_by("history_id").values_list("history_change_reason", flat=True))
    assert reasons == ["Saved as a draft", "Published", None]
    page = client.get(reverse("admin:articles_article_history", args=[article.pk])).content.decode()
    assert "Saved as a draft" in page
    assert not re.search(r"<td>\s*None\s*</td>", page)
    assert re.search(r"<td>\s*—\s*</td>", page)


def test_an_editor_sees_all_three_buttons(client, editor):
    login(client, editor)

    response = client.get(ADD_URL)

    assertContains(response, 'name="_publish"')
    assertContains(response, 'name="_schedule"')
    assertContains(response, 'name="_draft"')


def test_a_writer_sees_only_save_draft(client, writer):
    login(client, writer)

    response = client.get(ADD_URL)

    assertContains(response, 'name="_draft"')
    assertNotContains(response, 'name="_publish"')
    assertNotContains(response, 'name="_schedule"')


@pytest.mark.parametrize("button", ["_publish", "_schedule"])
def test_the_server_refuses_publish_and_schedule_from_a_writer(client, writer, clock, button):
    draft = ArticleFactory(draft=True, author=writer, slug="season-2-starts-filming")
    login(client, writer)

    response = client.post(change_url(draft), article_form(**{button: "1"}, **when(clock.ahead(days=1))))

    assert response.status_code == 403
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Article.Status.DRAFT, None)


def test_a_writer_saves_a_draft_with_save_draft(client, writer):
    login(client, writer)

    response = client.post(ADD_URL, article_form(_draft="1"))

    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.status, article.author) == (Article.Status.DRAFT, writer)


def test_the_author_menu_lists_bylines_not_logins(client, editor, writer):
    login(client, editor)

    response = client.get(ADD_URL)

    field = response.context["adminform"].form.fields["author"]
    labels = [label for _value, label in field.choices]
    assert "Mina Aouad" in labels and "Kim Ji-woo" in labels
    assert "editor" not in labels and "writer" not in labels


def test_the_body_carries_word_count_and_preview_styles(client, editor):
    login(client, editor)

    response = client.get(ADD_URL)

    assertContains(response, 'data-words-per-minute="230"')
    assertContains(response, "css/reader.css")
    assertContains(response, "js/article-editor.js")


def test_a_late_scheduled_date_still_reads_in_the_list_as_scheduled_with_its_time(client, editor, clock):
    ArticleFactory(title="Embargoed", published_at=clock.ahead(days=1) + datetime.timedelta(minutes=30))
    login(client, editor)

    response = client.get(reverse("admin:articles_article_changelist"))

    assertContains(response, '<span class="state-badge state-badge--scheduled">Scheduled · 13 May 2026')
