"""Screenshots of the reader's pages at a phone and a desktop width: `make screenshots`.

Starts the site as `make run` does (bin/serve: gunicorn, DEBUG off) on a free port with throwaway
data (a temporary database, cache, media and static files, all deleted afterwards), then opens
Chromium (Debian's, through Playwright) and saves JPEGs into docs/screenshots/:

  home, the flagship article (its top, and its comments), a season page and the comment form
  showing an error, each at 390 px and 1280 px wide.

CHROMIUM_PATH names the browser (default /usr/bin/chromium); SCREENSHOTS_DIR the output folder;
SCREENSHOTS_COLOR_SCHEME=dark takes them in dark mode (into a "dark" subfolder).
"""

import os
from pathlib import Path

from throwaway_site import CHROMIUM_ARGS, find_chromium, serve

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(os.environ.get("SCREENSHOTS_DIR", ROOT / "docs" / "screenshots"))
CHROMIUM = find_chromium() or "/usr/bin/chromium"
SCHEME = os.environ.get("SCREENSHOTS_COLOR_SCHEME", "light")
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
FLAGSHIP = "/news/all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch/"
SEASON = "/shows/all-of-us-are-dead/season-2/"


def shoot(base_url, out):
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(
                base_url=base_url, viewport={"width": width, "height": height}, color_scheme=SCHEME
            )
            page = context.new_page()

            def save(name, target=None, full_page=True, label=label, page=page):
                # Lazy pictures load only near the viewport: load them all, and wait for them.
                page.evaluate(
                    """async () => {
                        const pictures = [...document.images];
                        pictures.forEach((picture) => { picture.loading = "eager"; });
                        await Promise.all(pictures.map((picture) => picture.complete ? null
                            : new Promise((done) => { picture.onload = picture.onerror = done; })));
                    }"""
                )
                page.wait_for_load_state("networkidle")
                path = out / f"{name}-{label}.jpg"
                options = {"path": str(path), "type": "jpeg", "quality": 82}
                if target is None:
                    page.screenshot(full_page=full_page, **options)
                else:
                    target.screenshot(**options)
                saved.append(path)

            page.goto("/")
            save("home")
            page.goto(FLAGSHIP)
            save("article", full_page=False)
            page.goto(FLAGSHIP + "#comments")
            save("article-comments", target=page.locator("#comments .comment-list"))
            page.goto(SEASON)
            save("season")
            page.goto(FLAGSHIP)
            form = page.locator("#commentform")
            form.get_by_role("textbox", name="Email").fill("not-an-address")
            form.get_by_role("button", name="Post Comment").click()
            form.get_by_text("You have entered an incorrect email address!").wait_for()
            save("comment-error", target=page.locator("#respond"))
            context.close()
        browser.close()
    return saved


def main():
    with serve() as base_url:
        out = OUT / "dark" if SCHEME == "dark" else OUT
        for path in shoot(base_url, out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
