"""``localise review``: a proof page per catalog, article by article (bounded memory), and their index.

Public: Reviewed, review_project(project, ...).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from localise.app.phases import read_inputs
from localise.app.workers import Job, Pool
from localise.buildstate import write_if_changed
from localise.errors import CatalogError, SourceError
from localise.glossary.terms import project_glossary
from localise.mt.style import project_style
from localise.project import Project
from localise.publish.editions import edition_for
from localise.publish.readiness import EditionStatus, edition_status

if TYPE_CHECKING:  # pragma: no cover
    from localise.publish.review import ReviewPage

__all__ = ["Reviewed", "review_project"]


@dataclass(frozen=True)
class Reviewed:
    """What ``review_project`` wrote: each proof page with its edition's status, and the index."""

    pages: tuple[tuple[Path, EditionStatus], ...]
    index: Path

    @property
    def paths(self) -> list[Path]:
        return [path for path, _ in self.pages] + [self.index]


def review_project(
    project: Project,
    *,
    langs: Sequence[str] | None = None,
    out: str | Path | None = None,
    jobs: int | None = None,
) -> Reviewed:
    """``localise review``: ``out/review/<lang>/<slug>.html`` per catalog and ``out/review/index.html``.

    Reads the catalogs as they are (no merge, no machine translation): the desk sees what the
    translators saved, with the check's findings on every entry, machine drafts included. Article by
    article, each read once and let go (``jobs`` processes, as the build); a page that already holds
    what it should is not written again.
    """
    from localise.publish.editions import render_review_index

    langs = tuple(langs or project.settings.languages)
    folder = (Path(out).resolve() if out is not None else project.build_dir) / "review"
    sources = project.sources()
    job = Job(project, langs, folder, project_glossary(project), False)
    pool = Pool(job, len(sources), jobs)
    pages, written = [], []
    slugs: dict[str, str] = {}
    try:
        for path, (slug, found) in zip(sources, pool.map(_review_article, sources), strict=True):
            if slug in slugs:
                raise SourceError(
                    f'two sources make the article "{slug}" ({slugs[slug]} and this one); rename one',
                    path=project.display(path),
                )
            slugs[slug] = project.display(path)
            for target, page in found:
                written.append(target)
                pages.append(page)
    finally:
        pool.close()
    if not pages:
        raise CatalogError(
            "no catalogs to review; run `localise build` first", path=project.display(project.locale_dir)
        )
    index = folder / "index.html"
    write_if_changed(index, render_review_index(pages, langs), shown=project.display(index))
    return Reviewed(
        tuple((path, page.status) for path, page in zip(written, pages, strict=True) if page.status), index
    )


def _review_article(job: Job, path: Path) -> tuple[str, list[tuple[Path, ReviewPage]]]:
    """One article's proof pages written; each page returned without its rows (the index needs its counts)."""
    from localise.publish.editions import render_review
    from localise.publish.review import review_page
    from localise.qa.check import check_catalog

    project = job.project
    inputs = read_inputs(project, job.langs, sources=[path], glossary=job.glossary)
    article = inputs.articles[0]
    found = []
    for lang in job.langs:
        catalog = inputs.catalogs.get((article.slug, lang))
        if catalog is None:
            continue
        style = project_style(project, lang)
        problems = check_catalog(catalog, job.glossary, lang=lang, include_fuzzy=True, style=style)
        findings: dict[str, list[str]] = {}
        for finding in problems:
            findings.setdefault(finding.msgid, []).append(finding.message)
        page = review_page(
            article,
            inputs.units[article.slug],
            catalog,
            lang=lang,
            glossary=job.glossary,
            findings=findings,
            status=edition_status(catalog, job.glossary, lang=lang, findings=problems),
        )
        target = job.out / lang / f"{article.slug}.html"
        html = render_review(page, edition_for(lang, timezones=project.settings.timezones))
        write_if_changed(target, html, shown=project.display(target))
        slim = dataclasses.replace(article, blocks=(), dropped=())
        found.append((target, dataclasses.replace(page, rows=(), article=slim)))
    return article.slug, found
