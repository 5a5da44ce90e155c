"""Anonymous readers get pages from the shared cache, with HTTP caching done right (issue 9)."""

import gzip

import pytest
from django.conf import settings
from django.test.signals import template_rendered

from articles.models import Article
from comments.models import Comment
from comments.moderation import QUERY_PARAM, token_for
from tests.comments.conftest import as_author_of
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.usefixtures("clock")

PUBLIC_PAGES = [
    "/",
    "/news/",
    "/news/season-2-is-coming/",
    "/news/category/explainers/",
    "/news/tag/renewals/",
    "/shows/",
    "/shows/zombie-high/",
    "/shows/zombie-high/season-2/",
    "/people/park-ji-hu/",
    "/search/?q=season",
    "/feeds/news/",
    "/feeds/news/atom/",
    "/news/category/explainers/feed/",
    "/shows/zombie-high/feed/",
    "/news/season-2-is-coming/comments/feed/",
    "/comments/feed/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
    "/robots.txt",
    "/shows/zombie-high/releases.ics",
    "/authors/kim-writer/",
    "/api/",
    "/api/openapi.json",
    "/api/shows/",
    "/api/shows/zombie-high/",
    "/api/seasons/?show=zombie-high",
    "/api/episodes/",
    "/api/people/park-ji-hu/",
    "/api/articles/",
]


def directives(response):
    return {word.strip() for word in response.get("Cache-Control", "").split(",") if word.strip()}


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_is_served_from_the_cache_without_cookies(client, site, url):
    first = client.get(url)
    second = client.get(url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    for response in (first, second):
        assert not response.cookies, url
        assert "cookie" not in response.get("Vary", "").lower(), url
        assert "Accept-Encoding" in response["Vary"]
        assert directives(response) >= {"public", "max-age=0", "s-maxage=60", "stale-while-revalidate=30"}
        assert response["ETag"].startswith('"')
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_a_hit_runs_no_query_and_renders_no_template(client, site, django_assert_num_queries):
    url = "/news/season-2-is-coming/"
    client.get(url)
    rendered = []
    template_rendered.connect(lambda sender, template, **kwargs: rendered.append(template.name))
    try:
        with django_assert_num_queries(0):
            response = client.get(url)
    finally:
        template_rendered.receivers.clear()
    assert response["X-Page-Cache"] == "hit"
    assert rendered == []


def test_a_repeat_request_with_the_etag_is_answered_304(client, site):
    url = "/news/season-2-is-coming/"
    etag = client.get(url)["ETag"]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert "public" in directives(response)
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_the_first_request_for_a_page_is_answered_304_too(client, site):
    """The page is rendered and stored, and the reader who already has it gets 304."""
    etag = client.get("/news/")["ETag"]
    from django.core.cache import cache

    from pagecache.store import memory

    cache.clear()
    memory.clear()
    response = client.get("/news/", headers={"If-None-Match": etag})
    assert (response.status_code, response["X-Page-Cache"]) == (304, "miss")


def test_readers_who_accept_gzip_get_the_stored_compressed_copy(client, site):
    url = "/news/season-2-is-coming/"
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content)
    assert zipped["ETag"] != plain["ETag"]  # two representations, two validators
    again = client.get(url, headers={"Accept-Encoding": "gzip", "If-None-Match": zipped["ETag"]})
    assert again.status_code == 304


def test_a_reader_without_gzip_gets_the_page_as_rendered_from_the_compressed_entry(client, site):
    url = "/news/season-2-is-coming/"
    zipped = client.get(url, headers={"Accept-Encoding": "gzip"})
    plain = client.get(url)
    assert (zipped["X-Page-Cache"], plain["X-Page-Cache"]) == ("miss", "hit")
    assert "Content-Encoding" not in plain
    assert plain.content == gzip.decompress(zipped.content)
    assert b"Season 2 is coming" in plain.content
    assert int(plain["Content-Length"]) == len(plain.content)


