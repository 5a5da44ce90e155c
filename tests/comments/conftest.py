import time

from django.urls import reverse

from articles.models import Article
from comments.moderation import POSTED_COOKIE, posted_cookie_value
from comments.protection import sign_timestamp


def shown_a_minute_ago():
    """The signed timestamp of a form shown a minute ago: neither too fast nor expired."""
    return sign_timestamp(time.time() - 60)


def comment_data(**overrides):
    """What a reader types into the comment form, shown a minute before posting."""
    return {
        "body": "Season two cannot come soon enough.",
        "name": "Min-ji",
        "email": "minji@example.com",
        "timestamp": shown_a_minute_ago(),
        **overrides,
    }


def post(client, article, ip="198.51.100.1", **overrides):
    """Post the comment form of ``article`` from ``ip`` (None: no address at all)."""
    extra = {"REMOTE_ADDR": ip} if ip is not None else {}
    url = reverse("comments:post", kwargs={"article_id": article.pk})
    return client.post(url, comment_data(**overrides), **extra)


def count(article):
    """The article's stored comment count, as cards and lists read it."""
    return Article.objects.get(pk=article.pk).comment_count


def as_author_of(client, *comments):
    """Give ``client`` the signed cookie a browser gets when it posts ``comments``."""
    client.cookies[POSTED_COOKIE] = posted_cookie_value([comment.pk for comment in comments])
