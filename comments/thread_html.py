"""The HTML of comments in a thread, written in Python.

A thread of 50 comments rendered with an ``{% include %}`` per comment took most of the article
page's time (about 0.5 ms a comment: a template context, some forty lookups and two date filters
each). This writes each comment in a few microseconds, and in few bytes (the thread is most of
the article page's weight): no white space between elements (the header and footer lay out as
flex rows, everything else as blocks), and no class or data attribute that the stylesheet or
the script can do without (static/css/comments.css, static/js/comments.js).
"""

from html import escape

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.paths import path_for

# A stand-in primary key, reversed once per thread: every comment's links are that URL with its own.
SAMPLE_PK = 987654321


class Links:
    """The comment URLs (permalink, report), reversed once (core.paths: once per process) and
    filled in per comment."""

    def __init__(self):
        self.permalink = path_for("comments:permalink", pk=SAMPLE_PK).split(str(SAMPLE_PK))
        self.report = path_for("comments:report", pk=SAMPLE_PK).split(str(SAMPLE_PK))

    @staticmethod
    def fill(parts, pk):
        return str(pk).join(parts)


def render_nodes(nodes, *, comments_open=False, max_depth=0, page_number=1, report_notice=None):
    """HTML of ``nodes`` (comments.threads.Node) and their replies, as the template comments/_comment.html did."""
    parts = []
    write = Writer(parts, comments_open, max_depth, page_number, report_notice)
    for node in nodes:
        write(node)
    return mark_safe("".join(parts))


class Writer:
    def __init__(self, parts, comments_open, max_depth, page_number, report_notice):
        self.parts, self.links, self.zone = parts, Links(), timezone.get_current_timezone()
        self.comments_open, self.max_depth, self.report_notice = comments_open, max_depth, report_notice
        self.reply_query = f"cpage={page_number}&amp;" if page_number > 1 else ""
        # Month names are lazy translations (4 µs each to read): read once per thread, not per comment.
        self.months = {}

    def __call__(self, node):
        comment, held, out = node.comment, node.held, self.parts.append
        pk, name = comment.pk, escape(comment.name)
        created = comment.created_at.astimezone(self.zone)
        website = comment.website_link
        author = (
            f'<a href="{escape(website)}" rel="nofollow ugc noopener">{name}</a>'
            if website and not held
            else name
        )
        # Slim markup: the stylesheet finds the header, date, body, footer and its links by their
        # place in the comment, and the script finds a reply's comment and name from the <li>.
        # Link names say whose comment (Reply to…, Report the comment by…) and begin with the
        # words shown.
        out(
            f'<li id="comment-{pk}" class="comment{" comment--held" if held else ""}">'
            f'<article aria-label="Comment by {name}"><header>'
            f'<span class="avatar avatar--{comment.avatar_colour}" aria-hidden="true">{escape(comment.initials)}</span>'
            f'<span class="comment__author">{author}</span>'
            f'<a href="{self.links.fill(self.links.permalink, pk)}">'
            f'<time datetime="{created:%Y-%m-%dT%H:%M:%S}{iso_offset(created)}">'
            f"{created.day} {self.month(created.month)} {created.year} at {created:%H:%M}</time></a></header>"
        )
        if held:
            out('<p class="comment__awaiting" role="status">Your comment is awaiting moderation.</p>')
        notice = self.report_notice
        if notice is not None and notice["comment_id"] == pk:
            out(f'<p class="report-notice" role="status">{conditional_escape(notice["message"])}</p>')
        # Until a moderator approves it, nothing in it is a link: not even its author's page is a
        # way to send people elsewhere. (render_plain escapes every character of the body.)
        out(f"<div>{comment.plain_body_html if held else comment.body_html}</div>")
        if not held:
            out("<footer>")
            if self.comments_open and comment.depth < self.max_depth:
                out(
                    f'<a rel="nofollow" href="?{self.reply_query}replytocom={pk}#respond" '
                    f'aria-label="Reply to {name}">Reply</a>'
                )
            # robots.txt keeps crawlers out of /comments/: no rel="nofollow" needed here.
            out(
                f'<a href="{self.links.fill(self.links.report, pk)}" aria-label="Report the comment by {name}">'
                "Report</a></footer>"
            )
        out("</article>")
        if node.children:
            out('<ol class="children">')
            for child in node.children:
                self(child)
            out("</ol>")
        out("</li>")

    def month(self, number):
        name = self.months.get(number)
        if name is None:
            name = self.months[number] = str(MONTHS[number])
        return name


def iso_offset(moment):
    """The zone offset as Django's ``O`` format writes it: ``+0000``."""
    seconds = int(moment.utcoffset().total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"{sign}{hours:02d}{minutes:02d}"
