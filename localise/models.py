"""argostranslate package management: validate, install, list and remove ``.argosmodel`` packages.

Public: ModelInfo, list_models(directory), install_model(path, directory),
install_from_index(langs, directory), remove_model(name, directory),
prepare_argos_environment(directory), installed_packages(directory), PIVOT.

Packages live in one models directory (``Project.models_dir``). Only ``argostranslate.package``
is imported here (light); the translation stack is the engine's business.
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ModelMissing

if TYPE_CHECKING:  # pragma: no cover
    from argostranslate.package import Package

__all__ = [
    "PIVOT",
    "ModelInfo",
    "install_from_index",
    "install_model",
    "installed_packages",
    "list_models",
    "prepare_argos_environment",
    "remove_model",
]

#: The language every pivot route goes through.
PIVOT = "en"


def prepare_argos_environment(directory: Path) -> None:
    """Point argostranslate at ``directory`` before it is imported (it reads these once, at import).

    Its data, cache and config directories go beside the packages unless the caller
    already chose them, so nothing is written to the home directory.
    """
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    os.environ["ARGOS_PACKAGES_DIR"] = str(directory)
    state = directory.parent / ".argos"
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"), ("XDG_CONFIG_HOME", "config")):
        os.environ.setdefault(var, str(state / sub))
    import sys

    settings = sys.modules.get("argostranslate.settings")
    if settings is not None:  # already imported in this process: retarget it
        settings.package_data_dir = directory  # type: ignore[attr-defined]
        settings.package_dirs = [directory]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ModelInfo:
    """An installed argostranslate package."""

    name: str
    source: str
    target: str
    version: str
    path: Path


def installed_packages(directory: Path) -> list[Package]:
    """argostranslate translation packages installed in ``directory`` (none if it does not exist)."""
    if not directory.is_dir():  # nothing installed: no need to create it, nor to import argostranslate
        return []
    prepare_argos_environment(directory)
    from argostranslate import package as argos_package

    return [
        p
        for p in argos_package.get_installed_packages(path=[directory])
        if getattr(p, "type", "translate") == "translate"
    ]


def list_models(directory: Path) -> list[ModelInfo]:
    """Installed translation packages in ``directory``."""
    return [
        ModelInfo(p.package_path.name, p.from_code, p.to_code, str(p.package_version), p.package_path)
        for p in installed_packages(directory)
    ]


def install_model(path: str | Path, directory: Path) -> ModelInfo:
    """Install a ``.argosmodel`` file into ``directory`` with argostranslate's package API."""
    source = Path(path)
    if not source.is_file():
        raise ModelMissing("no such model file; give the path to a .argosmodel package", path=source)
    if not zipfile.is_zipfile(source):
        raise ModelMissing("not an argostranslate package (a .argosmodel is a zip archive)", path=source)
    with zipfile.ZipFile(source) as archive:
        metas = [n for n in archive.namelist() if n.count("/") == 1 and n.endswith("/metadata.json")]
        if not metas:
            raise ModelMissing(
                "package has no metadata.json; it is not an argostranslate package", path=source
            )
        meta = json.loads(archive.read(metas[0]))
    prepare_argos_environment(directory)
    from argostranslate import package as argos_package

    argos_package.install_from_path(source)
    installed = directory.resolve() / metas[0].split("/")[0]
    return ModelInfo(
        installed.name, meta["from_code"], meta["to_code"], str(meta.get("package_version", "")), installed
    )


def install_from_index(langs: Sequence[str], directory: Path) -> list[ModelInfo]:
    """Download and install, from the Argos package index, what translates ``langs[0]`` into each other language.

    A missing direct package (fr→vi) is replaced by the pivot package through English (en→vi).
    Needs network; offline it fails with a ModelMissing that says what to do instead.
    """
    if len(langs) < 2:
        return []
    prepare_argos_environment(directory)
    from argostranslate import package as argos_package
    from argostranslate import settings as argos_settings

    argos_package.update_package_index()
    if not Path(argos_settings.local_package_index).exists():
        raise ModelMissing(
            "cannot reach the Argos package index (offline?); download the .argosmodel files on a "
            "connected machine and run `localise models install PATH.argosmodel`",
            path=str(argos_settings.remote_package_index),
        )
    source, targets = langs[0], list(langs[1:])
    wanted = [(source, t) for t in targets]
    for pair in wanted:
        if argos_package.install_package_for_language_pair(*pair):
            continue
        hops = [(pair[0], PIVOT), (PIVOT, pair[1])]
        if PIVOT in pair or not all(argos_package.install_package_for_language_pair(*hop) for hop in hops):
            raise ModelMissing(
                f"the package index has no {pair[0]}→{pair[1]} model, direct or through {PIVOT}"
            )
    return list_models(directory)


def remove_model(name: str, directory: Path) -> ModelInfo:
    """Uninstall the package named ``name`` (or ``SRC-TGT``) from ``directory``."""
    for model in list_models(directory):
        if name in (model.name, f"{model.source}-{model.target}", f"{model.source}_{model.target}"):
            shutil.rmtree(model.path)
            return model
    raise ModelMissing(f'no installed model "{name}"; see `localise models list`', path=directory)
