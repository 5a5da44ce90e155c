from django.contrib.sites.shortcuts import get_current_site
from django.contrib.syndication.views import Feed, add_domain
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.utils.http import http_date

from pagecache.fragments import kept_response

FEED_LENGTH = 20


class QuickFeed(Feed):
    """Django's ``Feed`` (its channel, its XML), with each item read in one call.

    Django's ``get_feed`` asks some fifteen ``item_*`` attributes of every item, each through a
    look-up that inspects the method's signature; with the XML written a token at a time into the
    response, that was most of a feed's cost. Here ``item_fields(item)`` gives ``add_item``'s
    keywords at once (``link`` a path: the site's domain is added, and it is the guid as in
    Django), and the XML is written to a string and handed over whole. Same bytes, same headers
    (every feed here dates its items, so each has a Last-Modified).
    """

    # Whether the feed, once kept (pagecache.fragments.kept_response), is also kept in each
    # process's memory: not for feeds of which there is one per article or show.
    kept_in_memory = True

    def item_fields(self, item):
        raise NotImplementedError

    def __call__(self, request, *args, **kwargs):
        # Kept whole: its items, channel and Last-Modified come from the data its page's tags
        # cover, and its links from the host it was asked on (part of the key).
        return kept_response(
            request, lambda: self.render(request, *args, **kwargs), memory=self.kept_in_memory
        )

    def render(self, request, *args, **kwargs):
        try:
            obj = self.get_object(request, *args, **kwargs)
        except ObjectDoesNotExist:
            raise Http404("Feed object does not exist.") from None
        feed = self.get_feed(obj, request)
        # As Django's writer into the response encodes it (utf-8, character references for the rest).
        xml = feed.writeString("utf-8").encode("utf-8", "xmlcharrefreplace")
        response = HttpResponse(xml, content_type=feed.content_type)
        response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)  # the channel: see _get_dynamic_attr
        domain, secure = get_current_site(request).domain, request.is_secure()
        for item in super()._get_dynamic_attr("items", obj):
            fields = self.item_fields(item)
            link = add_domain(domain, fields.pop("link"), secure)
            feed.add_item(link=link, unique_id=link, **fields)
        return feed

    def _get_dynamic_attr(self, attname, obj, default=None):
        if attname == "items":
            return ()  # Django's loop gets none: get_feed adds them, one call each
        return super()._get_dynamic_attr(attname, obj, default)


class StoryFeed(QuickFeed):
    """A feed of stories, summaries only. Its items are anything that offers ``title``, ``summary``,
    ``published_at``, ``modified_at``, ``byline`` (the author's name) and ``section`` (its category's
    name), and ``get_absolute_url()``; subclasses say which items, with what title and link."""

    def item_fields(self, story):
        return {
            "title": story.title,
            "link": story.get_absolute_url(),
            "description": story.summary,
            "pubdate": story.published_at,
            "updateddate": story.modified_at,
            "author_name": story.byline,
            "categories": [story.section],
        }
