"""Against spam and abuse: honeypot, signed timestamp, flood control, duplicates, hostile text, closed threads."""

import datetime
import re
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from comments.forms import HONEYPOT_FIELD, MESSAGES
from comments.models import Comment
from comments.protection import FLOOD_MESSAGE, sign_timestamp, timestamp_age
from tests.comments.conftest import comment_data as data
from tests.comments.conftest import post
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_filled_honeypot_is_refused_with_a_clear_message(client):
    article = ArticleFactory()
    response = post(client, article, **{HONEYPOT_FIELD: "http://spam.example"})
    assertContains(response, MESSAGES["honeypot"], status_code=400)
    assert not Comment.objects.exists()


def test_honeypot_is_labelled_hidden_from_people_and_out_of_the_tab_order(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert re.search(
        r'<div class="comment-form-hp" aria-hidden="true"><label for="id_homepage">Leave this field empty</label>'
        r'<input type="text" name="homepage"[^>]*tabindex="-1"',
        html,
    )


@pytest.mark.parametrize(
    ("seconds_ago", "message"),
    [
        (None, MESSAGES["unchecked"]),
        ("forged", MESSAGES["unchecked"]),
        (2 * 24 * 3600, MESSAGES["expired"]),
        (60, MESSAGES["too_fast"]),
    ],
    ids=["missing", "forged", "two-days-old", "too-fast"],
)
def test_timestamp_outside_the_window_is_refused_and_the_input_kept(client, settings, seconds_ago, message):
    settings.COMMENTS_MIN_SECONDS = 120  # a form shown a minute ago is "too fast"
    timestamp = {None: "", "forged": "1700000000:forged"}.get(seconds_ago)
    if timestamp is None:
        timestamp = sign_timestamp(time.time() - seconds_ago)
    response = post(client, ArticleFactory(), timestamp=timestamp)
    assertContains(response, message, status_code=400)
    assertContains(response, "Season two cannot come soon enough.</textarea>", status_code=400)
    assert not Comment.objects.exists()


def test_a_stale_form_comes_back_with_a_fresh_timestamp_that_then_works(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    stale = sign_timestamp(time.time() - 2 * 24 * 3600)

    response = post(client, article, timestamp=stale)
    fresh = re.search(r'name="timestamp" value="([^"]+)"', response.content.decode()).group(1)

    assert fresh != stale
    assert timestamp_age(fresh) < 60
    assert post(client, article, timestamp=fresh).status_code == 302


def test_minimum_seconds_is_a_setting(client, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    assert post(client, ArticleFactory(), timestamp=sign_timestamp()).status_code == 302


def test_form_token_endpoint_gives_a_fresh_csrf_token_and_timestamp_and_is_never_cached(client):
    response = client.get(reverse("comments:form-token"))
    payload = response.json()
    assert payload["csrf_token"]
    assert 0 <= timestamp_age(payload["timestamp"]) < 5
    assert "no-cache" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_the_form_knows_where_to_refresh_its_tokens(client):
    html = client.get(ArticleFactory().get_absolute_url()).content.decode()
    assert f'data-token-url="{reverse("comments:form-token")}"' in html


# Flood control -----------------------------------------------------------------------------------


def test_second_comment_within_15_seconds_from_one_ip_gets_429(client):
    article = ArticleFactory()
    assert post(client, article).status_code == 302

    response = post(client, article, email="someone.else@example.com", body="Another thing")

    assertContains(response, FLOOD_MESSAGE, status_code=429)
    assertContains(response, "Another thing</textarea>", status_code=429)
    assert Comment.objects.count() == 1


def test_second_comment_within_15_seconds_from_one_email_gets_429_from_another_ip(client):
    article = ArticleFactory()
    assert post(client, article, ip="198.51.100.1").status_code == 302
    response = post(client, article, ip="203.0.113.9", email="MINJI@example.com", body="Again")
    assert response.status_code == 429
    assert Comment.objects.count() == 1


def test_flood_window_is_per_address_and_email(client):
    article = ArticleFactory()
    assert post(client, article, ip="198.51.100.1").status_code == 302
    assert post(client, article, ip="198.51.100.2", email="b@example.com").status_code == 302


def test_per_ip_limit_per_minute_holds_even_without_the_15_second_rule(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_RATE_LIMITS = [(3, 60)]
    article = ArticleFactory()
    for number in range(3):
        assert (
            post(client, article, email=f"r{number}@example.com", body=f"Comment {number}").status_code == 302
        )

    response = post(client, article, email="r9@example.com", body="One too many")

    assert response.status_code == 429
    assert Comment.objects.count() == 3


def test_invalid_forms_do_not_use_up_the_flood_allowance(client):
    article = ArticleFactory()
    assert post(client, article, email="wrong").status_code == 400
    assert post(client, article).status_code == 302


def test_duplicate_comment_is_refused(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = ArticleFactory()
    CommentFactory(article=article, email="minji@example.com", body="Season two cannot come soon enough.")

    response = post(client, article, email="MinJi@Example.com")

    assertContains(response, MESSAGES["duplicate"], status_code=400)
    assert Comment.objects.count() == 1


def test_same_body_on_another_article_or_from_another_email_is_no_duplicate(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    CommentFactory(email="minji@example.com", body="Season two cannot come soon enough.")
    article = ArticleFactory()
    CommentFactory(article=article, email="other@example.com", body="Season two cannot come soon enough.")
    assert post(client, article).status_code == 302


# Hostile and oversized text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("body", "Hello\x00world", "Null characters are not allowed."),
        ("body", "Hello\x07world", MESSAGES["body_controls"]),
        ("body", "Price \u202e0001$ \u202c", MESSAGES["body_controls"]),
        ("body", "Isolate \u2067text\u2069", MESSAGES["body_controls"]),
        ("name", "Min\r\nBcc: victim@example.com", MESSAGES["name_controls"]),
        ("name", "Min\tji", MESSAGES["name_controls"]),
        ("name", "\u202eij-niM", MESSAGES["name_controls"]),
        ("email", "minji@example.com\r\nBcc: victim@example.com", MESSAGES["email_invalid"]),
        ("email", "' OR 1=1 --", MESSAGES["email_invalid"]),
        ("website", "https://exa mple.com", MESSAGES["website_invalid"]),
    ],
)
def test_control_characters_and_bad_addresses_are_refused(client, field, value, message):
    response = post(client, ArticleFactory(), **{field: value})
    assertContains(response, message, status_code=400)
    assert not Comment.objects.exists()


def test_line_breaks_and_tabs_in_a_body_are_kept_exactly(client):
    body = "First paragraph.\r\n\r\nSecond\tparagraph with a tab."
    post(client, ArticleFactory(), body=body)
    assert Comment.objects.get().body == body


def test_sql_fragments_are_stored_as_sent(client):
    body = 'Robert\'); DROP TABLE comments_comment;-- " OR "1"="1'
    post(client, ArticleFactory(), body=body, name="x' OR '1'='1")
    comment = Comment.objects.get()
    assert (comment.body, comment.name) == (body, "x' OR '1'='1")


def test_oversized_post_of_every_field_is_refused_without_a_500(client):
    response = post(
        client,
        ArticleFactory(),
        body="b" * 100_000,
        name="n" * 10_000,
        email="e" * 5_000 + "@example.com",
        website="https://" + "w" * 5_000 + ".com",
        parent="9" * 1000,
        timestamp="t" * 10_000,
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


# Closed comments ---------------------------------------------------------------------------------


def test_comments_close_after_the_configured_number_of_days(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    old = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=15))
    fresh = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=13))
    CommentFactory(article=old, name="Early Bird")

    page = client.get(old.get_absolute_url())
    assertContains(page, "Comments are closed.")
    assertNotContains(page, "Post Comment")
    assertNotContains(page, "replytocom=")
    assertContains(page, "Early Bird")
    refused = post(client, old)
    assertContains(refused, ">Comments are closed</h1>", status_code=403)
    assertContains(refused, "Season two cannot come soon enough.</textarea>", status_code=403)
    assert not Comment.objects.filter(article=old, name="Min-ji").exists()
    assertContains(client.get(fresh.get_absolute_url()), "Post Comment")


def test_editors_can_close_comments_on_an_article(client):
    article = ArticleFactory()
    article.comments_enabled = False
    if "comments_enabled" in {field.name for field in type(article)._meta.fields}:
        article.save()
        response = client.post(
            reverse("comments:post", kwargs={"article_id": article.pk}), data(), REMOTE_ADDR="198.51.100.1"
        )
        assert response.status_code == 403
        assert not Comment.objects.exists()
    from comments.threads import comments_open

    assert comments_open(article) is False


def test_comments_on_a_scheduled_article_are_refused(client):
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    assert post(client, article).status_code == 404
    assert not Comment.objects.exists()


def test_post_url_with_a_huge_article_id_is_not_found(client):
    response = client.post("/comments/post/99999999999999999999999/", data())
    assert response.status_code == 404


def test_a_stale_csrf_token_gives_the_form_back_with_the_input_and_a_fresh_token(db):
    from django.test import Client

    article = ArticleFactory()
    stale_page = Client(enforce_csrf_checks=True)
    stale_page.cookies["csrftoken"] = "x" * 32
    values = data(body="Typed before the token went stale", csrfmiddlewaretoken="y" * 32)

    response = stale_page.post(reverse("comments:post", kwargs={"article_id": article.pk}), values)

    assertContains(response, "Please try again", status_code=403)
    assertContains(response, "Typed before the token went stale</textarea>", status_code=403)
    assert not Comment.objects.exists()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    retry = stale_page.post(
        reverse("comments:post", kwargs={"article_id": article.pk}), {**values, "csrfmiddlewaretoken": token}
    )
    assert retry.status_code == 302
    assert Comment.objects.get().body == "Typed before the token went stale"


def test_behind_a_proxy_the_configured_header_gives_the_readers_address(client, settings):
    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    article = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_id": article.pk})
    client.post(url, data(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.5")
    assert Comment.objects.get().ip_address == "203.0.113.5"
    other = client.post(
        url,
        data(email="b@example.com", body="Other"),
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.6",
    )
    assert other.status_code == 302


def test_without_a_proxy_setting_forwarded_headers_are_ignored(client):
    article = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_id": article.pk})
    client.post(url, data(), REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert Comment.objects.get().ip_address == "198.51.100.9"
