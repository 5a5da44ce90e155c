"""core.templatetags.home_boxes: the markup the home template's loops wrote, byte for byte."""

import pytest
from django.template import engines

from aouad_site.views import home_shows, upcoming_seasons
from articles.cards import most_commented_cards
from articles.models import Article
from core.templatetags.home_boxes import most_commented_items, poster_row, upcoming_items
from shows.models import Season, Show
from tests.factories import ArticleFactory, SeasonFactory, ShowFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

# The loops as home.html had them, indentation included.
TEMPLATE_LOOPS = {
    "upcoming": """{% load cards pictures %}
          {% for season in upcoming_seasons %}
            <li class="thumb-list__poster"><a href="{{ season.get_absolute_url }}">{{ season.show.title }}: {{ season.name }}</a><span class="meta">{% season_release season %} · {{ season.release_facts.status }}</span>{% if season.poster %}{% picture season.poster season.poster_width season.poster_height sizes="64px" %}{% elif season.show.poster %}{% picture season.show.poster season.show.poster_width season.show.poster_height sizes="64px" %}{% endif %}</li>
          {% endfor %}
""",
    "most_commented": """{% load pictures %}
          {% for article in most_commented %}
            <li><a href="{{ article.get_absolute_url }}">{{ article.title }}</a><span class="meta">{{ article.comment_count }} comment{{ article.comment_count|pluralize }}</span>{% if article.hero_image %}{% picture article.hero_image article.hero_width article.hero_height sizes="96px" %}{% endif %}</li>
          {% endfor %}
""",
    "shows": """{% load pictures %}
    {% for show in shows %}
      <li class="poster-card">
        {% if show.poster %}{% picture show.poster show.poster_width show.poster_height sizes="192px" %}{% else %}<span class="poster-card__blank" aria-hidden="true">{{ show.title|slice:":1" }}</span>{% endif %}
        <a class="poster-card__title" href="{{ show.get_absolute_url }}">{{ show.title }}</a>
        <span class="meta">{% if show.platform %}{{ show.platform }} · {% endif %}{{ show.get_status_display }}</span>
      </li>
    {% empty %}
      <li>No shows yet.</li>
    {% endfor %}
""",
}


def by_template(name, **context):
    return engines["django"].from_string(TEMPLATE_LOOPS[name]).render(context)


def test_the_boxes_write_what_the_loops_did(clock):
    assert poster_row([]) in by_template("shows", shows=[])
    pictured = ShowFactory(title="Éclat & <Co>", platform="Netflix, Viki")
    Show.objects.filter(pk=pictured.pk).update(
        poster="shows/posters/eclat.jpg", poster_width=600, poster_height=900
    )
    ShowFactory(title="'Quoted\" show", platform="")
    for number, show in enumerate(Show.objects.all(), start=1):
        SeasonFactory(show=show, number=number, upcoming=True)
    Season.objects.filter(show=pictured).update(
        poster="shows/seasons/s.png", poster_width=300, poster_height=450
    )
    SeasonFactory(show=ShowFactory(title="No date", platform=""), number=1, missed=True)
    for count in (1, 2):
        story = ArticleFactory(title=f"Story <{count}> & 'more'")
        Article.objects.filter(pk=story.pk).update(comment_count=count)
    Article.objects.filter(title="Story <2> & 'more'").update(
        hero_image="articles/heroes/a.jpg", hero_width=1200, hero_height=675
    )

    seasons, shows, commented = upcoming_seasons(clock.now.date()), home_shows(), most_commented_cards(5)
    assert len(seasons) == 3 and len(shows) == 3 and len(commented) == 2

    assert by_template("upcoming", upcoming_seasons=seasons) == f"\n          {upcoming_items(seasons)}\n"
    assert (
        by_template("most_commented", most_commented=commented)
        == f"\n          {most_commented_items(commented)}\n"
    )
    assert [platform for _show, platform in shows] == [show.platform for show, _platform in shows]
    assert by_template("shows", shows=[show for show, _ in shows]) == f"\n    {poster_row(shows)}\n"
