"""comments.thread_html writes the thread's HTML in Python (it was a template per comment)."""

import datetime

import pytest

from comments.models import Comment
from comments.thread_html import render_nodes
from comments.threads import Node

pytestmark = pytest.mark.django_db


def comment(**fields):
    made = Comment(pk=7, name='Ann "A" <Lee>', email="ann@example.com", depth=1, **fields)
    made.created_at = datetime.datetime(2024, 3, 5, 9, 4, tzinfo=datetime.UTC)
    return made


def test_a_held_comment_shows_its_text_as_paragraphs_with_every_character_escaped():
    """The template wrote render_plain's paragraphs escaped a second time (readers saw "<p>")."""
    html = render_nodes([Node(comment(body="Hi <b>there</b>\n\nSecond"), held=True)])

    assert "<div><p>Hi &lt;b&gt;there&lt;/b&gt;</p>\n\n<p>Second</p></div>" in html
    assert "Your comment is awaiting moderation." in html
    assert "<footer>" not in html and "Reply" not in html and "Report" not in html


def test_names_are_escaped_and_dates_written_as_the_template_wrote_them():
    html = render_nodes(
        [Node(comment(body_html="<p>Approved</p>"))], comments_open=True, max_depth=3, page_number=2
    )

    assert 'aria-label="Comment by Ann &quot;A&quot; &lt;Lee&gt;"' in html
    assert '<time datetime="2024-03-05T09:04:00+0000">5 March 2024 at 09:04</time>' in html
    assert 'href="/comments/7/"' in html and 'href="/comments/7/report/"' in html
    assert 'href="?cpage=2&amp;replytocom=7#respond"' in html


def test_each_comment_has_its_own_month_and_links():
    """The month names are read once per thread: each comment still shows its own."""
    made = []
    for pk, month in ((7, 3), (8, 12), (9, 3)):
        node = comment(body_html="<p>Hi</p>")
        node.pk, node.created_at = pk, datetime.datetime(2024, month, 5, 9, 4, tzinfo=datetime.UTC)
        made.append(Node(node))
    html = render_nodes(made)

    assert html.count("5 March 2024 at 09:04") == 2 and html.count("5 December 2024 at 09:04") == 1
    for pk in (7, 8, 9):
        assert f'href="/comments/{pk}/"' in html and f'href="/comments/{pk}/report/"' in html
