"""`localise ingest` as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from localise.cli import cli


def test_ingest_prints_structure(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(cli, ["ingest", str(seed_path)])
    assert result.exit_code == 0, result.output
    assert "image 17" in result.output and "lead 6" in result.output
    assert "page chrome dropped: 4" in result.output


def test_ingest_json(runner: CliRunner, seed_path: Path) -> None:
    result = runner.invoke(cli, ["ingest", "--json", str(seed_path)])
    payload = json.loads(result.output)
    assert payload["slug"] == "trump-putin-alaska-summit"
    assert sum(1 for b in payload["blocks"] if b["kind"] == "image") == 17
    assert len(payload["units"]) == len({u["id"] for u in payload["units"]})
    assert payload["published"] == "2025-08-15T16:07:04+07:00"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02binary\x00",
        "Élysée".encode("latin-1"),
        "Plus récent Plus ancien\nComment (0)\n".encode(),
    ],
    ids=["empty", "binary", "latin1", "only-chrome"],
)
def test_bad_input_exits_2_with_one_line(runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.fr.txt"
    path.write_bytes(content)
    result = runner.invoke(cli, ["ingest", str(path)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "bad.fr.txt" in lines[0]
    assert "Traceback" not in result.output
