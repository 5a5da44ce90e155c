"""How comments read (text, links, avatars), their feeds, readers' reports and IP retention."""

import datetime
import io
from html import escape

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from comments import lifecycle
from comments.models import Comment, CommentFlag
from comments.protection import REPORT_FLOOD_MESSAGE
from comments.retention import anonymize_ip
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def test_paragraphs_are_kept_and_links_made_clickable_but_not_endorsed(client):
    article = ArticleFactory()
    CommentFactory(article=article, body="First line\nsecond line\n\nSee https://example.com/a?b=1&c=2 now")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<p>First line<br>second line</p>" in html
    assert (
        '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.com/a?b=1&amp;c=2</a>'
        in html
    )


def test_typed_html_links_stay_text(client):
    article = ArticleFactory()
    CommentFactory(
        article=article,
        body='<a href="javascript:alert(1)" rel="nofollow">x</a> <img src=x onerror=alert(1)>',
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="javascript' not in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_avatar_is_made_from_initials_and_a_colour_from_the_email(client):
    article = ArticleFactory()
    one = CommentFactory(article=article, name="Lee Su-hyeok", email="Same@Example.com")
    two = CommentFactory(article=article, name="someone", email="same@example.com")
    html = client.get(article.get_absolute_url()).content.decode()
    assert one.avatar_colour == two.avatar_colour
    assert f'<span class="avatar avatar--{one.avatar_colour}" aria-hidden="true">LS</span>' in html
    assert 'aria-hidden="true">S</span>' in html
    assert "gravatar" not in html.lower()
    assert "same@example.com" not in html.lower()


def test_avatar_colour_differs_between_emails():
    colours = {CommentFactory.build(email=f"reader{n}@example.com").avatar_colour for n in range(40)}
    assert len(colours) > 5


def test_commenter_website_link_is_not_endorsed(client):
    article = ArticleFactory()
    CommentFactory(article=article, website="https://blog.example.com/", name="Blogger")
    assertContains(
        client.get(article.get_absolute_url()),
        '<a href="https://blog.example.com/" rel="nofollow ugc noopener">Blogger</a>',
    )


# Feeds ---------------------------------------------------------------------------------------------


def test_article_comments_feed_lists_only_its_approved_comments(client):
    article = ArticleFactory(slug="finale")
    CommentFactory(article=article, name="Shown", body="Visible <b>text</b>")
    CommentFactory(article=article, name="Held", status=Comment.Status.PENDING)
    CommentFactory(name="Elsewhere")

    response = client.get("/news/finale/comments/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert [entry.title for entry in feed.entries] == ["Comment by Shown"]
    assert "/comments/" in feed.entries[0].link
    assert "Comments on" in feed.feed.title


def test_site_comments_feed_lists_approved_comments_of_published_articles(client):
    CommentFactory(name="Shown")
    CommentFactory(name="Draft", article=ArticleFactory(draft=True))
    CommentFactory(name="Spam", status=Comment.Status.SPAM)
    feed = feedparser.parse(client.get(reverse("comments:feed")).content)
    assert [entry.author for entry in feed.entries] == ["Shown"]


def test_comments_feed_of_a_draft_or_missing_article_is_not_found(client):
    ArticleFactory(slug="draft", draft=True)
    assert client.get("/news/draft/comments/feed/").status_code == 404
    assert client.get("/news/missing/comments/feed/").status_code == 404


def test_article_page_links_its_comments_feed(client):
    article = ArticleFactory(slug="finale")
    assertContains(client.get(article.get_absolute_url()), 'href="/news/finale/comments/feed/"')


# Reports --------------------------------------------------------------------------------------------


def report(client, comment, ip="198.51.100.1", reason="spam"):
    """Report, then follow the way back to the comment, where the outcome is shown."""
    return client.post(
        reverse("comments:report", kwargs={"pk": comment.pk}), {"reason": reason}, REMOTE_ADDR=ip, follow=True
    )


def test_each_comment_links_to_a_page_that_confirms_the_report(client):
    """A link, not a form: the article page is shared from the cache and carries no CSRF token;
    the confirmation page is never cached and has its own."""
    comment = CommentFactory()
    html = client.get(comment.article.get_absolute_url()).content.decode()
    report_url = reverse("comments:report", kwargs={"pk": comment.pk})
    assert (
        f'<a href="{report_url}" aria-label="Report the comment by {escape(comment.name)}">Report</a>' in html
    )
    assert "csrfmiddlewaretoken" not in html.replace('name="csrfmiddlewaretoken" value=""', "")
    confirm = client.get(report_url)
    assertContains(confirm, 'name="csrfmiddlewaretoken" value="')


def test_get_on_the_report_url_asks_for_confirmation(client):
    comment = CommentFactory()
    response = client.get(reverse("comments:report", kwargs={"pk": comment.pk}))
    assertContains(response, "Report this comment")
    assert not CommentFlag.objects.exists()


def test_a_report_is_counted_once_per_reader(client):
    comment = CommentFactory()
    assertContains(report(client, comment), "Moderators will review this comment.")
    assertContains(report(client, comment), "You have already reported this comment.")
    comment.refresh_from_db()
    assert comment.flag_count == 1
    assert comment.status == Comment.Status.APPROVED


def test_reports_from_several_networks_hide_a_comment_until_a_moderator_approves_it(client, settings):
    settings.COMMENTS_REPORTS_TO_HIDE = 3
    comment = CommentFactory(body="Contested words")
    article = comment.article
    for number in range(3):
        report(client, comment, ip=f"198.51.{number}.1")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assertNotContains(client.get(article.get_absolute_url()), "Contested words")
    assert type(article).objects.get(pk=article.pk).comment_count == 0

    lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    comment.refresh_from_db()
    assert comment.flag_count == 0
    report(client, comment, ip="198.51.100.200")
    comment.refresh_from_db()
    assert (comment.status, comment.flag_count) == (Comment.Status.APPROVED, 1)


def test_reports_are_rate_limited_per_reader(client, settings):
    settings.COMMENTS_REPORTS_PER_HOUR = 2
    comments = CommentFactory.create_batch(3)
    report(client, comments[0])
    report(client, comments[1])
    response = report(client, comments[2])
    assertContains(response, REPORT_FLOOD_MESSAGE, status_code=429)
    assert CommentFlag.objects.count() == 2


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.SPAM])
def test_unpublished_comments_cannot_be_reported(client, status):
    comment = CommentFactory(status=status)
    assert report(client, comment).status_code == 404
    assert not CommentFlag.objects.exists()


