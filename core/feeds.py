from django.contrib.syndication.views import Feed

FEED_LENGTH = 20


class StoryFeed(Feed):
    """A feed of stories, summaries only. Its items are anything that offers ``title``, ``summary``,
    ``published_at``, ``modified_at``, ``byline`` (the author's name) and ``section`` (its category's
    name), and ``get_absolute_url()``; subclasses say which items, with what title and link."""

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.summary

    def item_pubdate(self, story):
        return story.published_at

    def item_updateddate(self, story):
        return story.modified_at

    def item_author_name(self, story):
        return story.byline

    def item_categories(self, story):
        return [story.section]
