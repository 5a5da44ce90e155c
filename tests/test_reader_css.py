"""The reader's one stylesheet (static/css/reader.css, bin/build-css) holds every Bootstrap class the
site can put on a page, and is the only stylesheet a reader's page waits for."""

import re
from pathlib import Path

import crispy_bootstrap5
import crispy_forms
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from tests.pages import public_urls

ROOT = Path(settings.BASE_DIR)
BOOTSTRAP_CSS = ROOT / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.css"
SITE_CSS = [ROOT / "static" / "css" / name for name in ("site.css", "shows.css", "comments.css")]
# Bootstrap classes that crispy-forms' templates name for layout objects the site never uses and that
# only work with Bootstrap's JavaScript, which the site does not load (accordions, modals, tabs,
# dismissible alerts): left out of reader.css on purpose (assets/scss/reader.scss).
NEEDS_BOOTSTRAP_JS = {
    "accordion",
    "accordion-body",
    "accordion-button",
    "accordion-collapse",
    "accordion-flush",
    "accordion-header",
    "accordion-item",
    "alert-dismissible",
    "btn-close",
    "card-body",
    "collapse",
    "collapsed",
    "fade",
    "modal",
    "modal-body",
    "modal-content",
    "modal-dialog",
    "modal-header",
    "modal-title",
    "nav",
    "nav-item",
    "nav-link",
    "nav-tabs",
    "tab-content",
    "tab-pane",
}
TEMPLATE_TAG = re.compile(r"{[{%].*?[%}]}", re.S)
QUOTED = re.compile(r"""["']([\w -]+)["']""")


def classes_defined(css):
    """Every class a stylesheet's selectors name (declarations and at-rule preludes left out)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = re.findall(r"([^{}]+){", css)
    return {name for selector in selectors for name in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selector)}


def classes_in_templates(text):
    """Classes a template can output: class attributes, with the quoted names inside their template
    tags (`{% if x %}is-invalid{% endif %}`, `{{ a|default:'mb-3' }}`), and crispy's field tags."""
    found = set()
    for value in re.findall(r'class="([^"]*)"', text):
        found.update(TEMPLATE_TAG.sub(" ", value).split())
        for tag in TEMPLATE_TAG.findall(value):
            for quoted in QUOTED.findall(tag):
                found.update(quoted.split())
    for quoted in re.findall(r"""'class' '([^']*)'""", text):  # {% crispy_field field 'class' '...' %}
        found.update(quoted.split())
    return found


def classes_in_scripts(text):
    """Classes our JavaScript adds or tests for (classList calls, className assignments)."""
    found = set()
    for call in re.findall(r"""(?:classList\.\w+\(|className\s*=)([^;)]*)""", text):
        for quoted in QUOTED.findall(call):
            found.update(quoted.split())
    return found


def classes_in_python(text):
    """Classes set from Python: crispy layout objects' css_class and field_classes."""
    found = set()
    for quoted in re.findall(r"""(?:css_class|field_classes)\s*=\s*["']([^"']*)["']""", text):
        found.update(quoted.split())
    return found


def classes_the_site_can_use():
    used = {}

    def note(names, where):
        for name in names:
            used.setdefault(name, where)

    templates = [path for path in (ROOT / "templates").rglob("*.html") if "admin" not in path.parts]
    templates += (Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5").rglob("*.html")
    for path in templates:
        note(classes_in_templates(path.read_text()), path)
    for path in (ROOT / "static" / "js").glob("*.js"):
        note(classes_in_scripts(path.read_text()), path)
    for path in [ROOT / "comments" / "forms.py", Path(crispy_forms.__file__).parent / "layout.py"]:
        note(classes_in_python(path.read_text()), path)
    return used


@pytest.fixture(scope="module")
def reader_classes(reader_css):
    return classes_defined(reader_css.read_text())


@pytest.fixture(scope="module")
def bootstrap_classes():
    if not BOOTSTRAP_CSS.exists():
        pytest.fail(f"{BOOTSTRAP_CSS} is missing: run `npm ci --ignore-scripts`.")
    return classes_defined(BOOTSTRAP_CSS.read_text())


def test_the_class_scanner_finds_classes_inside_template_tags():
    template = """<p class="alert {% if level %}alert-{{ level }}{% else %}mb-3{% endif %}">
        {% crispy_field field 'class' 'form-control is-invalid' %}"""

    assert classes_in_templates(template) == {"alert", "alert-", "mb-3", "form-control", "is-invalid"}
    assert classes_in_scripts('el.classList.add("is-invalid"); el.className = "d-block";') == {
        "is-invalid",
        "d-block",
    }


def test_every_bootstrap_class_in_templates_crispy_and_scripts_is_in_the_reader_css(
    reader_classes, bootstrap_classes
):
    used = classes_the_site_can_use()
    assert {"form-control", "is-invalid", "btn", "visually-hidden"} <= used.keys()  # the scan works

    missing = {
        name: str(where)
        for name, where in used.items()
        if name in bootstrap_classes and name not in reader_classes and name not in NEEDS_BOOTSTRAP_JS
    }

    assert missing == {}, "add their Bootstrap component or utility to assets/scss/reader.scss"


@pytest.mark.django_db
def test_every_bootstrap_class_on_the_rendered_pages_is_in_the_reader_css(
    client, reader_classes, bootstrap_classes
):
    call_command("load_demo", verbosity=0)
    urls = public_urls()
    on_pages = {}
    for url in urls:
        for value in re.findall(r'class="([^"]*)"', client.get(url).content.decode()):
            for name in value.split():
                on_pages.setdefault(name, url)
    # The comment form as the server renders it with errors (no JavaScript): crispy's error classes.
    flagship = Article.objects.published().order_by("-published_at").first()
    post_url = reverse("comments:post", kwargs={"article_id": flagship.pk})
    refused = client.post(post_url, {"body": "x", "name": "Reader", "email": "not-an-address"})
    assert "is-invalid" in refused.content.decode()
    for value in re.findall(r'class="([^"]*)"', refused.content.decode()):
        for name in value.split():
            on_pages.setdefault(name, post_url)

    missing = {
        name: url
        for name, url in on_pages.items()
        if name in bootstrap_classes and name not in reader_classes
    }

    assert missing == {}


def test_every_class_of_the_site_stylesheets_is_in_the_reader_css(reader_classes):
    for path in SITE_CSS:
        assert classes_defined(path.read_text()) <= reader_classes, f"{path.name} is not all in reader.css"


@pytest.mark.django_db
def test_reader_pages_wait_for_one_stylesheet(client):
    """Each render-blocking stylesheet is a round trip before the first paint (issue 12's Lighthouse
    target): one for every page, the print one not blocking."""
    call_command("load_demo", verbosity=0)
    for url in public_urls():
        page = client.get(url).content.decode()
        links = re.findall(r"<link[^>]*rel=\"stylesheet\"[^>]*>", page)
        blocking = [link for link in links if 'media="print"' not in link]

        assert [re.search(r'href="([^"]+)"', link)[1] for link in blocking] == ["/static/css/reader.css"], url
