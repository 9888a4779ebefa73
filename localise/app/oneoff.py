"""``localise translate``: texts drafted outside any article, through the project's glossary, engines
and house style.

Public: translate_texts(project, texts, ...).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from localise.errors import LocaliseError
from localise.glossary.terms import project_glossary
from localise.model import Draft
from localise.mt.engines import Engine
from localise.mt.engines.registry import engines_for
from localise.mt.style import project_style
from localise.mt.translate import draft_with_engines
from localise.project import Project

__all__ = ["translate_texts"]


def translate_texts(
    project: Project,
    texts: Sequence[str],
    *,
    source_lang: str,
    targets: Sequence[str],
    engines: Mapping[str, Engine] | None = None,
) -> tuple[dict[str, dict[str, Draft]], dict[str, str]]:
    """One-off sentences through the same pipeline as a build (glossary and numbers protected, the house
    style applied), no memory.

    ``engines`` (per language) default to each language's route. Returns the drafts of every
    language an engine serves here, and for each other language the one-line reason it has none.
    """
    engines = engines or engines_for(project, targets, source=source_lang)
    unavailable: dict[str, str] = {}
    for lang in targets:
        try:
            engines[lang].describe(source_lang, lang)
        except LocaliseError as exc:
            unavailable[lang] = exc.message
    served = [lang for lang in targets if lang not in unavailable]
    drafts, _, problems = draft_with_engines(
        {lang: list(texts) for lang in served},
        source_lang=source_lang,
        engines={lang: engines[lang] for lang in served},
        glossary=project_glossary(project),
        styles={lang: project_style(project, lang) for lang in served},
    )
    if problems:  # pragma: no cover - each engine was asked above
        raise problems[0]
    return drafts, unavailable
