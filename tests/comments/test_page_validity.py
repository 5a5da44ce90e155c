"""The comment pages that the site-wide checks cannot reach (POST answers, tokens in links) are valid HTML."""

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment
from comments.moderation import QUERY_PARAM, token_for
from comments.notifications import unsubscribe_token
from tests.comments.conftest import shown_a_minute_ago
from tests.factories import ArticleFactory, CommentFactory
from tests.test_html_validity import vnu  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def comment_pages(client, settings):
    settings.COMMENTS_REPORTS_PER_HOUR = 1
    # Whole seconds: the byline's <time> belongs to the articles app (see the review report).
    article = ArticleFactory(published_at=timezone.now().replace(microsecond=0) - datetime.timedelta(hours=1))
    top = CommentFactory(
        article=article, website="https://example.com/", body="https://example.com/" + "a" * 300
    )
    reply = CommentFactory(article=article, parent=top)
    held = CommentFactory(article=article, parent=reply, status=Comment.Status.PENDING)
    post_url = reverse("comments:post", kwargs={"article_id": article.pk})
    values = {"body": "Hi", "name": "Min-ji", "email": "minji@example.com", "timestamp": shown_a_minute_ago()}
    unsubscribe = reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token("fan@example.com")})
    report = reverse("comments:report", kwargs={"pk": top.pk})
    closed = ArticleFactory(comments_enabled=False)
    return {
        "comments closed": client.post(reverse("comments:post", kwargs={"article_id": closed.pk}), values),
        "held comment": client.get(article.get_absolute_url(), {QUERY_PARAM: token_for(held)}),
        "rejected form": client.post(post_url, {**values, "email": "wrong", "parent": "²"}),
        "rejected reply": client.post(post_url, {**values, "parent": str(held.pk)}),
        "flood": (client.post(post_url, values), client.post(post_url, {**values, "body": "Again"}))[1],
        "unsubscribe": client.get(unsubscribe),
        "unsubscribed": client.post(unsubscribe),
        "bad unsubscribe": client.get(reverse("comments:unsubscribe", kwargs={"token": "x:y"})),
        # Back on the article, the outcome shown in the reported comment.
        "reported": client.post(report, {"reason": "spam"}, REMOTE_ADDR="198.51.100.1", follow=True),
        "report limit": client.post(
            reverse("comments:report", kwargs={"pk": reply.pk}), REMOTE_ADDR="198.51.100.1"
        ),
    }


def test_comment_pages_are_valid_html(client, settings, vnu, tmp_path):  # noqa: F811
    pages = comment_pages(client, settings)
    assert {name: response.status_code for name, response in pages.items()} == {
        "comments closed": 403,
        "held comment": 200,
        "rejected form": 400,
        "rejected reply": 400,
        "flood": 429,
        "unsubscribe": 200,
        "unsubscribed": 200,
        "bad unsubscribe": 400,
        "reported": 200,
        "report limit": 429,
    }
    for name, response in pages.items():
        (tmp_path / f"{name.replace(' ', '-')}.html").write_bytes(response.content)
    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m['url']).stem}: {m['message']}" for m in messages if m.get("type") == "error"]
    if errors:
        pytest.fail("\n".join(errors))
