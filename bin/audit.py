"""Lighthouse's four scores (mobile emulation) for the pages issue 12 names: `make audit`.

Serves the site as `make run` does on throwaway data (bin/throwaway_site.py), runs Lighthouse from
npm (node_modules/lighthouse, or LIGHTHOUSE_DIR/node_modules/lighthouse) in Debian's Chromium
(CHROME_PATH) with every host but this one unreachable, and prints a table. Exits non-zero when a
score is under AUDIT_MIN (default 100) so that a regression is noticed.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from throwaway_site import ROOT, serve

PAGES = {
    "home": "/",
    "article": "/news/all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch/",
    "show": "/shows/all-of-us-are-dead/",
    "season": "/shows/all-of-us-are-dead/season-2/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'",
    ]
)


def lighthouse_cli():
    base = Path(os.environ.get("LIGHTHOUSE_DIR", ROOT))
    cli = base / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        sys.exit(f"Lighthouse is not installed ({cli}): run `npm ci --ignore-scripts` first.")
    return cli


def scores(cli, url, report):
    subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        timeout=300,
    )
    result = json.loads(Path(report).read_text())
    found = {name: round((result["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    audits = result["audits"]
    # What costs points: the weighted audits of each category that did not pass.
    misses = [
        f"{name}: {audits[ref['id']]['title']}"
        for name in CATEGORIES
        for ref in result["categories"][name]["auditRefs"]
        if ref.get("weight")
        and (audits[ref["id"]].get("score") is not None)
        and audits[ref["id"]]["score"] < 1
    ]
    return found, misses


def main():
    cli = lighthouse_cli()
    minimum = int(os.environ.get("AUDIT_MIN", "100"))
    rows, notes = {}, {}
    with serve() as base_url, tempfile.TemporaryDirectory() as reports:
        for name, path in PAGES.items():
            rows[name], notes[name] = scores(cli, base_url + path, Path(reports) / f"{name}.json")
    print(f"{'page':<10}" + "".join(f"{category:>16}" for category in CATEGORIES))
    for name, found in rows.items():
        print(f"{name:<10}" + "".join(f"{found[category]:>16}" for category in CATEGORIES))
    for name, misses in notes.items():
        for miss in misses:
            print(f"  {name}: {miss}")
    low = {name: found for name, found in rows.items() if min(found.values()) < minimum}
    if low:
        sys.exit(f"Under {minimum}: {low}")


if __name__ == "__main__":
    main()
