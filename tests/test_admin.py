"""The demo editor can reach and edit every model of the site in the admin."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from shows.models import Season

pytestmark = pytest.mark.django_db

SITE_APPS = {"shows", "articles", "comments"}


@pytest.fixture
def editor_client(client, monkeypatch, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    monkeypatch.setenv("DEMO_EDITOR_PASSWORD", "a-long-demo-password")
    call_command("load_demo", verbosity=0)
    call_command("ensure_demo_editor", verbosity=0)
    assert client.login(username="editor", password="a-long-demo-password")
    return client


def site_models():
    return [model for model in admin.site._registry if model._meta.app_label in SITE_APPS]


def test_every_site_model_is_registered_in_the_admin():
    names = {model.__name__ for model in site_models()}
    assert {"Show", "Season", "Person", "CastCredit", "Article", "Tag", "Comment"} <= names


def test_editor_can_open_list_add_and_change_pages_of_every_model(editor_client):
    for model in site_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert editor_client.get(changelist).status_code == 200, changelist
        assert editor_client.get(changelist, {"q": "season"}).status_code == 200, changelist
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert editor_client.get(add).status_code == 200, add
        obj = model.objects.first()
        assert obj is not None, f"the demo content has no {opts.verbose_name}"
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert editor_client.get(change).status_code == 200, change


def test_editor_approves_a_held_comment_with_the_bulk_action(editor_client):
    held = Comment.objects.in_moderation().first()
    assert held is not None
    response = editor_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "approve", "_selected_action": [held.pk]},
        follow=True,
    )
    assert response.status_code == 200
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED


def test_admin_refuses_a_release_window_that_ends_before_it_starts(editor_client):
    season = Season.objects.get(number=2)
    url = reverse("admin:shows_season_change", args=[season.pk])
    data = {
        "show": season.show_id,
        "number": season.number,
        "title": "",
        "status": season.status,
        "episode_count": "",
        "synopsis": season.synopsis,
        "release_precision": "year_range",
        "release_start": "2025-01-01",
        "release_end": "2024-01-01",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "The release window cannot end before it starts." in response.content.decode()
    season.refresh_from_db()
    assert season.release_start.year == 2024


def test_admin_refuses_to_publish_an_article_without_a_date(editor_client):
    article = Article.objects.published().first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.get(url)
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"published_at_0": "", "published_at_1": "", "status": "published"})
    for name in ("shows", "seasons", "people", "tags"):
        data[name] = [str(pk) for pk in (data.get(name) or [])]
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "Set a publication date to publish this article." in response.content.decode()
    article.refresh_from_db()
    assert article.published_at is not None


def test_demo_editor_is_in_the_migration_made_editor_group_and_may_publish(editor_client):
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.get(username="editor")

    assert list(editor.groups.values_list("name", flat=True)) == ["Editor"]
    assert editor.has_perm("articles.publish_article")
    assert editor.has_perm("comments.change_comment")
    assert not editor.is_superuser


def test_editor_sees_an_articles_history(editor_client):
    article = Article.objects.published().first()
    article.title = "A new headline"
    article.save()

    response = editor_client.get(reverse("admin:articles_article_history", args=[article.pk]))

    assert response.status_code == 200
    assert "A new headline" in response.content.decode()
