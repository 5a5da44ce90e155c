from django import template
from django.conf import settings
from django.templatetags.static import static

from core import jsonld
from core.paths import path_for

register = template.Library()


@register.simple_tag(takes_context=True)
def article_json_ld(context, article, tags=None):
    """schema.org NewsArticle for search engines, as a JSON-LD data block (``tags``: the article's,
    when the page has them already)."""
    request = context["request"]
    author = article.author_profile
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.meta_description,
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "datePublished": article.published_at.isoformat() if article.published_at else None,
        "dateModified": article.modified_at.isoformat() if article.modified_at else None,
        "author": [
            {
                "@type": "Person",
                "name": author.display_name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
        ],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri(path_for("home")),
            "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static("img/favicon.svg"))},
        },
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in (article.tags.all() if tags is None else tags)],
    }
    if article.hero_image:
        data["image"] = [request.build_absolute_uri(article.hero_image.url)]
    return jsonld.script(data)


@register.simple_tag(takes_context=True)
def absolute(context, url):
    """An absolute URL for ``url`` on this site (canonical links, Open Graph)."""
    return context["request"].build_absolute_uri(url)
