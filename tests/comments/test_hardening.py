"""Regression tests from the review of issue 5: each names the hole it keeps closed."""

import feedparser
import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from comments import lifecycle
from comments.forms import MESSAGES
from comments.models import Comment
from comments.moderation import QUERY_PARAM, token_for
from comments.notifications import UNSUBSCRIBE_SALT, comment_held, moderator_addresses
from comments.protection import FLOOD_MESSAGE
from comments.rendering import count_links
from tests.comments.conftest import as_author_of, count, post
from tests.comments.conftest import comment_data as data
from tests.factories import ArticleFactory, CommentFactory, UserFactory

pytestmark = pytest.mark.django_db


# Feeds ---------------------------------------------------------------------------------------------


def test_feeds_carry_the_escaped_html_not_the_raw_text(client):
    """RSS readers read <description> as HTML: the raw body would run a commenter's script there."""
    article = ArticleFactory(slug="finale")
    CommentFactory(article=article, body="<script>alert(1)</script>\n\nSee https://example.com")
    for url in (reverse("comments:feed"), "/news/finale/comments/feed/"):
        entry = feedparser.parse(client.get(url).content, sanitize_html=False).entries[0]
        assert "<script>" not in entry.description
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entry.description
        assert 'rel="nofollow ugc noopener"' in entry.description


# Links -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "buy-pills.com cheap-pills.net pills.org",
        "mail a@example.com b@example.com c@example.com",
        "www.a.example www.b.example https://c.example",
    ],
)
def test_every_link_the_page_would_make_counts_towards_the_link_limit(body):
    """Bare domains and addresses are linkified too: the "more than 2 links" rule saw none of them."""
    assert count_links(body) == 3


def test_typed_html_links_still_count_towards_the_link_limit():
    assert count_links('<a href="x">one</a> <a href="y">two</a> <A\nhref="z">three</a>') == 3


