"""Comment bodies: plain text, escaped, paragraphs kept, links clickable but not endorsed."""

import re

from django.utils.html import linebreaks, urlize

# Characters that are refused in names and bodies: C0/C1 controls (bodies keep tab and
# newlines), and the invisible bidirectional overrides that can disguise text. Names also
# refuse the Unicode line and paragraph separators, which end a line as a newline does.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
LINE_SEPARATORS = "\u2028\u2029"
_CONTROLS = "".join(chr(code) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)])
_BODY_CONTROLS = "".join(char for char in _CONTROLS if char not in "\t\n\r")
NAME_FORBIDDEN = re.compile(f"[{re.escape(_CONTROLS + BIDI_CONTROLS + LINE_SEPARATORS)}]")
BODY_FORBIDDEN = re.compile(f"[{re.escape(_BODY_CONTROLS + BIDI_CONTROLS)}]")
TYPED_LINK = re.compile(r"<a\s", re.IGNORECASE)
MADE_LINK = re.compile(r"<a href=")
REL = 'rel="nofollow ugc noopener"'


def render_body(text):
    """HTML for a comment body: every character escaped before links are made."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # autoescape=True escapes every word that is not a link, and the links' text too.
    html = urlize(text, nofollow=True, autoescape=True)
    # Quotes typed by the commenter are escaped, so this attribute can only be one urlize wrote.
    html = html.replace('rel="nofollow"', REL)
    return linebreaks(html, autoescape=False)


def render_plain(text):
    """HTML for a comment body with no links at all: for a comment no moderator has approved,
    which must not turn the site into a page of someone's links (its author alone sees it)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return linebreaks(text, autoescape=True)


def count_links(text):
    """The links the page would make (web addresses, bare domains, email addresses) and typed ones.

    Counting what ``urlize`` links, rather than a pattern of our own, keeps the rule and the
    page in step: a bare ``example.com`` is a clickable link, so it counts.
    """
    return len(MADE_LINK.findall(render_body(text))) + len(TYPED_LINK.findall(text))
