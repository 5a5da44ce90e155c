"""Every kind of public page has no axe-core violations, on a phone and on a desktop."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.pages import public_urls

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RUN_AXE = """async (rules) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: rules}});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" ")).join(", ")}`);
}"""


@pytest.fixture
def axe_source():
    if not AXE.exists():
        message = "axe-core is missing (run `npm ci`); accessibility check skipped."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text()


@pytest.mark.parametrize("width", [360, 1280])
def test_every_kind_of_public_page_has_no_axe_violations(browser, live_server, axe_source, width):
    call_command("load_demo", verbosity=0)
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
    page = context.new_page()
    violations = {}
    try:
        for url in public_urls():
            page.goto(url)
            page.evaluate(axe_source)  # through DevTools: the page's CSP forbids inline scripts
            found = page.evaluate(RUN_AXE, RULES)
            if found:
                violations[url] = found
    finally:
        context.close()
    assert violations == {}