def test_a_comment_with_three_bare_domains_is_held(client, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    post(client, ArticleFactory(), body="Cheap at buy-pills.com, cheap-pills.net and pills.org")
    assert Comment.objects.get().status == Comment.Status.PENDING


# Website and email ------------------------------------------------------------------------------------


@pytest.mark.parametrize("website", ["ftp://example.com/", "ftps://example.com/", "javascript:alert(1)"])
def test_a_website_must_be_http_or_https(client, website):
    response = post(client, ArticleFactory(), website=website)
    assertContains(response, MESSAGES["website_invalid"], status_code=400)
    assert not Comment.objects.exists()


def test_a_website_that_is_not_http_never_becomes_a_link(client):
    """Comments stored before the form refused other schemes, or typed in the admin."""
    article = ArticleFactory()
    CommentFactory(article=article, name="Old", website="ftp://files.example.com/")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="ftp:' not in html
    assert "Old" in html


@pytest.mark.parametrize(
    "email",
    [
        '"victim@example.org,"@example.com',
        '"a\x01b"@example.com',
        '"a b"@example.com',
        "a\u202e@example.com",
    ],
)
def test_quoted_or_invisible_email_addresses_are_refused(client, email):
    """Quoted local parts may carry commas, @ and control characters into address headers."""
    response = post(client, ArticleFactory(), email=email)
    assertContains(response, MESSAGES["email_invalid"], status_code=400)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("name", ["Eve\u2028Bcc: x@example.com", "Eve\u2029Smith", "Eve\u0085x"])
def test_unicode_line_separators_are_refused_in_names(client, name):
    response = post(client, ArticleFactory(), name=name)
    assertContains(response, MESSAGES["name_controls"], status_code=400)
    assert not Comment.objects.exists()


def test_an_international_name_with_joiners_is_accepted_exactly(client):
    name = "می\u200cخواهم 👩\u200d💻"
    assert post(client, ArticleFactory(), name=name).status_code == 302
    assert Comment.objects.get().name == name


def test_an_article_title_with_line_breaks_stays_out_of_the_headers(settings):
    settings.MANAGERS = [("Desk", "desk@example.com")]
    comment = CommentFactory(status=Comment.Status.PENDING, name="Eve\u2028Bcc: victim@example.com")
    comment.article.title = "Title\u2028X-Injected: yes\r\nBcc: victim@example.com"
    comment_held(comment)
    (message,) = mail.outbox
    headers = message.message().as_string().split("\n\n", 1)[0]
    assert "\nBcc:" not in headers and "\nX-Injected:" not in headers
    assert message.to == ["Desk <desk@example.com>"]


# Flood control and reports keyed by network --------------------------------------------------------------


def test_one_ipv6_network_is_one_reader_for_flood_control(client):
    """Anyone with IPv6 holds a /64: keyed per address, the 15-second rule never held for them."""
    article = ArticleFactory()
    assert post(client, article, ip="2001:db8:1:2::1").status_code == 302
    response = post(client, article, ip="2001:db8:1:2:ffff::9", email="b@example.com", body="Again")
    assertContains(response, FLOOD_MESSAGE, status_code=429)
    assert post(client, article, ip="2001:db8:1:3::1", email="c@example.com", body="Other").status_code == 302


def test_an_ipv4_mapped_address_is_the_ipv4_address(client):
    article = ArticleFactory()
    assert post(client, article, ip="::ffff:198.51.100.7").status_code == 302
    assert Comment.objects.get().ip_address == "198.51.100.7"
    response = post(client, article, ip="198.51.100.7", email="b@example.com", body="Again")
    assert response.status_code == 429


def test_without_any_address_the_per_ip_limits_still_hold(client, settings):
    """A server that gives no REMOTE_ADDR (a Unix socket, no proxy header) used to skip every IP limit."""
    settings.COMMENTS_FLOOD_SECONDS = 0
    settings.COMMENTS_RATE_LIMITS = [(2, 60)]
    article = ArticleFactory()
    for number in range(2):
        assert (
            post(client, article, ip="", email=f"r{number}@example.com", body=f"{number}").status_code == 302
        )
    assert post(client, article, ip="", email="r9@example.com", body="One too many").status_code == 429
    assert Comment.objects.count() == 2
    assert set(Comment.objects.values_list("ip_address", flat=True)) == {None}


def test_an_address_with_a_zone_is_stored_without_it(client, settings):
    settings.COMMENTS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    article = ArticleFactory()
    url = reverse("comments:post", kwargs={"article_id": article.pk})
    response = client.post(url, data(), REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="fe80::1%eth0")
    assert response.status_code == 302
    assert Comment.objects.get().ip_address == "fe80::1"


def test_three_addresses_of_one_ipv6_network_cannot_hide_a_comment(client, settings):
    settings.COMMENTS_REPORTS_TO_HIDE = 3
    comment = CommentFactory()
    url = reverse("comments:report", kwargs={"pk": comment.pk})
    for host in ("1", "2", "3"):
        client.post(url, REMOTE_ADDR=f"2001:db8:5:6::{host}")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert comment.flags.count() == 1


# Comment count, permalinks and feeds when a parent is not published ---------------------------------------


def test_approving_a_reply_whose_parent_is_held_does_not_count_it():
    """The page hides replies under an unpublished comment: the count on cards must agree."""
    article = ArticleFactory()
    top = CommentFactory(article=article, status=Comment.Status.PENDING)
    reply = CommentFactory(article=article, parent=top, status=Comment.Status.PENDING)
    lifecycle.moderate(Comment.objects.filter(pk=reply.pk), Comment.Status.APPROVED)
    assert count(article) == 0
    lifecycle.moderate(Comment.objects.filter(pk=top.pk), Comment.Status.APPROVED)
    assert count(article) == 2


def test_hiding_a_comment_takes_its_replies_out_of_the_count_and_feeds(client):
    article = ArticleFactory(slug="finale")
    top = CommentFactory(article=article)
    reply = CommentFactory(article=article, parent=top, name="Replier")
    deeper = CommentFactory(article=article, parent=reply, name="Deeper")
    CommentFactory(article=article, name="Other")
    assert count(article) == 4

    lifecycle.moderate(Comment.objects.filter(pk=top.pk), Comment.Status.SPAM)

    assert count(article) == 1
    html = client.get(article.get_absolute_url()).content.decode()
    assert "1 comment" in html
    for url in (reverse("comments:feed"), "/news/finale/comments/feed/"):
        authors = [entry.author for entry in feedparser.parse(client.get(url).content).entries]
        assert authors == ["Other"]
    for hidden in (reply, deeper):
        assert client.get(reverse("comments:permalink", kwargs={"pk": hidden.pk})).status_code == 404
        assert client.get(reverse("comments:report", kwargs={"pk": hidden.pk})).status_code == 404


def test_deleting_an_articles_comments_in_the_admin_recounts(admin_client):
    article = ArticleFactory()
    top = CommentFactory(article=article)
    CommentFactory(article=article, parent=top)
    keep = CommentFactory(article=article)
    admin_client.post(
        reverse("admin:comments_comment_changelist"),
        {"action": "delete_selected", "_selected_action": [top.pk], "post": "yes"},
    )
    assert list(Comment.objects.all()) == [keep]
    assert count(article) == 1


# Admin --------------------------------------------------------------------------------------------------


def add_form_values(article, parent=None, **overrides):
    return {
        "status": "approved",
        "name": "Desk",
        "email": "desk@example.com",
        "website": "",
        "body": "From the desk",
        "article": article.pk,
        "parent": parent.pk if parent else "",
        "flags-TOTAL_FORMS": "0",
        "flags-INITIAL_FORMS": "0",
        "flags-MIN_NUM_FORMS": "0",
        "flags-MAX_NUM_FORMS": "1000",
        **overrides,
    }


def test_the_admin_refuses_a_parent_on_another_article(admin_client):
    article = ArticleFactory()
    foreign = CommentFactory()
    response = admin_client.post(reverse("admin:comments_comment_add"), add_form_values(article, foreign))
    assertContains(response, "The comment replied to must be on the same article.")
    assert Comment.objects.count() == 1


def test_the_admin_refuses_a_reply_deeper_than_allowed(admin_client, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    article = ArticleFactory()
    reply = CommentFactory(article=article, parent=CommentFactory(article=article))
    response = admin_client.post(reverse("admin:comments_comment_add"), add_form_values(article, reply))
    assertContains(response, "Replies nest at most 2 deep")
    assert Comment.objects.count() == 2


@pytest.mark.parametrize("field", ["name", "body"])
def test_the_admin_refuses_control_characters(admin_client, field):
    article = ArticleFactory()
    response = admin_client.post(
        reverse("admin:comments_comment_add"), add_form_values(article, **{field: "Bad\x1bthing"})
    )
    assert response.status_code == 200
    assert not Comment.objects.exists()


def test_the_admin_cannot_move_a_comment_under_itself(admin_client):
    """A comment that is its own parent sent ancestors() and the permalink into an endless loop."""
    article = ArticleFactory()
    comment = CommentFactory(article=article)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    values = add_form_values(article, comment, name=comment.name, body=comment.body, email=comment.email)
    response = admin_client.post(url, values)
    assert response.status_code in (200, 302)
    comment.refresh_from_db()
    assert comment.parent_id is None
    assert client_permalink_works(admin_client, comment)


def client_permalink_works(client, comment):
    return client.get(reverse("comments:permalink", kwargs={"pk": comment.pk})).status_code == 302


def test_only_users_with_the_permission_get_moderation_emails(settings):
    settings.MANAGERS = [("Desk", "desk@example.com")]
    writers = Group.objects.get_or_create(name="Writer")[0]
    writers.permissions.add(Permission.objects.get(codename="view_comment"))
    UserFactory(username="writer", is_staff=True).groups.add(writers)
    UserFactory(username="inactive", is_active=False, is_superuser=True)
    assert moderator_addresses() == ["Desk <desk@example.com>"]
    mod = UserFactory(username="mod", first_name="Mo", last_name="Der")
    mod.user_permissions.add(Permission.objects.get(codename="change_comment"))
    assert moderator_addresses() == ["Mo Der <mod@example.com>"]


# Unsubscribe and tokens ---------------------------------------------------------------------------------


def test_an_unsubscribe_token_signed_over_something_else_is_refused(client):
    CommentFactory(email="fan@example.com", notify=True)
    for value in ({"email": "fan@example.com"}, ["fan@example.com"], 42):
        token = signing.dumps(value, salt=UNSUBSCRIBE_SALT)
        response = client.post(reverse("comments:unsubscribe", kwargs={"token": token}))
        assert response.status_code == 400
    assert Comment.objects.filter(notify=True).exists()


def test_an_unsubscribe_token_only_unsubscribes_its_own_email(client):
    from comments.notifications import unsubscribe_token

    CommentFactory(email="fan@example.com", notify=True)
    other = CommentFactory(email="other@example.com", notify=True)
    token = unsubscribe_token("fan@example.com")
    payload, signature = token.rsplit(":", 1)
    forged = f"{unsubscribe_token('other@example.com').rsplit(':', 1)[0]}:{signature}"
    assert client.post(reverse("comments:unsubscribe", kwargs={"token": forged})).status_code == 400
    client.post(reverse("comments:unsubscribe", kwargs={"token": token}))
    other.refresh_from_db()
    assert other.notify


@pytest.mark.parametrize("method", ["head", "options", "put", "delete"])
def test_other_methods_on_comment_urls_are_never_a_500(client, method):
    comment = CommentFactory()
    urls = [
        reverse("comments:post", kwargs={"article_id": comment.article_id}),
        reverse("comments:form-token"),
        reverse("comments:report", kwargs={"pk": comment.pk}),
        reverse("comments:permalink", kwargs={"pk": comment.pk}),
        reverse("comments:feed"),
    ]
    for url in urls:
        assert getattr(client, method)(url).status_code < 500, url


# Query budget with a held reply deep on a later page --------------------------------------------------------


@pytest.mark.parametrize("total", [pytest.param(5, id="5-comments"), pytest.param(500, id="500-comments")])
def test_a_held_deep_reply_on_a_later_page_shows_for_one_more_query(
    client, settings, total, django_assert_num_queries
):
    """Guards against fetching the held comment's parents, or the thread again, to place it."""
    from tests.comments.test_threads import build_threads, queries_for

    settings.COMMENTS_PER_PAGE = 10
    article = ArticleFactory(slug="threads")
    build_threads(article, total)
    baseline = queries_for(client, ArticleFactory(slug="empty").get_absolute_url())
    last_reply = Comment.objects.filter(article=article, depth=2).order_by("-created_at", "-pk").first()
    held = CommentFactory(article=article, parent=last_reply, status=Comment.Status.PENDING, body="Mine")
    redirect_to = post_redirect_for(held)
    as_author_of(client, held)

    with django_assert_num_queries(baseline + 1):
        response = client.get(redirect_to)

    assertContains(response, "Your comment is awaiting moderation.")
    assertContains(response, f'id="comment-{held.pk}"')
    assertNotContains(client.get(article.get_absolute_url(), {"cpage": 99}), "awaiting moderation")


def post_redirect_for(comment):
    from comments.views import _url_after_posting

    # As the view has it: the article read afresh, with its comment count.
    comment = Comment.objects.select_related("article").get(pk=comment.pk)
    return _url_after_posting(comment).split("#")[0]


def test_the_moderation_token_of_a_comment_does_not_show_it_on_another_article(client):
    held = CommentFactory(status=Comment.Status.PENDING, body="Mine")
    other = ArticleFactory()
    response = client.get(other.get_absolute_url(), {QUERY_PARAM: token_for(held)})
    assertNotContains(response, "Mine")


# Odd input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["²", "١", "𝟙", "1\x00", "+1", "1_0", "1" * 25])
def test_a_parent_of_unicode_digits_is_refused_not_a_500(client, value):
    """ "²".isdigit() is true but int("²") raises: that was a 500."""
    article = ArticleFactory()
    CommentFactory(article=article)
    response = post(client, article, parent=value)
    assertContains(response, MESSAGES["parent_missing"], status_code=400)
    assertContains(response, '<input type="hidden" name="parent" id="id_parent">', status_code=400)
    assert Comment.objects.count() == 1


def test_a_nul_in_the_timestamp_gets_the_form_back_with_a_fresh_one(client):
    response = post(client, ArticleFactory(), timestamp="1\x00")
    assertContains(response, MESSAGES["unchecked"], status_code=400)
    assert "\x00" not in response.content.decode()
    assert not Comment.objects.exists()


def test_the_form_token_endpoint_never_touches_the_database(client, django_assert_num_queries):
    """It answers every view of every cached article page: a query here would cost on each one."""
    client.cookies["sessionid"] = "some-session"
    with django_assert_num_queries(0):
        response = client.get(reverse("comments:form-token"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


# Linkification and escaping everywhere ----------------------------------------------------------------------


def anchors(html):
    import re

    return re.findall(r"<a\b[^>]*>", html)


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ('http://x.example/"onmouseover="alert(1)', "&quot;onmouseover=&quot;alert(1)"),
        ("http://x.example/'onmouseover='alert(1)", "onmouseover="),
        ("javascript:alert(1)", "javascript:alert(1)"),
        ("&amp; &lt;b&gt; &#60;script&#62;", "&amp;amp; &amp;lt;b&amp;gt; &amp;#60;script&amp;#62;"),
        ("http://x.example/&lt;script&gt;", "&amp;lt;script&amp;gt;"),
        ("https://x.example/" + "a" * 4900, "a" * 4900),
    ],
)
def test_links_cannot_be_turned_against_readers(body, shown):
    from comments.rendering import render_body

    html = render_body(body)
    assert shown in html
    for anchor in anchors(html):
        # One href, double-quoted, then only the rel we write: nothing typed got into the tag.
        assert anchor.startswith('<a href="http')
        assert anchor.endswith('" rel="nofollow ugc noopener">')
        assert anchor.count('"') == 4
    assert "<script" not in html and 'href="javascript' not in html


def test_hostile_names_and_bodies_are_escaped_in_the_admin(admin_client):
    article = ArticleFactory(title="<b>Title</b>")
    top = CommentFactory(article=article, name="<script>n()</script>", body="<img src=x onerror=b()>")
    reply = CommentFactory(
        article=article, parent=top, email=top.email, name="<i>r</i>", body="<svg onload=c()>"
    )
    pages = [
        admin_client.get(reverse("admin:comments_comment_changelist")),
        admin_client.get(reverse("admin:comments_comment_change", args=[top.pk])),
        admin_client.get(reverse("admin:comments_comment_change", args=[reply.pk])),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        for raw in ("<script>n()", "<img src=x", "<svg onload", "<i>r</i>", "<b>Title</b>"):
            assert raw not in html, raw


def test_the_email_carries_the_text_exactly_as_typed(django_capture_on_commit_callbacks, settings):
    settings.MANAGERS = [("Desk", "desk@example.com")]
    comment = CommentFactory(status=Comment.Status.PENDING, name="A & B", body="<b>5 > 3</b> &amp;")
    comment_held(comment)
    assert "<b>5 > 3</b> &amp;" in mail.outbox[0].body
    assert "A & B" in mail.outbox[0].body


def test_permalink_of_a_third_level_reply_on_a_later_page(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    tops = CommentFactory.create_batch(5, article=article)
    reply = CommentFactory(article=article, parent=tops[4])
    deepest = CommentFactory(article=article, parent=reply)
    response = client.get(reverse("comments:permalink", kwargs={"pk": deepest.pk}))
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=3#comment-{deepest.pk}"
    assertContains(client.get(response["Location"]), f'id="comment-{deepest.pk}"')


@pytest.mark.parametrize("email", ["reader@exämple.com", "reader@xn--exmple-cua.com"])
def test_an_international_email_address_neither_breaks_posting_nor_the_emails(
    client, settings, django_capture_on_commit_callbacks, email
):
    """formataddr() refuses a non-ASCII address: the moderators' email raised after the comment was saved."""
    settings.MANAGERS = [("Desk", "desk@example.com")]
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article, email=email, notify="on")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.email == email
    (held,) = mail.outbox
    assert held.reply_to and "reader@" in held.reply_to[0]
    held.message().as_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        lifecycle.moderate(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    approved = mail.outbox[1]
    assert approved.to and "reader@" in approved.to[0]
    approved.message().as_bytes()


def test_comment_times_are_valid_html_datetimes(client):
    """date:'c' gives microseconds, which HTML's datetime attribute does not allow."""
    import re

    comment = CommentFactory()
    html = client.get(comment.article.get_absolute_url()).content.decode()
    stamp = re.search(r'<a href="/comments/\d+/"><time datetime="([^"]+)"', html).group(1)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp), stamp


# The shared cache down -----------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["rate limits", "pages"])
def test_a_comment_posted_while_the_shared_cache_is_down_is_refused_with_its_text(
    client, settings, monkeypatch, caplog, failing
):
    """The rate limits and the pages a comment changes are in the shared cache: without it the
    comment is not saved, and the reader gets it back to post again, not an error page."""
    import redis

    from comments import protection
    from comments.protection import UNAVAILABLE_MESSAGE
    from pagecache import store

    def down(*args, **kwargs):
        raise redis.ConnectionError("Connection refused")

    article = ArticleFactory()
    if failing == "rate limits":
        monkeypatch.setattr(protection.cache, "add", down)
    else:  # the limits pass; putting the article's pages out of date fails (an approved comment)
        settings.COMMENTS_HOLD_FIRST_COMMENT = False
        monkeypatch.setattr(store, "_replace_tokens", down)

    response = post(client, article, body="Kept through the outage")

    assertContains(response, UNAVAILABLE_MESSAGE, status_code=503)
    assertContains(response, "Kept through the outage", status_code=503)
    assert not Comment.objects.exists()
    assert "the shared cache is unreachable" in caplog.text
