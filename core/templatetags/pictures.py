"""``{% picture %}``: the one place the site's images are marked up (see core.renditions)."""

from django import template

from core.renditions import picture as picture_html

register = template.Library()


@register.simple_tag
def picture(image, width, height, alt="", sizes="100vw", lead=False, eager=False, css_class=""):
    """``<picture>`` for a stored image field, e.g.
    ``{% picture show.poster show.poster_width show.poster_height alt=show.poster_alt sizes="12rem" %}``.

    ``sizes`` is how wide the layout shows the picture; ``lead=True`` for the first picture a
    reader sees (eager, high priority); ``eager=True`` for others above the fold; every other
    picture loads lazily.
    """
    if not image:
        return ""
    return picture_html(
        image.storage,
        image.name,
        width,
        height,
        alt=alt,
        sizes=sizes,
        lead=lead,
        eager=eager,
        css_class=css_class,
    )
