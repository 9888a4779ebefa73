"""The light install the README's CI snippets use: `localise check` needs none of the translation stack."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
#: What the CI snippets install besides localise itself (pip install --no-deps -e .).
LIGHT = re.findall(
    r"pip install (babel==\S+ click==\S+ polib==\S+ rapidfuzz==\S+ num2words==\S+ confusable-homoglyphs==\S+ "
    r"regex==\S+)",
    README,
)
#: The distributions of the light install.
LIGHT_NAMES = ("babel", "click", "polib", "rapidfuzz", "num2words", "confusable-homoglyphs", "regex")

# Everything else localise depends on, made unimportable for the run below.
BLOCK = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ImportError(f"{{name}} is not installed (the light CI install)")
sys.meta_path.insert(0, Block())
"""
RUN = """
sys.argv = ["localise", *sys.argv[1:]]
from localise.cli import main
main()
"""


def _pins() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    return dict(d.split("==") for d in deps)


def test_the_snippets_pin_what_pyproject_pins() -> None:
    assert len(LIGHT) == 2  # GitHub Actions and GitLab CI
    pins = _pins()
    for line in LIGHT:
        assert dict(p.split("==") for p in line.split()) == {k: pins[k] for k in LIGHT_NAMES}


def test_check_runs_with_only_the_light_dependencies(tmp_path: Path) -> None:
    light = {name.replace("-", "_") for name in LIGHT_NAMES} | {"docopt"}
    blocked = {
        "argostranslate", "ctranslate2", "sentencepiece", "torch", "stanza", "sacrebleu",
        "bs4", "jinja2", "tzdata", "numpy", "spacy",
    }  # fmt: skip
    assert not light & blocked
    for name in ("locale", "sources"):
        shutil.copytree(ROOT / name, tmp_path / name)
    planted = (Path(__file__).parent / "data" / "planted.en.po").read_text(encoding="utf-8")
    (tmp_path / "locale" / "en" / "LC_MESSAGES" / "planted.po").write_text(planted, encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    script = BLOCK.format(blocked=sorted(blocked)) + RUN
    blocker = subprocess.run(
        [sys.executable, "-c", BLOCK.format(blocked=sorted(blocked)) + "import jinja2"], capture_output=True
    )
    assert blocker.returncode == 1  # the blocking works
    for fmt in ("text", "sarif", "github", "codequality", "json"):
        done = subprocess.run(
            [sys.executable, "-c", script, "check", "--format", fmt],
            cwd=tmp_path,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 1, done.stderr  # the planted findings, found without the blocked packages
        assert "ImportError" not in done.stderr and "Traceback" not in done.stderr
