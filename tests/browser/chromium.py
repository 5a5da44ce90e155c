"""Debian's Chromium as the browser tests, `make screenshots` and `make audit` start it.

Kept free of pytest and Django so that bin/ scripts can import it too (bin/throwaway_site.py).
"""

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing outside this machine is reachable: fail every lookup at once instead of waiting.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]


def find_chromium():
    """CHROMIUM_PATH, then /usr/bin/chromium, then chromium on the PATH; None when there is none."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
