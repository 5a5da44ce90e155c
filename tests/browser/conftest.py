"""Real Chromium (Debian's package) driven by Playwright; `playwright install` is never needed."""

import os

import pytest

from tests.browser.chromium import CHROMIUM_ARGS, find_chromium


@pytest.hookimpl(tryfirst=True)  # before `-m "not browser"` deselects
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI must run the browser tests, but no Chromium was found (CHROMIUM_PATH, /usr/bin/chromium)."
            )
        pytest.skip(
            "No Chromium found (set CHROMIUM_PATH or install Debian's chromium): browser test skipped."
        )
    return path


@pytest.fixture(scope="session")
def browser(chromium_path, reader_css):  # the pages' stylesheet, built if its sources changed
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the
    # test body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    # The site must never reach outside itself: record any request that tries.
    outside = []
    page.on(
        "request",
        lambda request: None if request.url.startswith(live_server.url) else outside.append(request.url),
    )
    yield page
    context.close()
    assert outside == [], f"the page requested outside the site: {outside}"
