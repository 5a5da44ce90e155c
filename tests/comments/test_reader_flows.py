"""What a commenter sees of their own comments and reports (issue 12): a held comment stays
visible to its author on later visits without making the article page theirs alone, and a report
asks for a reason and brings the reader back to the comment."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from comments.models import Comment
from comments.moderation import POSTED_HINT_COOKIE
from tests.comments.conftest import as_author_of, post
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def held_url(article):
    return reverse("comments:held", kwargs={"article_id": article.pk})


def test_posting_leaves_a_readable_hint_beside_the_signed_list(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    response = post(client, article)
    assert response.status_code == 302
    hint = response.cookies[POSTED_HINT_COOKIE]
    assert hint.value == "1"
    assert not hint["httponly"]  # the page script reads it to know whether to ask


def test_the_author_gets_their_held_comments_on_this_article_and_nobody_else_does(client):
    article = ArticleFactory()
    top = CommentFactory(article=article)
    held_reply = CommentFactory(article=article, parent=top, status=Comment.Status.PENDING, body="Held reply")
    held_top = CommentFactory(article=article, status=Comment.Status.PENDING, body="Held thread")
    elsewhere = CommentFactory(status=Comment.Status.PENDING, body="On another article")
    spam = CommentFactory(article=article, status=Comment.Status.SPAM, body="Spam of theirs")

    assert client.get(held_url(article)).json() == {"comments": []}  # a stranger

    as_author_of(client, held_reply, held_top, elsewhere, spam, top)
    response = client.get(held_url(article))
    found = response.json()["comments"]
    assert [(item["id"], item["parent"]) for item in found] == [(held_reply.pk, top.pk), (held_top.pk, None)]
    assert 'class="comment comment--held"' in found[0]["html"]
    assert "Your comment is awaiting moderation." in found[0]["html"]
    assert "Held reply" in found[0]["html"]
    assert all("On another article" not in item["html"] and "Spam" not in item["html"] for item in found)
    # Per reader and never stored anywhere.
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]


def test_a_forged_cookie_shows_nothing(client):
    article = ArticleFactory()
    CommentFactory(article=article, status=Comment.Status.PENDING)
    client.cookies["comments_posted"] = "forged"
    assert client.get(held_url(article)).json() == {"comments": []}


def test_the_article_page_names_the_endpoint_and_stays_the_same_for_every_reader(client):
    article = ArticleFactory()
    held = CommentFactory(article=article, status=Comment.Status.PENDING, body="Only mine")
    as_author_of(client, held)
    response = client.get(article.get_absolute_url())
    assertContains(response, f'data-held-url="{held_url(article)}"')
    assertNotContains(response, "Only mine")  # the script adds it; the shared page never has it


def test_report_page_asks_for_a_reason(client):
    comment = CommentFactory()
    response = client.get(reverse("comments:report", kwargs={"pk": comment.pk}))
    assertContains(response, 'type="radio" name="reason" id="reason-spam" value="spam" required')
    assertContains(response, "<legend>What is wrong with this comment?</legend>", html=False)


def test_a_report_with_an_unknown_reason_is_refused_and_nothing_is_recorded(client):
    comment = CommentFactory()
    url = reverse("comments:report", kwargs={"pk": comment.pk})
    response = client.post(url, {"reason": "boring"}, REMOTE_ADDR="198.51.100.1")
    assertContains(response, "Please choose one of the reasons listed.", status_code=400)
    assert not comment.flags.exists()


def test_a_report_keeps_its_reason_and_brings_the_reader_back_to_the_comment(client):
    article = ArticleFactory(slug="story")
    comment = CommentFactory(article=article, name="Loud Reader")
    url = reverse("comments:report", kwargs={"pk": comment.pk})

    response = client.post(url, {"reason": "spoiler"}, REMOTE_ADDR="198.51.100.1")

    assert response.status_code == 302
    assert response["Location"] == f"/news/story/?reported=recorded-{comment.pk}#comment-{comment.pk}"
    assert comment.flags.get().reason == "spoiler"
    html = client.get(response["Location"]).content.decode()
    inside = html[html.index(f'id="comment-{comment.pk}"') :]
    assert inside.index("Thank you. Moderators will review this comment.") < inside.index("</li>")


def test_a_comment_hidden_by_reports_is_explained_above_the_thread(client, settings):
    settings.COMMENTS_REPORTS_TO_HIDE = 1
    comment = CommentFactory(body="Contested words")
    response = client.post(
        reverse("comments:report", kwargs={"pk": comment.pk}), {"reason": "abuse"}, REMOTE_ADDR="198.51.100.1"
    )
    assert response["Location"].endswith(f"?reported=hidden-{comment.pk}#comments")
    page = client.get(response["Location"])
    assertContains(page, '<p class="report-notice" role="status">Thank you. This comment is hidden')
    assertNotContains(page, "Contested words")


@pytest.mark.parametrize("value", ["", "recorded", "recorded-x", "nonsense-1", "recorded-²"])
def test_a_meaningless_report_notice_shows_nothing(client, value):
    comment = CommentFactory()
    response = client.get(comment.article.get_absolute_url(), {"reported": value})
    assertNotContains(response, 'class="report-notice"')


def test_the_page_that_shows_a_report_notice_is_never_shared(client, clock):
    comment = CommentFactory()
    url = comment.article.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    noticed = client.get(url, {"reported": f"recorded-{comment.pk}"})
    assert noticed["X-Page-Cache"] == "bypass"
    assert "Moderators will review this comment." in noticed.content.decode()
    assert "Moderators will review" not in client.get(url).content.decode()
