"""Quality smoke tests on real argostranslate packages, where ../shared/models/ has them.

Marked ``models``; they skip with the reason when no real package is available.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from localise.glossary.adherence import check_terms
from localise.glossary.terms import load_glossary
from localise.mt.engines import ArgosEngine
from localise.mt.engines.argos_packages import install_model, list_models
from localise.mt.translate import draft_translations

ROOT = Path(__file__).resolve().parent.parent
SHARED_MODELS = ROOT.parent / "shared" / "models"
PACKAGES = sorted(SHARED_MODELS.glob("*.argosmodel")) if SHARED_MODELS.is_dir() else []

pytestmark = [
    pytest.mark.models,
    pytest.mark.skipif(not PACKAGES, reason=f"no real .argosmodel packages in {SHARED_MODELS}"),
]

SENTENCES = [
    "Le conseiller présidentiel Youri Ouchakov participera à la réunion avec M. Poutine.",
    "La porte-parole de la Maison Blanche, Karoline Leavitt, a déclaré que la rencontre aurait lieu en Alaska.",
    "Selon Kiev, seul un cessez-le-feu peut jeter les bases de véritables négociations de paix.",
]


@pytest.fixture(scope="module")
def real_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("real-models")
    for package in PACKAGES:
        install_model(package, directory)
    return directory


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_names_come_out_as_the_glossary_says(real_models: Path, lang: str) -> None:
    pairs = {(m.source, m.target) for m in list_models(real_models)}
    if ("fr", lang) not in pairs and not {("fr", "en"), ("en", lang)} <= pairs:
        pytest.skip(f"no fr→{lang} route among the real packages {sorted(pairs)}")
    glossary = load_glossary(ROOT / "glossary.csv")
    drafts, _ = draft_translations(
        SENTENCES, source_lang="fr", target_langs=[lang], engine=ArgosEngine(real_models), glossary=glossary
    )
    for source, draft in drafts[lang].items():
        assert check_terms(glossary, source, draft.text, lang) == [], (source, draft.text)
        assert "[" not in draft.text
    text = " ".join(d.text for d in drafts[lang].values())
    if lang == "en":
        assert len(re.findall(r"\b(the|and|of|to|a|in|with|said)\b", text, re.I)) >= 5
    else:
        assert len(re.findall(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text)) >= 10
