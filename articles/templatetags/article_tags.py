from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core import jsonld
from core.paths import path_for
from core.renditions import picture
from core.templatetags.cards import time_element

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


@register.simple_tag
def toc_items(toc):
    """The ``<li>`` of each entry of an article's table of contents (``Article.toc``): as a
    template loop, three lookups an entry cost more than the rest of the header."""
    return mark_safe(
        "".join(
            f'<li class="toc__item toc__item--h{conditional_escape(entry.get("level", ""))}">'
            f'<a href="#{conditional_escape(entry.get("id", ""))}">{conditional_escape(entry.get("title", ""))}</a></li>'
            for entry in toc
        )
    )


@register.simple_tag
def related_items(stories):
    """The ``<li>`` of each related story (``articles.models.related_stories``) in the article's
    rail: its link, section, date and small picture, written as the template loop wrote them
    (five lookups, a ``<time>`` and a picture a story)."""
    parts = []
    for story in stories:
        image = story.hero_image
        thumbnail = (
            picture(image.storage, image.name, story.hero_width, story.hero_height, sizes="96px")
            if image
            else ""
        )
        parts.append(
            f'<li><a href="{conditional_escape(story.get_absolute_url())}">{conditional_escape(story.title)}</a>'
            f'<span class="meta">{conditional_escape(story.category_name)} · {time_element(story.published_at)}</span>'
            f"{conditional_escape(thumbnail)}</li>"
        )
    return mark_safe("".join(parts))