def test_report_without_csrf_token_is_refused(db):
    from django.test import Client

    comment = CommentFactory()
    response = Client(enforce_csrf_checks=True).post(reverse("comments:report", kwargs={"pk": comment.pk}))
    assert response.status_code == 403
    assert not CommentFlag.objects.exists()


# IP retention ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "anonymized"),
    [("203.0.113.77", "203.0.113.0"), ("2001:db8:85a3:1234:5678::1", "2001:db8:85a3::")],
)
def test_anonymize_ip_keeps_only_the_network(address, anonymized):
    assert anonymize_ip(address) == anonymized


def test_command_anonymizes_addresses_older_than_90_days_only():
    now = timezone.now()
    old = CommentFactory(ip_address="203.0.113.77")
    recent = CommentFactory(ip_address="198.51.100.5")
    Comment.objects.filter(pk=old.pk).update(created_at=now - datetime.timedelta(days=91))
    Comment.objects.filter(pk=recent.pk).update(created_at=now - datetime.timedelta(days=89))
    out = io.StringIO()

    call_command("anonymize_comment_ips", stdout=out)
    call_command("anonymize_comment_ips", stdout=out)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, recent.ip_address) == ("203.0.113.0", "198.51.100.5")
    assert "1 comment(s)" in out.getvalue().splitlines()[0]
    assert "0 comment(s)" in out.getvalue().splitlines()[1]
