"""The article page writes its empty comment form from a plain template (crispy-forms' templates cost
more than the rest of the comment section): it must stay the form crispy writes, element for element."""

from html.parser import HTMLParser

import pytest
from crispy_forms.utils import render_crispy_form
from django.template.loader import render_to_string
from django.urls import reverse

from comments.forms import CommentForm
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Elements with their attributes, and text without the white space around it."""

    def __init__(self, html):
        super().__init__()
        self.items = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.items.append(("start", tag, sorted((name, value or "") for name, value in attrs)))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)  # "<input ... />" is "<input ...>" in HTML

    def handle_endtag(self, tag):
        self.items.append(("end", tag))

    def handle_data(self, data):
        if " ".join(data.split()):
            self.items.append(("text", " ".join(data.split())))


def plain_and_crispy(form):
    return (
        Outline(render_to_string("comments/_comment_form.html", {"form": form})).items,
        Outline(render_crispy_form(form)).items,
    )


def test_the_empty_form_is_the_one_crispy_writes():
    plain, crispy = plain_and_crispy(CommentForm(article=ArticleFactory()))

    assert plain == crispy
    assert ("start", "textarea", [("class", "textarea form-control"), ("cols", "40"), ("id", "id_body"),
            ("maxlength", "5000"), ("name", "body"), ("required", ""), ("rows", "8")]) in plain  # fmt: skip


def test_the_reply_form_is_the_one_crispy_writes():
    article = ArticleFactory()
    parent = CommentFactory(article=article)
    plain, crispy = plain_and_crispy(CommentForm(article=article, parent=parent))

    assert plain == crispy
    assert ("start", "input", [("id", "id_parent"), ("name", "parent"), ("type", "hidden"),
            ("value", str(parent.pk))]) in plain  # fmt: skip


@pytest.mark.parametrize("reply", [False, True])
def test_the_article_pages_blank_form_writes_what_a_comment_form_writes(reply, monkeypatch):
    from comments import protection
    from comments.forms import BlankCommentForm

    article = ArticleFactory()
    parent = CommentFactory(article=article) if reply else None
    monkeypatch.setattr(protection.time, "time", lambda: 1_800_000_000)  # one signed timestamp for both
    blank = BlankCommentForm(article=article, parent=parent)
    form = CommentForm(article=article, parent=parent)

    written = render_to_string("comments/_comment_form.html", {"form": blank})
    assert written == render_to_string("comments/_comment_form.html", {"form": form})
    assert blank.fields["body"].max_length == form.fields["body"].max_length
    assert f'action="{reverse("comments:post", kwargs={"article_id": article.pk})}"' in written
    assert ('name="parent" value="' in written) is reply
    assert not reply or f'name="parent" value="{parent.pk}"' in written
