"""articles.templatetags.article_tags: the table of contents and related stories written in Python
are, byte for byte, what the template loops they replaced (kept here) wrote, with hostile values
escaped."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from articles.models import Article
from articles.templatetags.article_tags import related_items, toc_items

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"

TOC = (
    "{% for entry in toc %}"
    '<li class="toc__item toc__item--h{{ entry.level }}"><a href="#{{ entry.id }}">{{ entry.title }}</a></li>'
    "{% endfor %}"
)
RELATED = (
    "{% load cards pictures %}{% for related in related_articles %}"
    '<li><a href="{{ related.get_absolute_url }}">{{ related.title }}</a><span class="meta">'
    "{{ related.category_name }} · {% time_element related.published_at %}</span>"
    '{% if related.hero_image %}{% picture related.hero_image related.hero_width related.hero_height sizes="96px" %}'
    "{% endif %}</li>{% endfor %}"
)


def test_the_table_of_contents_is_what_the_template_wrote():
    toc = [
        {"id": "section-renewal", "title": "Renewal & release", "level": 2},
        {"id": f"section-{HOSTILE}", "title": HOSTILE, "level": 3},
    ]
    written = toc_items(toc)
    assert written == Template(TOC).render(Context({"toc": toc}))
    assert "<script>" not in written and written.count("<li ") == 2
    assert toc_items([]) == ""


def story(title, pictured, slug="a-story"):
    article = Article(
        hero_image="articles/heroes/finale.jpg" if pictured else "", hero_width=1600, hero_height=900
    )
    return SimpleNamespace(
        get_absolute_url=lambda: f"/news/{slug}/",
        title=title,
        category_name=title,
        published_at=datetime.datetime(2026, 1, 5, 23, 30, 7, 5, tzinfo=datetime.UTC),
        hero_image=article.hero_image,
        hero_width=article.hero_width,
        hero_height=article.hero_height,
    )


@pytest.mark.parametrize("pictured", [True, False])
def test_related_stories_are_what_the_template_wrote(pictured):
    stories = [story("Season 2 news", pictured), story(HOSTILE, not pictured, slug=f'x"{HOSTILE}')]
    written = related_items(stories)
    assert written == Template(RELATED).render(Context({"related_articles": stories}))
    assert "<script>" not in written and written.count("<picture") == 1
    assert related_items([]) == ""
