"""Lighthouse 12 scores of each page type of a built project, served over 127.0.0.1.

Usage: python bench/lighthouse_audit.py BUILD_DIR PAGE...   (PAGE: a path under BUILD_DIR, e.g. en/x.html)

Serves BUILD_DIR with Python's http.server on a free port of 127.0.0.1, runs Lighthouse
(``tests/browser``: ``npm ci`` there first) in the system's Chromium for each PAGE, and prints
performance, accessibility, best practices and SEO, and the audits that failed in the last three.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / "tests" / "browser"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def audit(url: str) -> dict[str, object]:
    """Lighthouse's JSON report of ``url`` (desktop form factor, no throttling: pages served locally)."""
    lighthouse = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not lighthouse.exists():
        sys.exit(f"{lighthouse}: missing; run `npm ci` in tests/browser")
    with tempfile.TemporaryDirectory(prefix="localise-lh-") as profile:
        done = subprocess.run(
            [str(lighthouse), url, "--quiet", "--output=json", f"--only-categories={','.join(CATEGORIES)}",
             "--preset=desktop", f"--chrome-flags={FLAGS} --user-data-dir={profile}"],
            capture_output=True, text=True, timeout=300, check=True,
            env={**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"},
        )  # fmt: skip
    return dict(json.loads(done.stdout))


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit(__doc__)
    folder, pages = Path(argv[0]).resolve(), argv[1:]
    handler = functools.partial(_Quiet, directory=str(folder))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        print(f"{'page':<48} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}")
        failed: dict[str, list[str]] = {}
        for page in pages:
            report = audit(base + page)
            categories = report["categories"]
            assert isinstance(categories, dict)
            scores = [round(100 * (categories[c]["score"] or 0)) for c in CATEGORIES]
            print(f"{page:<48} " + " ".join(f"{s:>5}" for s in scores), flush=True)
            audits = report["audits"]
            assert isinstance(audits, dict)
            failed[page] = sorted(
                f"{key}: {audits[key]['title']}"
                for c in CATEGORIES[1:]
                for ref in categories[c]["auditRefs"]
                if (key := ref["id"]) in audits
                and audits[key]["score"] is not None
                and audits[key]["scoreDisplayMode"] in ("binary", "numeric")
                and audits[key]["score"] < 1
            )
        server.shutdown()
    for page, names in failed.items():
        for name in names:
            print(f"  {page}: {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
