from django.conf import settings
from django.utils.functional import SimpleLazyObject

from articles.models import Category


def site(request):
    # Lazy: pages that never show the menu (feeds, JSON, the admin) never run the query.
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        "menu_sections": SimpleLazyObject(lambda: list(Category.objects.only("name", "slug"))),
    }
