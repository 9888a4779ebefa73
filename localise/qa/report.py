"""Views of a check report for people and for CI platforms: text, JSON, SARIF 2.1.0, GitHub, GitLab.

Public: FORMATS, text_lines(report, ...), summary(report), json_report(report, ...),
sarif_report(report, root, ...), github_lines(report, ...), codequality_report(report).

Each is a view of the same list of findings, as ruff's output formats are: ``text`` is
``path:line:col: kind: message``; ``sarif`` is what GitHub code scanning and other SARIF
viewers show inline (one rule per finding kind, paths relative to the project root);
``github`` prints workflow commands that annotate the pull request; ``codequality`` is GitLab's
Code Quality report.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from pathlib import Path
from typing import Any
from urllib.parse import quote

from localise.qa.findings import CheckReport, Finding
from localise.qa.rules import RULES

__all__ = [
    "FORMATS",
    "codequality_report",
    "github_lines",
    "json_report",
    "sarif_report",
    "summary",
    "text_lines",
]

FORMATS = ("text", "json", "sarif", "github", "codequality")
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: What a SARIF result carries of a finding beyond its message and place.
_PROPERTIES = ("term", "expected", "found", "msgid", "msgstr", "state")


def _shown(report: CheckReport, show_suppressed: bool) -> list[Finding]:
    findings = list(report.findings) + (list(report.suppressed) if show_suppressed else [])
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.kind))


def text_lines(report: CheckReport, *, show_suppressed: bool = False) -> list[str]:
    """One ``path:line:col: kind: message`` line per finding."""
    return [str(f) for f in _shown(report, show_suppressed)]


def summary(report: CheckReport) -> str:
    """The closing line: how many catalogs, findings and suppressed findings."""
    hidden = f", {len(report.suppressed)} suppressed" if report.suppressed else ""
    return f"{len(report.catalogs)} catalog(s) checked, {len(report.findings)} finding(s){hidden}"


def json_report(report: CheckReport, *, show_suppressed: bool = False) -> dict[str, Any]:
    """Every finding with all its fields; suppressed ones under ``suppressed`` when asked for."""
    data: dict[str, Any] = {
        "files": len(report.catalogs),
        "findings": [asdict(f) for f in report.findings],
        "suppressed_count": len(report.suppressed),
    }
    if show_suppressed:
        data["suppressed"] = [asdict(f) for f in report.suppressed]
    return data


def sarif_report(report: CheckReport, root: Path, *, show_suppressed: bool = False) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one run, one rule per finding kind, one result per finding.

    Locations are relative to the project root (``uriBaseId`` PROJECTROOT), columns count Unicode
    code points. Suppressed findings, when shown, carry an in-source suppression, so viewers list
    them as dismissed.
    """
    from localise import __version__

    kinds = list(RULES)
    results = []
    for finding in _shown(report, show_suppressed):
        # No end: what was found may run on over a wrapped msgstr's next line.
        region: dict[str, Any] = {"startLine": finding.line, "startColumn": finding.column}
        uri = quote(Path(finding.path).as_posix())
        result: dict[str, Any] = {
            "ruleId": finding.kind,
            "ruleIndex": kinds.index(finding.kind),
            "level": RULES[finding.kind].level,
            "message": {"text": finding.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "PROJECTROOT"},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {"localiseFinding/v1": _fingerprint(finding)},
            "properties": {key: getattr(finding, key) for key in _PROPERTIES},
        }
        if finding.suppressed:
            result["suppressions"] = [{"kind": "inSource", "justification": "# localise: allow"}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "localise",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule.id,
                                "name": "".join(part.capitalize() for part in rule.id.split("-")),
                                "shortDescription": {"text": rule.description},
                                "fullDescription": {"text": rule.full_description},
                                "defaultConfiguration": {"level": rule.level},
                                "help": {"text": f"{rule.full_description} {rule.fix}"},
                            }
                            for rule in RULES.values()
                        ],
                    }
                },
                "originalUriBaseIds": {"PROJECTROOT": {"uri": root.resolve().as_uri() + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def _fingerprint(finding: Finding) -> str:
    """Stable across line moves: the file, the kind, the term and the entry's French."""
    key = "\x00".join((finding.path, finding.kind, finding.term, finding.msgid))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


#: A SARIF level as a GitHub workflow command.
_GITHUB_LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def github_lines(report: CheckReport, *, show_suppressed: bool = False) -> list[str]:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=…::message`` per finding."""
    lines = []
    for f in _shown(report, show_suppressed):
        level = "notice" if f.suppressed else _GITHUB_LEVELS[RULES[f.kind].level]
        title = _escape_property(f"localise {f.kind}")
        props = f"file={_escape_property(f.path)},line={f.line},col={f.column},title={title}"
        lines.append(f"::{level} {props}::{_escape_data(f.message + f.marks)}")
    return lines


def codequality_report(report: CheckReport) -> list[dict[str, Any]]:
    """GitLab's Code Quality report (a JSON array): merge requests show each finding on its line."""
    return [
        {
            "description": f.message + f.marks,
            "check_name": f.kind,
            "fingerprint": _fingerprint(f),
            "severity": RULES[f.kind].severity,
            "location": {"path": f.path, "lines": {"begin": f.line}},
        }
        for f in _shown(report, False)
    ]
