"""Model packages are validated before anything is written; a bad one leaves the models folder as it was."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from localise.cli import cli
from localise.mt.engines.argos_packages import broken_models, install_model, list_models


def _snapshot(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def _rezip(good: Path, out: Path, change) -> Path:
    """A copy of the package ``good`` with its entries passed through ``change(name, data) -> [(name, data)]``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buffer, "w") as dst:
        for info in src.infolist():
            for name, data in change(info.filename, src.read(info)):
                dst.writestr(name, data)
    out.write_bytes(buffer.getvalue())
    return out


def _meta(mutate):
    def change(name: str, data: bytes):
        if name.endswith("/metadata.json"):
            return [(name, mutate(data))]
        return [(name, data)]

    return change


BAD = {
    "invalid-json": (_meta(lambda d: b"{not json"), "metadata.json is not valid JSON"),
    "no-from-code": (
        _meta(lambda d: json.dumps({**json.loads(d), "from_code": None}).encode()),
        '"from_code"',
    ),
    "not-an-object": (_meta(lambda d: b"[1, 2]"), "not a JSON object"),
    "no-model": (lambda n, d: [] if "/model/" in n else [(n, d)], "no CTranslate2 model"),
    "dot-dot": (
        lambda n, d: (
            [(n, d), ("translate-fr_en-tiny/../../evil.txt", b"x")]
            if n.endswith("metadata.json")
            else [(n, d)]
        ),
        "points outside",
    ),
    "absolute": (
        lambda n, d: [(n, d), ("/tmp/evil.txt", b"x")] if n.endswith("metadata.json") else [(n, d)],
        "points outside",
    ),
    "two-tops": (
        lambda n, d: [(n, d), ("other/x.txt", b"x")] if n.endswith("metadata.json") else [(n, d)],
        "exactly one top folder",
    ),
    "no-metadata": (lambda n, d: [] if n.endswith("metadata.json") else [(n, d)], "no metadata.json"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_bad_package_is_refused_with_one_line_and_nothing_changes(
    tmp_path: Path, tiny_packages: dict[str, Path], case: str
) -> None:
    change, message = BAD[case]
    directory = tmp_path / "models"
    install_model(tiny_packages["en-vi"], directory)
    before = _snapshot(directory)
    bad = _rezip(tiny_packages["fr-en"], tmp_path / "bad.argosmodel", change)
    result = CliRunner().invoke(cli, ["models", "install", str(bad), "--models-dir", str(directory)])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in result.output
    assert _snapshot(directory) == before
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert [m.target for m in list_models(directory)] == ["vi"]


def test_a_broken_installed_folder_is_reported_not_a_crash(
    tmp_path: Path, tiny_packages: dict[str, Path]
) -> None:
    directory = tmp_path / "models"
    install_model(tiny_packages["fr-en"], directory)
    (directory / "translate-xx_yy").mkdir()
    (directory / "translate-xx_yy" / "metadata.json").write_text("{oops", encoding="utf-8")
    assert [f.name for f, _ in broken_models(directory)] == ["translate-xx_yy"]
    runner = CliRunner()
    listed = runner.invoke(cli, ["models", "list", "--models-dir", str(directory)])
    assert listed.exit_code == 0 and "fr→en" in listed.stdout and "broken: translate-xx_yy" in listed.stderr
    assert (
        runner.invoke(cli, ["models", "remove", "translate-xx_yy", "--models-dir", str(directory)]).exit_code
        == 0
    )
    assert broken_models(directory) == []


def test_reinstalling_replaces_the_package_in_place(tmp_path: Path, tiny_packages: dict[str, Path]) -> None:
    directory = tmp_path / "models"
    install_model(tiny_packages["fr-en"], directory)
    install_model(tiny_packages["fr-en"], directory)
    assert [m.name for m in list_models(directory)] == ["translate-fr_en-tiny"]
    assert [p.name for p in directory.iterdir()] == ["translate-fr_en-tiny"]


@pytest.mark.parametrize("where", ["proc", "file-as-folder"])
def test_an_output_path_that_cannot_be_written_is_one_line(
    project: Path, runner: CliRunner, where: str
) -> None:
    if where == "proc":
        args = ["build", "--no-mt", "--out", "/proc/localise-x"]
        expected = "/proc/localise-x"
    else:
        (project / "locale" / "en").mkdir(parents=True)
        (project / "locale" / "en" / "LC_MESSAGES").write_text("not a folder", encoding="utf-8")
        args = ["build", "--no-mt"]
        expected = "locale/en/LC_MESSAGES/trump-putin-alaska-summit.po"
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {expected}") and "cannot write" in lines[0]
