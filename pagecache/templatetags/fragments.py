"""``{% fragment timeout name key %}…{% endfragment %}``: Django's ``{% cache %}`` for keys from
``pagecache.fragments.fragment``, except that a timeout of 0 (fragments off, or a fragment one
reader's own) renders straight through. Django's tag would still read the cache and write the
rendered text to it, to expire at once: a wasted round trip, and on the disk cache a file
written and removed on every such render."""

from django import template
from django.templatetags.cache import CacheNode

register = template.Library()


class FragmentNode(CacheNode):
    def render(self, context):
        if self.expire_time_var.resolve(context) == 0:
            return self.nodelist.render(context)
        return super().render(context)


@register.tag("fragment")
def do_fragment(parser, token):
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]!r} takes a timeout, a name and the key's parts.")
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        bits[2],
        [parser.compile_filter(bit) for bit in bits[3:]],
        None,
    )
