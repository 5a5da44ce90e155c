from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Category
from core.compiled import Compiled
from core.paths import path_for
from pagecache.fragments import cached
from pagecache.policy import SITE


def site(request):
    # Lazy: pages that never show the menu (feeds, JSON, the admin) never ask for it.
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "menu_sections": SimpleLazyObject(lambda: cached(menu_sections, SITE, extra=("menu-sections",))),
    }


# Every page renders the menu when the site has changed: Django took longer to build the query
# than the database to run it (core.compiled).
menu_sql = Compiled(Category)


def menu_sections():
    """[(name, URL)] of the sections, in menu order: kept until the site changes (a renamed or
    new category bumps it), so an uncached page costs no query for its menu."""
    rows = menu_sql.values(("menu",), lambda: Category.objects.values_list("name", "slug"))
    # Category.get_absolute_url's path, without a Category built for each row.
    return [(name, path_for("articles:category", slug=slug)) for name, slug in rows]
