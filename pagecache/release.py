"""Which release of the code rendered a kept page or fragment: part of every key.

Tokens say whether the data a page shows has changed; they know nothing of the code. Without this,
a deploy that changes a template, a view or a stylesheet would go on serving what the old code
kept (pages for up to PAGE_CACHE_TIMEOUT, fragments for up to FRAGMENT_CACHE_TIMEOUT), linking to
hashed static files the new release no longer has. With it, the new code finds nothing the old code
kept, while the tokens stay shared: an edit reaches the pages of every release still running.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.apps import apps
from django.conf import settings

# What renders a page: code, templates and the files pages link to. Not data (the demo's fonts and
# prose are drawn into images and rows, which edits already cover).
CODE_SUFFIXES = (".py", ".html", ".txt", ".xml", ".json", ".css", ".js", ".svg")
SKIPPED_DIRS = {"__pycache__", "migrations", "node_modules"}


# Settings read from the environment that show in pages: a renamed site, a new address or time zone
# is a new release of the pages too, though no file changed.
RENDERED_SETTINGS = (
    "SITE_NAME",
    "SITE_TAGLINE",
    "SITE_URL",
    "TIME_ZONE",
    "LANGUAGE_CODE",
    "STATIC_URL",
    "MEDIA_URL",
)


@functools.cache
def code_version():
    """A short hash of every file that shapes the pages and of the settings that show in them,
    worked out once per process (a few milliseconds)."""
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "static", base / "requirements.txt"]
    # The project's own apps; installed packages are pinned by requirements.txt (a virtualenv may
    # live inside the project).
    roots += sorted(
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(base) and "site-packages" not in Path(config.path).parts
    )
    return version_of(roots, base, rendered_settings())


def rendered_settings():
    return repr([(name, getattr(settings, name, None)) for name in RENDERED_SETTINGS])


def version_of(roots, base, shown=""):
    digest = hashlib.blake2b(digest_size=8)
    digest.update(shown.encode())
    digest.update(b"\0")
    for path in files_under(roots):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def files_under(roots):
    for root in roots:
        if root.is_file():
            yield root
            continue
        for folder, folders, names in os.walk(root):
            folders[:] = sorted(name for name in folders if name not in SKIPPED_DIRS)
            for name in sorted(names):
                if name.endswith(CODE_SUFFIXES) or root.name == "static":
                    yield Path(folder, name)
