"""The article page writes its empty comment form from a plain template (crispy-forms' templates cost
more than the rest of the comment section): it must stay the form crispy writes, element for element."""

from html.parser import HTMLParser

import pytest
from crispy_forms.utils import render_crispy_form
from django.template.loader import render_to_string

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
