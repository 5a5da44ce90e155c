"""Lighthouse's four scores (mobile emulation) for the pages issue 12 names: `make audit`.

Serves the site as `make run` does on throwaway data (bin/throwaway_site.py), runs Lighthouse from
npm (node_modules/lighthouse, or LIGHTHOUSE_DIR/node_modules/lighthouse) in Debian's Chromium
(CHROME_PATH) with every host but this one unreachable, and prints a table, the timings behind the
performance score and the audits that cost points.

Exits non-zero when a score is under its minimum, so that a regression is noticed. AUDIT_MIN sets the
minimums: one number for every category (default 100), or per category, as in
`AUDIT_MIN="performance=90"` (the categories it does not name stay at 100). Performance is the one
that varies with the machine's load; a CI job on a shared machine can lower that one alone and keep
the others at 100. AUDIT_RUNS (default 1) runs Lighthouse that many times per page and keeps each
category's median, as Lighthouse's documentation advises against run-to-run variance.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from throwaway_site import CHROMIUM_ARGS, ROOT, serve

PAGES = {
    "home": "/",
    "article": "/news/all-of-us-are-dead-season-2-release-date-cast-story-where-to-watch/",
    "show": "/shows/all-of-us-are-dead/",
    "season": "/shows/all-of-us-are-dead/season-2/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# The timings the performance score is made of (Lighthouse 12's weights: TBT 30, LCP 25, CLS 25,
# FCP 10, SI 10).
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "CLS": "cumulative-layout-shift",
    "SI": "speed-index",
}


def _lighthouse_flag(arg):
    """Lighthouse splits --chrome-flags at spaces: a value holding spaces goes in quotes."""
    name, equals, value = arg.partition("=")
    return f"{name}='{value}'" if " " in value else arg


CHROME_FLAGS = " ".join(["--headless=new", *map(_lighthouse_flag, CHROMIUM_ARGS)])


def lighthouse_cli():
    base = Path(os.environ.get("LIGHTHOUSE_DIR", ROOT))
    cli = base / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        sys.exit(f"Lighthouse is not installed ({cli}): run `npm ci --ignore-scripts` first.")
    return cli


def scores(cli, url, report):
    command = [
        "node",
        str(cli),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    # On a busy machine Lighthouse now and then loses the page load's trace (NO_NAVSTART) and asks
    # to be run again: once more, then give up.
    if subprocess.run(command, env=env, timeout=300).returncode != 0:
        print(f"Lighthouse failed on {url}; running it once more.", file=sys.stderr)
        subprocess.run(command, env=env, timeout=300, check=True)
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
    timings = {label: audits[key].get("displayValue", "?") for label, key in METRICS.items()}
    return found, misses, timings


def minimums(setting):
    """AUDIT_MIN: "100" for every category, or "performance=90,seo=100" (the others stay at 100)."""
    setting = setting.strip() or "100"
    if "=" not in setting:
        return dict.fromkeys(CATEGORIES, int(setting))
    found = dict.fromkeys(CATEGORIES, 100)
    for part in setting.split(","):
        name, _, value = part.partition("=")
        if name.strip() not in found:
            sys.exit(f"AUDIT_MIN names {name.strip()!r}; the categories are {', '.join(CATEGORIES)}.")
        found[name.strip()] = int(value)
    return found


def main():
    cli = lighthouse_cli()
    minimum = minimums(os.environ.get("AUDIT_MIN", "100"))
    runs = max(1, int(os.environ.get("AUDIT_RUNS", "1")))
    rows, notes, times = {}, {}, {}
    with serve() as base_url, tempfile.TemporaryDirectory() as reports:
        for name, path in PAGES.items():
            results = [
                scores(cli, base_url + path, Path(reports) / f"{name}-{run}.json") for run in range(runs)
            ]
            rows[name] = {
                category: round(statistics.median(found[category] for found, _, _ in results))
                for category in CATEGORIES
            }
            # The misses and timings of the run whose performance score is the median one.
            by_performance = sorted(results, key=lambda result: result[0]["performance"])
            _, notes[name], times[name] = by_performance[runs // 2]
    heading = f" (median of {runs} runs)" if runs > 1 else ""
    print(f"{'page':<10}" + "".join(f"{category:>16}" for category in CATEGORIES) + heading)
    for name, found in rows.items():
        print(f"{name:<10}" + "".join(f"{found[category]:>16}" for category in CATEGORIES))
    for name, timing in times.items():
        print(f"  {name}: " + ", ".join(f"{label} {value}" for label, value in timing.items()))
    for name, misses in notes.items():
        for miss in misses:
            print(f"  {name}: {miss}")
    low = {
        name: found
        for name, found in rows.items()
        if any(found[category] < minimum[category] for category in CATEGORIES)
    }
    if low:
        sys.exit(f"Under the minimums {minimum}: {low}")


if __name__ == "__main__":
    main()
