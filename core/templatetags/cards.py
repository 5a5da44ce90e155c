"""``{% article_card article %}``: a story card, written in Python.

The card was an ``{% include %}`` in every list's loop (home, news lists, the show, season and
person pages): about 0.3 ms a card for a template context, some thirty lookups, two date filters
and three reversed URLs. This writes the same elements and attributes, with a newline wherever
the template had white space, in a few microseconds. ``lead=True``: the home page's opening
story; ``compact=True``: a small picture beside the headline, its comment count as text.
"""

from html import escape

from django import template
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.safestring import mark_safe

from core.renditions import picture

register = template.Library()

LEAD_SIZES = "(min-width: 1400px) 1130px, (min-width: 992px) 78vw, (min-width: 768px) 930px, 100vw"


@register.simple_tag
def article_card(article, heading_level=3, lead=False, compact=False):
    url = escape(article.get_absolute_url())
    category = article.category
    level = heading_level or 3
    parts = [
        f'\n<article class="article-card{" article-card--lead" if lead else ""}'
        f'{" article-card--compact" if compact else ""}">\n'
    ]
    if article.hero_image:
        sizes = LEAD_SIZES if lead else "120px" if compact else "(min-width: 576px) 360px, 100vw"
        image = article.hero_image
        hero = picture(
            image.storage, image.name, article.hero_width, article.hero_height, sizes=sizes, lead=lead
        )
        parts.append(
            f'<a href="{url}" tabindex="-1" aria-hidden="true" class="article-card__image">\n{hero}\n</a>\n'
        )
    parts.append(
        f'<div class="article-card__body">\n'
        f'<p class="article-card__category"><a href="{escape(category.get_absolute_url())}">'
        f"{escape(category.name)}</a></p>\n"
        f'<h{level} class="article-card__title"><a href="{url}">{escape(article.title)}</a></h{level}>\n'
    )
    if not compact:
        parts.append(f'<p class="article-card__summary">{escape(article.summary)}</p>\n')
    parts.append(f'<p class="meta">{time_element(article.published_at)}')
    if not compact:
        parts.append(f" · {escape(article.byline)}")
    count = article.comment_count
    if count:
        counted = f"{count} comment{'' if count == 1 else 's'}"
        if compact:
            parts.append(f' · <span class="comment-count">{counted}</span>')
        else:
            parts.append(f' · <a href="{url}#comments" class="comment-count">{counted}</a>')
    parts.append("</p>\n</div>\n</article>\n")
    return mark_safe("".join(parts))


@register.simple_tag(name="time_element")
def time_element_tag(moment):
    """``{% time_element moment %}``: the ``<time>`` below, for templates (the article's byline and
    related stories); two ``date`` filters cost some 40 µs."""
    return mark_safe(time_element(moment))


def time_element(moment):
    """``<time>`` of ``moment`` in the site's zone, as the templates' ``date:"j F Y"`` wrote it."""
    local = timezone.localtime(moment)
    return (
        f'<time datetime="{local:%Y-%m-%dT%H:%M:%S}{iso_offset(local)}">'
        f"{local.day} {MONTHS[local.month]} {local.year}</time>"
    )


def iso_offset(moment):
    """The zone offset as Django's ``O`` format writes it: ``+0000``."""
    seconds = int(moment.utcoffset().total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}{minutes:02d}"


@register.simple_tag
def show_cards(cards):
    """The ``<li>`` of each show in the /shows/ grid: poster (the first one eager), title,
    providers, status and the next season's release, from ``shows.grid.ShowCard`` rows."""
    parts = []
    for number, card in enumerate(cards):
        title = escape(card.title)
        if card.poster:
            poster = picture(
                card.poster_storage,
                card.poster,
                card.poster_width,
                card.poster_height,
                alt=card.poster_alt,
                sizes="(min-width: 768px) 270px, 50vw",
                eager=number == 0,
            )
        else:
            poster = f'<span class="poster-card__blank" aria-hidden="true">{escape(card.title[:1])}</span>'
        platform = card.platform
        parts.append(
            f'\n<li class="show-card">\n{poster}\n<div class="show-card__body">\n'
            f'<h2 class="show-card__title"><a href="{escape(card.url)}">{title}</a></h2>\n'
            f'<p class="meta">{f"{escape(platform)} · " if platform else ""}{escape(card.status)}</p>\n'
        )
        season = card.next_season
        if season:
            parts.append(f'<p class="show-card__next">{escape(season.name)}: {season_release(season)}</p>')
        parts.append("\n</div>\n</li>\n")
    return mark_safe("".join(parts))


@register.simple_tag
def season_release(season):
    """A season's release as readers see it today: its day (a ``<time>``), window or "No date
    yet", and a note when a window passed with no release."""
    release = season.release_facts()
    confirmed = " release--confirmed" if season.release_confirmed and not release.passed_window else ""
    text = escape(release.text)
    if release.day:
        text = f'<time datetime="{release.day:%Y-%m-%d}">{text}</time>'
    note = f' <span class="release__history">({escape(release.note)})</span>' if release.note else ""
    # A newline at the end, where the template this replaces had one.
    return mark_safe(f'<span class="release{confirmed}">{text}</span>{note}\n')


# Cast lists (show and season pages): an {% include %} a credit cost about as much as the rest of
# the list's section.
CAST_SIZES = "(min-width: 576px) 180px, 50vw"


@register.simple_tag
def main_cast_items(main_cast):
    """The show page's main cast: ``[[credit, …]]``, one list per person, their roles together."""
    return mark_safe("".join(cast_item(roles[0], roles) for roles in main_cast))


@register.simple_tag
def cast_items(credits):
    """A season's cast: one item a credit, with the character's note."""
    return mark_safe("".join(cast_item(credit) for credit in credits))


def cast_item(credit, person_roles=()):
    person = credit.person
    if person.headshot:
        face = picture(
            person.headshot.storage,
            person.headshot.name,
            person.headshot_width,
            person.headshot_height,
            sizes=CAST_SIZES,
        )
    else:
        face = f'<span class="initials" aria-hidden="true">{escape(person.initials)}</span>'
    text = f'<a href="{escape(person.get_absolute_url())}">{escape(person.name)}</a> as '
    if len(person_roles) > 1:
        text += ", ".join(escape(role.character_name) for role in person_roles)
    else:
        text += escape(credit.character_name)
        if note := credit.character_note:
            text += f'<span class="meta">{escape(note)}</span>'
    return f'<li class="cast-item">\n  {face}\n  <span class="cast-item__text">{text}</span>\n</li>\n'


@register.simple_tag
def episode_rows(episodes):
    """The season page's episode table rows, from ``shows.views.episode_table``: the date and
    runtime cells only when the table has those columns (a template loop cost 50 us a row)."""
    parts = []
    for episode in episodes["rows"]:
        if episode.title:
            name = f'<span class="episode-table__number">{episode.number}.</span> {escape(episode.title)}'
        else:
            name = escape(episode.name)
        if episodes["synopsis"] and episode.synopsis:
            name += f'<span class="episode-table__synopsis">{escape(episode.synopsis)}</span>'
        cells = ""
        if episodes["aired"]:
            day = episode.air_date
            aired = (
                f'<time datetime="{day.isoformat()}">{dateformat.format(day, "j M Y")}</time>' if day else ""
            )
            cells += f"<td>{aired}</td>"
        if episodes["runtime"]:
            cells += f"<td>{f'{episode.runtime} min' if episode.runtime else ''}</td>"
        parts.append(
            f'\n              <tr class="episode"><th scope="row">{name}</th>{cells}</tr>\n            '
        )
    return mark_safe("".join(parts))
