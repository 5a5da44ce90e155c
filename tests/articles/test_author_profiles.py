"""Authors are known to readers by a display name and a slug of their own, never their login (issue 11)."""

import json
import re

import feedparser
import pytest
from django.core.exceptions import ValidationError

from articles.models import AuthorProfile
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    user = UserFactory(username="mkim-admin", first_name="Mina", last_name="Aouad")
    ArticleFactory(slug="story", title="A story", author=user)
    return user


def test_the_author_page_is_at_their_slug_and_their_login_finds_nothing(client, author):
    assert author.author_profile.slug == "mina-aouad"
    assert client.get("/authors/mina-aouad/").status_code == 200
    assert client.get("/authors/mkim-admin/").status_code == 404


def test_no_public_page_or_feed_names_the_login(client, author):
    for url in ("/news/story/", "/news/", "/authors/mina-aouad/", "/feeds/news/", "/feeds/news/atom/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "mkim-admin" not in response.content.decode(), url


def test_feeds_and_structured_data_use_the_display_name(client, author):
    profile = author.author_profile
    profile.display_name = "The Desk"
    profile.save()
    entry = feedparser.parse(client.get("/feeds/news/atom/").content).entries[0]
    assert entry.author == "The Desk"
    html = client.get("/news/story/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    graph = data if isinstance(data, dict) else data[0]
    assert graph["author"][0] == {
        "@type": "Person",
        "name": "The Desk",
        "url": "http://testserver/authors/mina-aouad/",
    }


def test_a_slug_made_from_a_name_that_is_the_login_is_made_different(client):
    user = UserFactory(username="mina", first_name="Mina", last_name="")
    ArticleFactory(slug="story", author=user)
    slug = user.author_profile.slug
    assert slug.startswith("mina-") and slug != "mina"
    assert client.get("/authors/mina/").status_code == 404
    assert client.get(f"/authors/{slug}/").status_code == 200


def test_a_user_without_a_name_gets_a_neutral_byline_not_their_login():
    user = UserFactory(username="jdoe", first_name="", last_name="")
    profile = AuthorProfile.objects.get(user=user)
    assert profile.display_name == "Staff writer"
    assert "jdoe" not in profile.slug


def test_editors_cannot_give_an_author_their_login_as_slug(author):
    profile = author.author_profile
    profile.slug = "MKIM-admin".lower()
    with pytest.raises(ValidationError, match="login name"):
        profile.full_clean()
