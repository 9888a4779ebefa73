"""Project: found from any subfolder as git does, every path owned by it, settings from [tool.localise]."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from localise.cli import cli
from localise.errors import ProjectError
from localise.project import Project, find_project


def test_project_is_found_from_a_subfolder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = project / "locale" / "en" / "LC_MESSAGES"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    found = find_project()
    assert found.root == project.resolve()
    assert found.catalog_path("x", "en") == deep / "x.po"
    assert found.memory_path == project.resolve() / ".localise" / "memory.sqlite"


def test_a_pyproject_table_marks_a_project_without_a_glossary(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.localise]\nlanguages = ["en", "de"]\ntimezones = { de = "Europe/Berlin" }\nmodels-dir = "m"\n',
        encoding="utf-8",
    )
    (tmp_path / "sub").mkdir()
    project = find_project(tmp_path / "sub")
    assert project.settings.languages == ("en", "de")
    assert project.settings.timezones == {"de": "Europe/Berlin"}
    assert Project.at(tmp_path).settings.models_dir == "m"


def test_outside_any_project_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not inside a localise project"):
        find_project(tmp_path)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("[tool.localise]\nlangs = ['en']\n", 'unknown setting "langs"'),
        ("[tool.localise]\nlanguages = 'en'\n", "languages must be a list"),
        ("[tool.localise\n", "pyproject.toml does not parse"),
    ],
)
def test_bad_settings_name_the_file_and_the_fix(tmp_path: Path, table: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(table, encoding="utf-8")
    (tmp_path / "glossary.csv").write_text("fr,en,vi,kind,note\n", encoding="utf-8")
    with pytest.raises(ProjectError, match=message):
        Project.at(tmp_path)


def test_build_from_a_subfolder_writes_into_the_project(
    project: Path, runner: CliRunner, monkeypatch
) -> None:
    monkeypatch.chdir(project / "sources")
    result = runner.invoke(cli, ["build", "--no-mt", "--no-memory"])
    assert result.exit_code == 0, result.output
    assert (project / "locale" / "en" / "LC_MESSAGES" / "trump-putin-alaska-summit.po").exists()
    assert (project / "build" / "site" / "index.html").exists()
    assert not (project / "sources" / "locale").exists() and not (project / "sources" / "build").exists()


def test_dash_c_runs_as_if_started_in_the_project(
    project: Path, runner: CliRunner, tmp_path_factory, monkeypatch
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    monkeypatch.chdir(elsewhere)
    result = runner.invoke(cli, ["-C", str(project), "build", "--no-mt", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert (project / "build" / "preview" / "en" / "trump-putin-alaska-summit.html").exists()  # untranslated
    assert not (elsewhere / "build").exists()


def test_models_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "glossary.csv").write_text("fr,en,vi,kind,note\n", encoding="utf-8")
    monkeypatch.delenv("LOCALISE_MODELS_DIR", raising=False)
    project = Project.at(tmp_path)
    assert project.models_dir == tmp_path.resolve() / ".localise" / "models"
    monkeypatch.setenv("LOCALISE_MODELS_DIR", str(tmp_path / "env"))
    assert project.models_dir == (tmp_path / "env").resolve()
    assert project.with_overrides(models_dir=tmp_path / "flag").models_dir == (tmp_path / "flag").resolve()
