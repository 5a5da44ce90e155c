"""``{% fragment timeout name key %}…{% endfragment %}``: Django's ``{% cache %}`` for keys from
``pagecache.fragments.fragment``, with two differences. A timeout of 0 (fragments off, or a
fragment one reader's own) renders straight through: Django's tag would still read the cache and
write the rendered text to it, to expire at once. And a rendered fragment is written to the
shared cache once the reader has the page (``store.write_fragment``), not while they wait."""

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.templatetags.cache import CacheNode

from pagecache import store

register = template.Library()


class FragmentNode(CacheNode):
    def render(self, context):
        timeout = self.expire_time_var.resolve(context)
        if timeout == 0:
            return self.nodelist.render(context)
        key = make_template_fragment_key(self.fragment_name, [var.resolve(context) for var in self.vary_on])
        value = store.read_fragment(key)
        if value is None:
            value = self.nodelist.render(context)
            store.write_fragment(key, value, int(timeout))
        return value


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
