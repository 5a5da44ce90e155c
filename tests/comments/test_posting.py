import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse
from django.utils.html import escape
from pytest_django.asserts import assertContains, assertNotContains

from comments.forms import MESSAGES, SAVE_DETAILS_LABEL
from comments.models import Comment
from comments.moderation import QUERY_PARAM, token_for
from comments.views import SAVED_DETAILS_COOKIE
from tests.comments.conftest import as_author_of, shown_a_minute_ago
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

VALID = {
    "body": "Season two cannot come soon enough.",
    "name": "Min-ji",
    "email": "minji@example.com",
    "website": "",
    "timestamp": shown_a_minute_ago(),
}


def post_url(article):
    return reverse("comments:post", kwargs={"article_id": article.pk})


def test_article_page_shows_the_wordpress_style_form(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assertContains(response, "Leave a Reply")
    assertContains(response, "Your email address will not be published. Required fields are marked")
    html = response.content.decode()
    for field, label, required in [
        ("body", "Comment", True),
        ("name", "Name", True),
        ("email", "Email", True),
        ("website", "Website", False),
    ]:
        star = r'<span class="asteriskField">\*</span>' if required else ""
        assert re.search(rf'<label[^>]*for="id_{field}"[^>]*>\s*{label}{star}\s*</label>', html), label
    assertContains(response, SAVE_DETAILS_LABEL)
    assertContains(response, 'value="Post Comment"')
    assertContains(response, f'action="{post_url(article)}"')
    assertNotContains(response, 'name="save_details" checked')


def test_valid_comment_is_stored_pending_and_redirects_to_itself(client):
    article = ArticleFactory()
    response = client.post(post_url(article), VALID, REMOTE_ADDR="203.0.113.7")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert (comment.article, comment.name, comment.email, comment.body) == (
        article,
        VALID["name"],
        VALID["email"],
        VALID["body"],
    )
    assert comment.ip_address == "203.0.113.7"
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == article.get_absolute_url()
    assert location.fragment == f"comment-{comment.pk}"
    assert parse_qs(location.query)[QUERY_PARAM] == [token_for(comment)]


def test_author_sees_their_comment_awaiting_moderation_after_the_redirect(client):
    article = ArticleFactory()
    response = client.post(post_url(article), VALID, follow=True)
    comment = Comment.objects.get()
    assertContains(response, "Your comment is awaiting moderation.")
    assertContains(response, f'id="comment-{comment.pk}"')
    assertContains(response, VALID["body"])
    # The author's own page: never stored, by us or by anyone in between.
    assert {"private", "no-store"} <= {word.strip() for word in response["Cache-Control"].split(",")}
    assert response["X-Page-Cache"] == "bypass"


def test_pending_comment_is_hidden_from_other_readers(client):
    article = ArticleFactory()
    CommentFactory(article=article, body="Held for review", status=Comment.Status.PENDING)
    CommentFactory(article=article, body="Marked as spam", status=Comment.Status.SPAM)
    response = client.get(article.get_absolute_url())
    assertNotContains(response, "Held for review")
    assertNotContains(response, "Marked as spam")
    assertNotContains(response, "awaiting moderation")


def test_forged_or_foreign_moderation_token_shows_nothing(client):
    article = ArticleFactory()
    pending = CommentFactory(article=article, body="Held for review", status=Comment.Status.PENDING)
    other_article_comment = CommentFactory(body="Elsewhere", status=Comment.Status.PENDING)
    url = article.get_absolute_url()
    for token in (f"{pending.pk}:forged", token_for(other_article_comment), "", "%00"):
        response = client.get(url, {QUERY_PARAM: token})
        assert response.status_code == 200
        assertNotContains(response, "awaiting moderation")
        assertNotContains(response, "Held for review")
        assertNotContains(response, "Elsewhere")


def test_token_stops_showing_the_comment_once_it_is_approved_or_spam(client):
    article = ArticleFactory()
    comment = CommentFactory(article=article, body="Now approved", status=Comment.Status.APPROVED)
    response = client.get(article.get_absolute_url(), {QUERY_PARAM: token_for(comment)})
    assertContains(response, "Now approved", count=1)
    assertNotContains(response, "awaiting moderation")


def test_approved_comments_show_oldest_first(client):
    article = ArticleFactory()
    first = CommentFactory(article=article, body="First!")
    second = CommentFactory(article=article, body="Second thoughts")
    Comment.objects.filter(pk=first.pk).update(created_at=second.created_at.replace(year=2020))
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("First!") < html.index("Second thoughts")
    assert "2 comments" in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "", MESSAGES["body_required"]),
        ("body", "   \n  ", MESSAGES["body_required"]),
        ("name", "", MESSAGES["name_required"]),
        ("email", "", MESSAGES["email_required"]),
        ("email", "not-an-email", MESSAGES["email_invalid"]),
        ("email", "a@b", MESSAGES["email_invalid"]),
        ("website", "javascript:alert(1)", MESSAGES["website_invalid"]),
        ("name", "x" * 81, MESSAGES["name_too_long"]),
        ("body", "x" * 5001, MESSAGES["body_too_long"]),
    ],
)
def test_each_invalid_field_gets_its_message_and_nothing_is_stored(client, field, value, message):
    article = ArticleFactory()
    data = {**VALID, field: value}
    response = client.post(post_url(article), data)
    assert response.status_code == 400
    assertContains(response, message, status_code=400)
    assertContains(response, ">Your comment was not posted</h1>", status_code=400)
    # Listed at the top of the page, as a link to the field to correct.
    assertContains(response, f'<li><a href="#id_{field}">{escape(message)}</a></li>', status_code=400)
    assert not Comment.objects.exists()


