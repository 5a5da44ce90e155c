"""``{% path "name" slug=… %}``: ``{% url %}`` for the links every page repeats, at ``core.paths``'
cost (the pattern reversed once per process, the values filled in) rather than ``reverse()``'s
30 µs a link. base.html alone has a dozen: the menu, the footer, the feeds.

Keyword arguments only (as ``path_for``); the result is escaped as ``{% url %}``'s is.
"""

from django import template

from core.paths import path_for

register = template.Library()


@register.simple_tag
def path(name, **kwargs):
    return path_for(name, **kwargs)
