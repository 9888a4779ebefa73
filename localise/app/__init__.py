"""The application: the build as named phases, and the project-wide services beside it.

A build runs read -> template -> merge -> draft -> assess -> write -> render, each phase a function a
newsroom script can call on its own and each calling its stage once. Everything is read and
validated before anything is written (a broken source, glossary or PO file stops the run with
nothing changed), and every catalog is read once: the read phase's ``CatalogFile`` is what merge
starts from, what the write compares against, and what ``review`` and the check place findings
with. Catalogs are merged (human work is never overwritten) and written atomically; editions are
rendered from the catalogs, so a translator's edit shows in the next build. The assess phase
decides each edition's readiness (``publish.readiness``) before anything is written, so
``--require-reviewed`` stops a build with every edition that falls short named and nothing
new on disk; the render phase writes what the publish policy lets out to ``build/site/`` (the
folder to upload: editions, index, Atom feeds, sitemap) and the rest to ``build/preview/``.

Modules: ``phases`` (read, template, merge, write), ``drafting`` (the draft phase: engines, the
machine memory, the newsroom's reviewed memory), ``editions`` (assess and render), ``changes`` (what
a build must redo, from the build state), ``build`` (``build_project``: the phases article by
article, only where something changed), ``workers`` (the process pool), ``review``, ``stats`` and
``oneoff`` (``localise translate``).

Public: build_project(project, ...), BuildResult, read_inputs(project, langs), Inputs, make_templates(inputs),
merge_catalogs(inputs, templates, langs), draft_catalogs(inputs, catalogs, ...), write_templates(inputs, templates),
write_catalogs(inputs, templates, catalogs), assess_editions(inputs, catalogs, langs, ...), Assessment,
render_editions(inputs, catalogs, langs, out, ...), Rendered, update_templates(project), project_stats(project),
CatalogRow, review_project(project, ...), Reviewed, translate_texts(project, texts, ...), DraftOutcome.
"""

from localise.app.build import build_project
from localise.app.drafting import DraftOutcome, draft_catalogs
from localise.app.editions import Assessment, Rendered, assess_editions, render_editions
from localise.app.oneoff import translate_texts
from localise.app.phases import (
    BuildResult,
    Inputs,
    make_templates,
    merge_catalogs,
    read_inputs,
    update_templates,
    write_catalogs,
    write_templates,
)
from localise.app.review import Reviewed, review_project
from localise.app.stats import CatalogRow, project_stats

__all__ = [
    "Assessment",
    "BuildResult",
    "CatalogRow",
    "DraftOutcome",
    "Inputs",
    "Rendered",
    "Reviewed",
    "assess_editions",
    "build_project",
    "draft_catalogs",
    "make_templates",
    "merge_catalogs",
    "project_stats",
    "read_inputs",
    "render_editions",
    "review_project",
    "translate_texts",
    "update_templates",
    "write_catalogs",
    "write_templates",
]