def test_signed_in_staff_bypass_the_cache_and_are_told_not_to_store(client, site):
    url = "/news/season-2-is-coming/"
    client.get(url)
    client.force_login(UserFactory(is_staff=True))
    response = client.get(url)
    assert response["X-Page-Cache"] == "bypass"
    assert directives(response) >= {"private", "no-store"}


def test_a_commenters_link_to_their_held_comment_is_theirs_alone(client, site):
    article = site["article"]
    held = CommentFactory(article=article, status=Comment.Status.PENDING, body="Mine, for now")
    as_author_of(client, held)
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url(), {QUERY_PARAM: token_for(held)})
    assert response["X-Page-Cache"] == "bypass"
    assert directives(response) >= {"private", "no-store"}
    assert "Mine, for now" in response.content.decode()
    assert "Mine, for now" not in client.get(article.get_absolute_url()).content.decode()


def test_parameters_a_page_does_not_read_share_its_entry_and_those_it_reads_do_not(client, site):
    url = "/news/season-2-is-coming/"
    client.get(url)
    assert client.get(url, {"utm_source": "newsletter"})["X-Page-Cache"] == "hit"
    assert client.get(url, {"replytocom": site["comment"].pk})["X-Page-Cache"] == "miss"
    reply_form = client.get(url, {"replytocom": site["comment"].pk})
    assert reply_form["X-Page-Cache"] == "hit"
    assert "Leave a Reply to First Reader" in reply_form.content.decode()
    assert client.get("/search/", {"q": "season"})["X-Page-Cache"] == "miss"
    assert client.get("/search/", {"q": "zombie"})["X-Page-Cache"] == "miss"
    assert "Zombie High" in client.get("/search/", {"q": "zombie"}).content.decode()


def test_each_host_name_has_its_own_pages(client, site, settings):
    """Pages carry absolute links built from the host: one host's copy is never another's."""
    settings.ALLOWED_HOSTS = ["testserver", "news.example.com"]
    client.get("/news/season-2-is-coming/")
    other = client.get("/news/season-2-is-coming/", HTTP_HOST="news.example.com")
    assert other["X-Page-Cache"] == "miss"
    assert "http://news.example.com/news/season-2-is-coming/" in other.content.decode()


def test_errors_posts_and_private_pages_are_never_stored(client, site):
    assert client.get("/news/no-such-story/").status_code == 404
    assert "X-Page-Cache" not in client.get("/news/no-such-story/")
    token = client.get("/comments/form-token/")
    assert "X-Page-Cache" not in token
    assert client.post("/news/").status_code == 405
    assert client.head("/news/")["X-Page-Cache"] == "miss"  # HEAD reads the cache, never fills it
    client.get("/news/")
    assert client.head("/news/")["X-Page-Cache"] == "hit"


def test_an_old_slug_redirect_is_served_from_the_cache_as_a_redirect(client, site):
    article = site["article"]
    article.slug = "season-2-is-confirmed"
    article.save()
    first = client.get("/news/season-2-is-coming/")
    second = client.get("/news/season-2-is-coming/")
    assert (first.status_code, second.status_code) == (301, 301)
    assert second["X-Page-Cache"] == "hit"
    assert second["Location"] == "/news/season-2-is-confirmed/"


def test_with_the_page_cache_off_pages_are_rendered_every_time(client, site, settings):
    settings.PAGE_CACHE = {**settings.PAGE_CACHE, "ENABLED": False}
    client.get("/news/")
    response = client.get("/news/")
    assert "X-Page-Cache" not in response
    assert not response.cookies


