"""Every page type passes axe-core in the system's Chromium, at desktop and phone widths, and fits the phone.

axe-core 4.14 and puppeteer-core come from npm (``tests/browser``: ``npm ci``, which ``.ci/run`` does);
the pages are those of the committed project: published editions, previews, both indexes, proof pages.
Full-page screenshots of each land in ``build/test-artifacts/`` for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from committed import copy_committed

from localise.cli import cli

ROOT = Path(__file__).resolve().parent.parent
NODE = Path(__file__).resolve().parent / "browser"
SEED, TYPHOON = "trump-putin-alaska-summit", "typhon-yagi-nord-vietnam"
PAGES = {
    "edition": f"site/en/{SEED}.html",
    "edition, Vietnamese": f"site/vi/{SEED}.html",
    "index": "site/index.html",
    "preview, incomplete": f"preview/vi/{TYPHOON}.html",
    "preview, machine drafts": f"preview/en/{TYPHOON}.html",
    "preview index": "preview/index.html",
    "proof page, drafts": f"review/en/{TYPHOON}.html",
    "proof page, Vietnamese": f"review/vi/{TYPHOON}.html",
    "proof page, reviewed": f"review/en/{SEED}.html",
    "proof index": "review/index.html",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed project's pages: ``build`` then ``review``, with no engine."""
    root = tmp_path_factory.mktemp("audited")
    copy_committed(root)
    runner = CliRunner()
    for args in (["-C", str(root), "build", "--no-mt", "--no-memory", "-q"], ["-C", str(root), "review"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
    return root / "build"


def _axe(folder: Path, pages: list[str], width: int, shots: Path) -> list[dict[str, object]]:
    node = shutil.which("node")
    if node is None or not (NODE / "node_modules" / "axe-core").is_dir():
        from servers import missing_tool

        missing_tool("axe-core is not installed: run `npm ci` in tests/browser (.ci/run does)")
    done = subprocess.run(
        [str(node), str(NODE / "axe.mjs"), *pages],
        cwd=folder,  # screenshots are named after the pages' paths: site_en_<slug>-390.png
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "CHROMIUM": shutil.which("chromium") or "/usr/bin/chromium",
            "WIDTH": str(width),
            "SHOTS": str(shots),
        },
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return list(json.loads(done.stdout))


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_type_has_no_axe_violation_and_fits_the_screen(built: Path, width: int) -> None:
    shots = ROOT / "build" / "test-artifacts"
    shots.mkdir(parents=True, exist_ok=True)
    results = _axe(built, list(PAGES.values()), width, shots)
    assert len(results) == len(PAGES)
    for kind, result in zip(PAGES, results, strict=True):
        violations = result["violations"]
        assert violations == [], f"{kind}: {json.dumps(violations, indent=1)[:3000]}"
        assert int(str(result["scrollWidth"])) <= width, f"{kind} is wider than {width} px"
    assert len(list(shots.glob(f"*-{width}.png"))) >= len(PAGES)