def test_rejected_form_keeps_what_was_typed(client):
    article = ArticleFactory()
    data = {**VALID, "email": "wrong", "website": "https://blog.example.com/", "save_details": "on"}
    response = client.post(post_url(article), data)
    assertContains(response, "Season two cannot come soon enough.</textarea>", status_code=400)
    assertContains(response, 'value="Min-ji"', status_code=400)
    assertContains(response, 'value="wrong"', status_code=400)
    assertContains(response, 'value="https://blog.example.com/"', status_code=400)
    assertContains(
        response,
        'name="save_details" class="checkboxinput form-check-input" id="id_save_details" checked',
        status_code=400,
    )


def test_all_required_messages_appear_together_for_an_empty_form(client):
    article = ArticleFactory()
    response = client.post(post_url(article), {})
    for key in ("body_required", "name_required", "email_required"):
        assertContains(response, MESSAGES[key], status_code=400)


def test_hostile_input_is_stored_as_sent_and_rendered_escaped(client):
    article = ArticleFactory()
    hostile = "<script>alert('x')</script> '; DROP TABLE comments_comment; --"
    client.post(post_url(article), {**VALID, "body": hostile, "name": "<b>Bold</b>"})
    comment = Comment.objects.get()
    assert comment.body == hostile
    Comment.objects.update(status=Comment.Status.APPROVED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_comment_on_draft_or_missing_article_is_404_and_stores_nothing(client):
    draft = ArticleFactory(draft=True)
    assert client.post(post_url(draft), VALID).status_code == 404
    assert client.post(reverse("comments:post", kwargs={"article_id": 999999}), VALID).status_code == 404
    assert not Comment.objects.exists()


def test_get_on_the_post_url_is_refused(client):
    article = ArticleFactory()
    assert client.get(post_url(article)).status_code == 405


def test_missing_csrf_token_is_refused(db):
    from django.test import Client

    article = ArticleFactory()
    response = Client(enforce_csrf_checks=True).post(post_url(article), VALID)
    assert response.status_code == 403
    assert "Please try again" in response.content.decode()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("origin", "accepted"),
    [
        ("http://testserver", True),  # posted from the site's own (cached, tokenless) page
        ("https://testserver", False),  # another scheme is another origin
        ("http://evil.example", False),
        ("null", False),  # sandboxed frames and some redirects: proves nothing
    ],
)
def test_without_a_token_only_the_sites_own_origin_may_post(db, origin, accepted):
    from django.test import Client

    article = ArticleFactory()
    response = Client(enforce_csrf_checks=True).post(post_url(article), VALID, headers={"Origin": origin})
    assert response.status_code == (302 if accepted else 403)
    assert Comment.objects.exists() == accepted


def test_ticking_save_my_details_keeps_them_in_a_cookie(client):
    article = ArticleFactory()
    data = {**VALID, "website": "https://blog.example.com", "save_details": "on"}
    response = client.post(post_url(article), data)
    cookie = response.cookies[SAVED_DETAILS_COOKIE]
    assert json.loads(unquote(cookie.value)) == {
        "name": "Min-ji",
        "email": "minji@example.com",
        "website": "https://blog.example.com",
    }
    assert cookie["max-age"] > 0
    assert cookie["samesite"] == "Lax"


def test_unticked_save_my_details_clears_the_cookie(client):
    article = ArticleFactory()
    client.cookies[SAVED_DETAILS_COOKIE] = "old"
    response = client.post(post_url(article), VALID)
    cookie = response.cookies[SAVED_DETAILS_COOKIE]
    assert cookie.value == ""
    assert cookie["max-age"] == 0


@pytest.mark.parametrize("known", [False, True], ids=["first-comment-held", "known-commenter-approved"])
def test_a_successful_post_loads_only_what_the_redirect_needs(
    client, settings, django_assert_max_num_queries, django_capture_on_commit_callbacks, known
):
    """The article (a few columns), the commenter's record, the insert in a savepoint, then the
    count (approved) or the moderators' addresses (held): never the article page's queries."""
    settings.MANAGERS = [("Desk", "desk@example.com")]
    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article)
    if known:
        as_author_of(client, CommentFactory(email=VALID["email"]))
    with django_assert_max_num_queries(6), django_capture_on_commit_callbacks(execute=True):
        response = client.post(post_url(article), VALID)
    comment = Comment.objects.get(body=VALID["body"])
    assert comment.status == (Comment.Status.APPROVED if known else Comment.Status.PENDING)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
