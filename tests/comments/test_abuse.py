"""Comments that cannot be turned against readers (issue 11): reports that queue rather than
silence, a known commenter only with proof, a held comment shown only to the browser that
posted it and without links, and limits that hold across processes."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from comments import lifecycle
from comments.models import Comment
from comments.moderation import POSTED_COOKIE, QUERY_PARAM, posted_cookie_value, token_for
from tests.comments.conftest import as_author_of, post
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _desk(settings):
    """Moderators to email (no staff user in these tests: the managers are told)."""
    settings.MANAGERS = [("Desk", "desk@example.com")]
    settings.COMMENTS_REPORTS_TO_HIDE = 5


def report(client, comment, ip, **headers):
    return client.post(
        reverse("comments:report", kwargs={"pk": comment.pk}),
        {"reason": "abuse"},
        REMOTE_ADDR=ip,
        follow=True,
        **headers,
    )


def reported_emails():
    return [message for message in mail.outbox if "report" in message.subject]


# Reports --------------------------------------------------------------------------------------------------


def test_reports_from_many_addresses_of_one_network_queue_the_comment_but_never_hide_it(
    client, django_capture_on_commit_callbacks
):
    comment = CommentFactory(body="Unpopular but fair")
    with django_capture_on_commit_callbacks(execute=True):
        for host in range(1, 21):
            report(client, comment, ip=f"203.0.113.{host}")
        for subnet in range(1, 21):  # twenty /64s of one routed IPv6 /48
            report(client, comment, ip=f"2001:db8:77:{subnet:x}::1")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.flag_count == 40
    assert list(Comment.objects.reported()) == [comment]
    assertContains(client.get(comment.article.get_absolute_url()), "Unpopular but fair")
    (email,) = reported_emails()  # one email for the first report, not one per reader
    assert email.to == ["Desk <desk@example.com>"]
    assert "stays published" in email.body


def test_reports_from_many_networks_hide_the_comment_and_tell_the_moderators(
    client, django_capture_on_commit_callbacks
):
    comment = CommentFactory(body="Truly abusive")
    with django_capture_on_commit_callbacks(execute=True):
        for network in range(1, 5):
            assert (
                "Moderators will review" in report(client, comment, ip=f"198.51.{network}.9").content.decode()
            )
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
        response = report(client, comment, ip="2001:db8:99::1")  # a fifth network
    assertContains(response, "hidden until a moderator reviews it")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assertNotContains(client.get(comment.article.get_absolute_url()), "Truly abusive")
    assert ["hidden" in email.subject for email in reported_emails()] == [False, True]


def test_a_comment_a_moderator_approved_stays_up_whatever_the_reports(
    client, django_capture_on_commit_callbacks
):
    comment = CommentFactory(body="Approved by the desk", status=Comment.Status.PENDING)
    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        for network in range(1, 11):
            report(client, comment, ip=f"198.51.{network}.9")
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Comment.Status.APPROVED, 10)
    assert list(Comment.objects.reported()) == [comment]
    assertContains(client.get(comment.article.get_absolute_url()), "Approved by the desk")
    (email,) = reported_emails()
    assert "stays published" in email.body and "Approved by the desk" in email.body


def test_a_reader_cannot_report_twice_by_writing_a_forwarded_header(client):
    """No proxy is configured: X-Forwarded-For is the client's own words, and counts for nothing."""
    comment = CommentFactory()
    report(client, comment, ip="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    response = report(client, comment, ip="198.51.100.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    assertContains(response, "You have already reported this comment.")
    assert comment.flags.count() == 1


# Known commenters -----------------------------------------------------------------------------------------


def test_a_forged_known_commenter_is_held_like_a_first_comment(settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    article = ArticleFactory()
    regular = CommentFactory(article=article, name="Min-ji", email="minji@example.com")

    impostor = Client()  # right name and email, but not the browser that posted them
    post(impostor, article, body="Visit my shop", ip="203.0.113.50")
    forged = Comment.objects.get(body="Visit my shop")
    assert forged.status == Comment.Status.PENDING
    assert "known commenter" in forged.moderation_reason

    stolen = Client()  # a cookie of someone else's approved comment proves nothing for this email
    as_author_of(stolen, CommentFactory(email="other@example.com"))
    post(stolen, article, body="Still not Min-ji", ip="203.0.113.51")
    assert Comment.objects.get(body="Still not Min-ji").status == Comment.Status.PENDING

    tampered = Client()
    tampered.cookies[POSTED_COOKIE] = posted_cookie_value([regular.pk])[:-2] + "xx"
    post(tampered, article, body="Forged signature", ip="203.0.113.52")
    assert Comment.objects.get(body="Forged signature").status == Comment.Status.PENDING

    real = Client()
    as_author_of(real, regular)
    post(real, article, body="The real Min-ji", ip="198.51.100.1")
    assert Comment.objects.get(body="The real Min-ji").status == Comment.Status.APPROVED


def test_the_cookie_set_with_a_comment_makes_its_author_known_once_it_is_approved(client, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_RATE_LIMITS = []
    article = ArticleFactory()
    response = post(client, article, body="My first")
    cookie = response.cookies[POSTED_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["max-age"] > 0
    assert "minji" not in cookie.value  # names comments, not the commenter
    first = Comment.objects.get(body="My first")
    post(client, article, body="Too soon")
    assert Comment.objects.get(body="Too soon").status == Comment.Status.PENDING

    lifecycle.moderate(Comment.objects.filter(pk=first.pk), Comment.Status.APPROVED)
    for number in range(12):  # a run of held comments (links) never loses the proof
        post(client, article, body=f"Links {number}: a.example b.example c.example")
    post(client, article, body="Now I am known")
    assert Comment.objects.get(body="Now I am known").status == Comment.Status.APPROVED


# Held comments --------------------------------------------------------------------------------------------


def test_a_moderation_link_opened_in_another_browser_shows_nothing_and_is_never_cached(client):
    article = ArticleFactory()
    location = post(client, article, body="Held for now")["Location"]
    assert f"{QUERY_PARAM}=" in location

    mine = client.get(location)
    assertContains(mine, "Held for now")
    assertContains(mine, "Your comment is awaiting moderation.")

    for _attempt in range(2):
        theirs = Client().get(location)
        assert theirs.status_code == 200
        assert theirs["X-Page-Cache"] == "bypass"
        assert "private" in theirs["Cache-Control"]
        assertNotContains(theirs, "Held for now")
        assertNotContains(theirs, "awaiting moderation")


def test_a_forged_cookie_cannot_claim_someone_elses_held_comment():
    held = CommentFactory(status=Comment.Status.PENDING, body="Someone's held words")
    other = Client()
    other.cookies[POSTED_COOKIE] = f"[{held.pk}]"
    response = other.get(held.article.get_absolute_url(), {QUERY_PARAM: token_for(held)})
    assertNotContains(response, "Someone's held words")


def test_links_in_a_held_comment_are_plain_text_until_it_is_approved(client):
    article = ArticleFactory()
    location = post(
        client,
        article,
        body="Win a prize at https://phish.example/login now",
        website="https://phish.example/",
    )["Location"]
    html = client.get(location).content.decode()
    held = Comment.objects.get()
    assert "Win a prize at https://phish.example/login now" in html
    assert 'href="https://phish.example' not in html  # neither the body's link nor the website

    lifecycle.moderate(Comment.objects.filter(pk=held.pk), Comment.Status.APPROVED)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://phish.example/login" rel="nofollow ugc noopener">' in html


# Limits shared by every process ---------------------------------------------------------------------------

LIMIT_SCRIPT = """
import os, sys, time
import django
django.setup()
from django.conf import settings
settings.COMMENTS_FLOOD_SECONDS = 0
settings.COMMENTS_RATE_LIMITS = [(20, 3600)]
settings.COMMENTS_REPORTS_PER_HOUR = 15
from comments.protection import check_flood, check_report_rate
open(sys.argv[2], "w").close()
while not os.path.exists(sys.argv[1]):
    time.sleep(0.01)
posted = sum(check_flood("203.0.113.9", f"p{n}@example.com") for n in range(30))
reported = sum(check_report_rate("203.0.113.9") for n in range(30))
print(posted, reported)
"""


def test_flood_and_report_limits_hold_across_processes(tmp_path):
    """Two workers hammer one address's limits at once: together they accept no more than one would."""
    cache_url = os.environ.get("CACHE_URL", "")
    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "aouad_site.settings",
        "CACHE_URL": cache_url if cache_url.startswith("redis") else f"disk://{tmp_path}/cache",
        "CACHE_KEY_PREFIX": f"limits-{secrets.token_hex(4)}",
        "SQLITE_PATH": str(tmp_path / "unused.sqlite3"),
    }
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", LIMIT_SCRIPT, str(go), str(tmp_path / f"ready-{worker}")],
            env=env,
            cwd=Path(django_settings.BASE_DIR),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(2)
    ]
    deadline = time.monotonic() + 60
    while not all((tmp_path / f"ready-{worker}").exists() for worker in range(2)):
        assert time.monotonic() < deadline, "the workers never started"
        time.sleep(0.05)
    go.touch()  # both have set Django up and wait at the line
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        results.append([int(number) for number in out.split()])
    # Each process alone would accept 20 and 15: together they accept no more.
    assert sum(posted for posted, _reported in results) == 20
    assert sum(reported for _posted, reported in results) == 15


# Unsubscribe links ----------------------------------------------------------------------------------------


def test_an_unsubscribe_link_does_not_carry_the_address_and_expires(client, clock):
    import base64

    from comments.notifications import unsubscribe_token

    CommentFactory(email="fan@example.com", notify=True)
    token = unsubscribe_token("Fan@Example.com")
    assert unsubscribe_token("fan@example.com").split(":")[0] == token.split(":")[0]  # one key per email
    for part in token.split(":"):
        decoded = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        assert b"example.com" not in decoded.lower() and "example" not in part.lower()
    url = reverse("comments:unsubscribe", kwargs={"token": token})

    clock.advance(days=91)
    assertContains(client.post(url), "has expired", status_code=400)
    assert Comment.objects.filter(notify=True).exists()

    fresh = reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token("fan@example.com")})
    assertContains(client.post(fresh), "You are unsubscribed.")
    assert not Comment.objects.filter(notify=True).exists()
