"""core.paths: reverse()'s own answer, from a pattern reversed once per prefix and URL configuration."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core import paths
from core.paths import Paths, path_for


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("articles:detail", {"slug": "a-story_2"}),
        ("articles:category", {"slug": "news"}),
        ("shows:show-detail", {"slug": "all-of-us-are-dead"}),
        ("shows:season-detail", {"slug": "a-show", "number": 3}),
        ("shows:season-detail", {"slug": "show-9", "number": 918}),
        ("shows:person-detail", {"slug": "park_ji-hu-2"}),
        ("comments:permalink", {"pk": 12}),
    ],
)
def test_a_path_is_the_one_reverse_gives(name, kwargs):
    assert path_for(name, **kwargs) == reverse(name, kwargs=kwargs)
    assert path_for(name, **kwargs) == reverse(name, kwargs=kwargs)  # from the kept pattern


def test_values_a_converter_or_quoting_might_change_go_through_reverse(monkeypatch):
    calls = []
    monkeypatch.setattr(
        paths, "reverse", lambda *args, **kwargs: calls.append(args) or reverse(*args, **kwargs)
    )
    path_for("articles:detail", slug="plain")
    kept = len(calls)
    with pytest.raises(NoReverseMatch):
        path_for("articles:detail", slug="not a slug")
    assert path_for("comments:permalink", pk=7) == "/comments/7/"
    assert len(calls) == kept + 1  # the odd slug only


def test_the_script_prefix_of_the_request_is_kept():
    try:
        set_script_prefix("/site/")
        assert path_for("articles:detail", slug="story") == "/site/news/story/"
    finally:
        set_script_prefix("/")
    assert path_for("articles:detail", slug="story") == "/news/story/"


def test_paths_of_one_view_are_reverses_answers_for_each_object():
    paths = Paths("shows:season-detail")
    for slug, number in (("a-show", 1), ("other_show", 12)):
        assert paths(slug=slug, number=number) == reverse(
            "shows:season-detail", kwargs={"slug": slug, "number": number}
        )
    with pytest.raises(NoReverseMatch):
        paths(slug="not a slug", number=1)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("home", {}),
        ("search", {}),
        ("news-feed", {}),
        ("news-feed-atom", {}),
        ("articles:list", {}),
        ("shows:show-list", {}),
        ("comments:form-token", {}),
        ("comments:held", {"article_id": 42}),
        ("comments:post", {"article_id": 42}),
        ("article-comments-feed", {"slug": "a-story"}),
        ("shows:show-feed", {"slug": "all-of-us-are-dead"}),
        ("shows:show-releases-ics", {"slug": "all-of-us-are-dead"}),
        ("author", {"slug": "kim-writer"}),
        ("articles:tag", {"slug": "netflix"}),
    ],
)
def test_the_path_tag_writes_what_the_url_tag_wrote(name, kwargs):
    arguments = "".join(f" {key}=value_{key}" for key in kwargs)
    context = Context({f"value_{key}": value for key, value in kwargs.items()})
    written = Template(f"{{% load paths %}}{{% path '{name}'{arguments} %}}").render(context)
    assert written == Template(f"{{% url '{name}'{arguments} %}}").render(context)
    assert written == reverse(name, kwargs=kwargs)


def test_the_path_tag_escapes_what_it_writes_as_the_url_tag_did():
    # A slug the pattern refuses is refused, as {% url %} refused it.
    with pytest.raises(NoReverseMatch):
        Template("{% load paths %}{% path 'articles:tag' slug=odd %}").render(Context({"odd": '"><b>'}))
    try:
        set_script_prefix('/a&"b/')
        context = Context({"slug": "a-story"})
        written = Template("{% load paths %}{% path 'article-comments-feed' slug=slug %}").render(context)
        assert written == Template("{% url 'article-comments-feed' slug=slug %}").render(context)
        assert written.startswith("/a&amp;%22b/")  # reverse() quotes the prefix; the tag escapes it
    finally:
        set_script_prefix("/")
