"""shows.templatetags.fact_box: the article's fact box written in Python is, byte for byte, what
the template it replaced (kept here) wrote, in each branch and with hostile values escaped."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from shows.templatetags.fact_box import fact_box

# templates/shows/_fact_box.html as it was, to hold the Python to its output.
TEMPLATE = """<section class="fact-box" aria-labelledby="fact-box-heading">
  <h2 id="fact-box-heading" class="fact-box__heading"><a href="{{ facts.season.get_absolute_url }}">{{ facts.show.title }}: {{ facts.season.name }}</a></h2>
  <dl class="fact-box__list">
    <dt>Status</dt><dd>{{ facts.status }}</dd>
    <dt>{{ facts.release.heading }}</dt><dd>{% if facts.release.day %}<time datetime="{{ facts.release.day|date:'Y-m-d' }}">{{ facts.release.text }}</time>{% else %}{{ facts.release.text }}{% endif %}{% if facts.release.note %} <span class="release__history">({{ facts.release.note }})</span>{% endif %}</dd>
    {% if facts.platform %}<dt>Where to watch</dt><dd>{{ facts.platform }}</dd>{% endif %}
    {% if facts.cast %}
      <dt>{% if facts.season.number > 1 %}Returning cast{% else %}Main cast{% endif %}</dt>
      <dd><ul class="list-unstyled mb-0">{% for credit in facts.cast %}<li><a href="{{ credit.person.get_absolute_url }}">{{ credit.person.name }}</a> as {{ credit.character_name }}</li>{% endfor %}</ul></dd>
    {% endif %}
  </dl>
  <p class="fact-box__source">From our <a href="{{ facts.show.get_absolute_url }}">{{ facts.show.title }}</a> guide, kept up to date.</p>
</section>
"""
HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"


def page(url, **values):
    return SimpleNamespace(get_absolute_url=lambda: url, **values)


def credit(name, character, url="/people/someone/"):
    return SimpleNamespace(person=page(url, name=name), character_name=character)


def facts(number=2, day=None, note="", platform="Netflix", cast=(), hostile=False):
    evil = HOSTILE if hostile else ""
    return SimpleNamespace(
        season=page(
            f'/shows/a/season-{number}/?x=1&y="2"{evil}', name=f"Season {number}{evil}", number=number
        ),
        show=page(f"/shows/a/{evil}", title=f"All of Us Are Dead{evil}"),
        status=f"Renewed{evil}",
        release=SimpleNamespace(heading=f"Release{evil}", text=f"No date yet{evil}", day=day, note=note),
        platform=platform,
        cast=list(cast),
    )


CAST = [credit("Park Ji-hu", "Nam On-jo"), credit(HOSTILE, HOSTILE, url=f"/people/{HOSTILE}/")]


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"hostile": True},
        {"day": datetime.date(2027, 3, 5)},
        {"day": datetime.date(2027, 3, 5), "note": HOSTILE, "hostile": True},
        {"note": "expected 2024–2025; that window passed"},
        {"platform": ""},
        {"platform": HOSTILE},
        {"platform": mark_safe("<b>Netflix</b>")},  # already safe: kept as it is, as the template did
        {"cast": CAST},
        {"cast": CAST, "number": 1},
        {"cast": CAST, "number": 3, "hostile": True, "platform": "", "day": datetime.date(2026, 12, 31)},
    ],
)
def test_the_fact_box_is_what_the_template_wrote(values):
    box = facts(**values)
    expected = Template(TEMPLATE).render(Context({"facts": box}))
    assert fact_box(box) == expected
    assert "<script>" not in fact_box(box)


def test_the_fact_box_names_returning_or_main_cast_by_season_number():
    assert "<dt>Returning cast</dt>" in fact_box(facts(number=2, cast=CAST))
    assert "<dt>Main cast</dt>" in fact_box(facts(number=1, cast=CAST))
    assert "cast</dt>" not in fact_box(facts(cast=()))
