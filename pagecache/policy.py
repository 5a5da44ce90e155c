"""Which pages anonymous readers may get from the cache, and what each depends on."""

import functools
from dataclasses import dataclass

# Every page shows the site's content (menus, cards, fact boxes): any edit may change it.
SITE = "site"
# Comment counts on cards and lists, and the feed of the latest comments.
COMMENTS = "comments"


@dataclass(frozen=True)
class Policy:
    # Tags the page depends on; "{name}" is filled from the URL's keyword arguments.
    tags: tuple = (SITE, COMMENTS)
    # Query parameters that change the page; any other parameter is ignored (utm_source…).
    params: tuple = ()

    def tags_for(self, kwargs):
        return [tag.format(**kwargs) for tag in self.tags]


# Query parameters that show one reader their own things on any page (comments registers the
# one that shows a commenter their held comment): such a request is never served from the cache.
PER_READER_PARAMS = set()


def per_reader_param(name):
    PER_READER_PARAMS.add(name)


def readers_page(view=None, **options):
    """A view that anonymous readers may get from the shared cache (the view itself is unchanged)."""

    def mark(view):
        @functools.wraps(view)
        def page(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        page.page_cache_policy = Policy(**options)
        return page

    return mark(view) if view is not None else mark


def policy_of(view):
    return getattr(view, "page_cache_policy", None)