def test_a_render_reads_each_tags_token_once_for_the_page_and_all_its_fragments(client, site, monkeypatch):
    """The page key and the fragments (thread, form, fact box) share one read per tag."""
    from pagecache import store

    reads = []
    real_read = store._read_tokens

    def counting_read(keys):
        reads.extend(keys)
        return real_read(keys)

    monkeypatch.setattr(store, "_read_tokens", counting_read)
    response = client.get("/news/season-2-is-coming/")
    assert response["X-Page-Cache"] == "miss"
    token_reads = [key for key in reads if key.startswith(store.TOKEN_PREFIX)]
    assert token_reads, "the page read no token at all"
    assert len(token_reads) == len(set(token_reads)), token_reads


def test_a_change_made_during_a_request_is_seen_by_the_rest_of_that_request(db):
    from pagecache import store

    with store.request_scope():
        before = store.tokens(["site"])
        store.bump("site")
        after = store.tokens(["site"])
    assert before != after
    assert after == store.tokens(["site"])


def sent(response):
    """What the WSGI server does once the body is sent (the test's database connection is kept
    open, as Django's test client keeps it)."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def test_a_miss_is_stored_once_the_reader_has_it_and_a_failed_store_costs_the_reader_nothing(
    rf, db, monkeypatch, caplog
):
    from django.http import HttpResponse

    from pagecache import store
    from pagecache.middleware import PageCacheMiddleware

    rendered = []

    def render(request):
        rendered.append(request)
        return HttpResponse("<p>" + "news " * 200 + "</p>", content_type="text/html")

    middleware = PageCacheMiddleware(render)
    first = middleware(rf.get("/news/"))
    assert first["X-Page-Cache"] == "miss"
    assert middleware(rf.get("/news/"))["X-Page-Cache"] == "miss", "stored before the reader had it"
    sent(first)
    assert middleware(rf.get("/news/"))["X-Page-Cache"] == "hit"
    assert len(rendered) == 2

    store.bump("site")

    def broken_store(key, entry):
        raise ConnectionError("cache down")

    monkeypatch.setattr(store, "put_page", broken_store)
    response = middleware(rf.get("/news/"))
    sent(response)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "miss")
    assert b"news news" in response.content
    assert "Could not store a page" in caplog.text


def test_fragments_a_render_made_are_stored_once_the_reader_has_the_page(rf, db, monkeypatch, caplog):
    """Within a reader's request a fragment waits for the response to close; a failed write costs
    the reader nothing; outside a request (a command, a shell) it is written at once."""
    from django.http import HttpResponse
    from django.template import engines

    from pagecache import store
    from pagecache.fragments import cached, fragment
    from pagecache.middleware import PageCacheMiddleware

    template = engines["django"].from_string(
        "{% load fragments %}{% fragment timeout box key %}<p>{{ box_rows }}</p>{% endfragment %}"
        "{% fragment timeout box key %}<p>{{ box_rows }}</p>{% endfragment %}"
    )
    rows, computed = [], []

    def render(request):
        key, timeout = fragment("site")
        rows.append("row")
        value = cached(lambda: computed.append(1) or "menu", "site", extra=("test-menu",))
        body = template.render({"timeout": timeout, "key": key, "box_rows": len(rows)}) + value
        return HttpResponse(body + " " * 600, content_type="text/html")

    middleware = PageCacheMiddleware(render)
    monkeypatch.setattr(store, "put_page", lambda key, entry: None)  # every request renders
    first = middleware(rf.get("/news/"))
    # The same fragment twice in one render, and again in the next: this process keeps it at once.
    assert first.content.startswith(b"<p>1</p><p>1</p>menu")
    assert middleware(rf.get("/news/")).content.startswith(b"<p>1</p><p>1</p>menu")
    assert len(computed) == 1
    # Other processes read the shared cache: nothing is written there before the reader has the page.
    fragment_keys = [key for key in store.fragment_memory.entries if "fragment-value" not in key]
    menu_keys = [key for key in store.fragment_memory.entries if "fragment-value" in key]
    assert len(fragment_keys) == len(menu_keys) == 1
    assert store.shared().get_many(fragment_keys + menu_keys) == {}, "kept before the reader had the page"
    sent(first)
    assert set(store.shared().get_many(fragment_keys + menu_keys)) == {*fragment_keys, *menu_keys}

    store.bump("site")
    monkeypatch.setattr(store.shared(), "set_many", lambda *args, **kwargs: 1 / 0)
    response = middleware(rf.get("/news/"))
    sent(response)
    assert response.status_code == 200
    assert "Could not store fragments" in caplog.text

    monkeypatch.undo()
    key, timeout = fragment("site")
    store.write_fragment("outside-a-request", "now", timeout)
    assert store.shared().get("outside-a-request") == "now"


def test_a_new_comment_leaves_kept_searches_alone_and_an_edit_does_not(client, site):
    from pagecache import store

    url = "/search/?q=season"
    assert client.get(url)["X-Page-Cache"] == "miss"
    store.bump("comments")
    assert client.get(url)["X-Page-Cache"] == "hit"
    store.bump("site")
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "core.cache.RedisCache", reason="runs on Redis (CACHE_URL)"
)
def test_on_redis_a_page_served_whole_makes_no_round_trip(client, site, monkeypatch):
    """Its tokens are held by the process while Redis says they are current (core.cache.TrackedReads)."""
    import redis

    url = "/news/season-2-is-coming/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    sent = []
    real_send = redis.connection.AbstractConnection.send_packed_command

    def counting_send(connection, command, *args, **kwargs):
        sent.append(command)
        return real_send(connection, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting_send)
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert sent == []

    Article.objects.filter(slug="season-2-is-coming").first().save()  # an edit: its tags move on
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert sent, "the edit reached Redis"


def test_pages_are_served_uncached_while_the_shared_cache_cannot_be_read(client, site, settings, caplog):
    """A Redis that does not answer (here: nothing listens on its port) makes pages slower, not errors.
    Tokens, pages, fragments and the next change are all read from it; each failure means render."""

    settings.CACHES = {
        **settings.CACHES,
        settings.PAGE_CACHE["CACHE"]: {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    for url in (
        "/news/season-2-is-coming/",
        "/news/season-2-is-coming/",
        "/shows/zombie-high/season-2/",
        "/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Page-Cache") != "hit"
    assert site["article"].title in client.get("/news/season-2-is-coming/").content.decode()
    assert caplog.text.count("cannot read the shared cache") == 1  # once a minute, not once a request


def test_a_fragment_or_page_read_that_fails_is_rendered(rf, db, monkeypatch):
    from pagecache import expiry, store

    class Down:
        def get(self, *args, **kwargs):
            raise OSError("disk gone")

    monkeypatch.setattr(store, "shared", lambda: Down())
    assert store.read_fragment("some-fragment") is None
    store._paused_until = 0.0  # each read on its own, not skipped by the pause the first one began
    assert store.get_page("some-page") is None
    store._paused_until = 0.0
    coming = expiry.next_change()
    assert store.next_change("some-token") == (coming.timestamp() if coming else None)


def test_after_a_failed_read_readers_leave_the_shared_cache_alone_for_a_few_seconds(
    client, site, monkeypatch
):
    """A Redis that does not answer costs each request its timeouts: after one failure, pages are
    served uncached without asking it, until the pause is over and it is asked again."""
    import time

    from pagecache import store

    asked = []

    class Down:
        def __getattr__(self, name):
            def method(*args, **kwargs):
                asked.append(name)
                raise OSError("no answer")

            return method

    monkeypatch.setattr(store, "shared", lambda: Down())
    url = "/news/season-2-is-coming/"
    assert client.get(url).status_code == 200
    failed = len(asked)
    assert failed == 1  # the tokens' read, and nothing after it
    for _ in range(3):
        assert client.get(url).status_code == 200
    assert len(asked) == failed, asked

    later = time.monotonic() + store.PAUSE_SECONDS
    monkeypatch.setattr(store.time, "monotonic", lambda: later)
    assert client.get(url).status_code == 200
    assert len(asked) == failed + 1
