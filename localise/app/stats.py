"""``localise stats``: each catalog's counts and its edition's readiness under the language's policy.

Public: CatalogRow, project_stats(project).
"""

from __future__ import annotations

from dataclasses import dataclass

from localise.catalogs.pofile import read_catalog
from localise.catalogs.state import CatalogStats, catalog_stats
from localise.glossary.terms import project_glossary
from localise.mt.style import project_style
from localise.project import Project
from localise.publish.readiness import edition_status, may_publish

__all__ = ["CatalogRow", "project_stats"]


@dataclass(frozen=True)
class CatalogRow:
    """One catalog in ``localise stats``: its counts, and its edition's readiness under the language's policy."""

    lang: str
    catalog: str
    stats: CatalogStats
    readiness: str = ""
    findings: int = 0
    publish: str = "reviewed"
    goes_out: bool = False


def project_stats(project: Project) -> list[CatalogRow]:
    """Per catalog of the project: entries by state, glossary terms covered, the edition's readiness."""
    glossary = project_glossary(project)
    rows = []
    for path in project.catalogs():
        lang = path.parent.parent.name
        catalog = read_catalog(path, lang=lang, display_path=project.display(path))
        status = edition_status(catalog, glossary, lang=lang, style=project_style(project, lang))
        policy = project.settings.publish_for(lang)
        rows.append(
            CatalogRow(
                lang,
                project.display(path),
                catalog_stats(catalog.po, glossary),
                status.readiness.value,
                status.findings,
                policy,
                may_publish(status.readiness, policy),
            )
        )
    return rows
