"""argostranslate package management: validate, install, list and remove ``.argosmodel`` packages.

Public: ModelInfo, list_models(directory), broken_models(directory), install_model(path, directory),
install_from_index(langs, directory), remove_model(name, directory),
prepare_argos_environment(directory), installed_packages(directory), PIVOT.

Packages live in one models directory (``Project.models_dir``). Only ``argostranslate.package``
is imported here (light); the translation stack is the engine's business.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from localise.errors import ModelMissing

if TYPE_CHECKING:  # pragma: no cover
    from argostranslate.package import Package

__all__ = [
    "PIVOT",
    "ModelInfo",
    "broken_models",
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


def _metadata(raw: bytes, where: str | Path) -> dict[str, object]:
    """A package's metadata.json, validated: a JSON object naming its two languages."""
    try:
        meta = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelMissing(
            f"package metadata.json is not valid JSON ({exc}); rebuild the package", path=where
        ) from exc
    if not isinstance(meta, dict):
        raise ModelMissing("package metadata.json is not a JSON object; rebuild the package", path=where)
    for field in ("from_code", "to_code"):
        value = meta.get(field)
        if not isinstance(value, str) or not value.strip() or "/" in value:
            raise ModelMissing(
                f'package metadata.json has no valid "{field}" (a language code such as "fr"); rebuild the package',
                path=where,
            )
    return meta


def _problem(folder: Path) -> str | None:
    """Why an installed package folder cannot be used, or None when it can."""
    try:
        _metadata((folder / "metadata.json").read_bytes(), folder)
    except OSError:
        return "no metadata.json"
    except ModelMissing as exc:
        return exc.message
    if not (folder / "model" / "model.bin").is_file():
        return "no CTranslate2 model (model/model.bin)"
    return None


def _package_folders(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith("."))


def broken_models(directory: Path) -> list[tuple[Path, str]]:
    """Package folders in ``directory`` that cannot be used, with the reason (``models list`` shows them)."""
    return [(folder, problem) for folder in _package_folders(directory) if (problem := _problem(folder))]


def installed_packages(directory: Path) -> list[Package]:
    """argostranslate translation packages installed in ``directory`` (none if it does not exist).

    A broken package folder is skipped (``broken_models`` names it), never a crash.
    """
    folders = [f for f in _package_folders(directory) if _problem(f) is None]
    if not folders:  # nothing installed: no need to create anything, nor to import argostranslate
        return []
    prepare_argos_environment(directory)
    from argostranslate import package as argos_package

    packages = [argos_package.Package(folder) for folder in folders]
    return [p for p in packages if getattr(p, "type", "translate") == "translate"]


def list_models(directory: Path) -> list[ModelInfo]:
    """Installed translation packages in ``directory``."""
    return [
        ModelInfo(p.package_path.name, p.from_code, p.to_code, str(p.package_version), p.package_path)
        for p in installed_packages(directory)
    ]


def _members(archive: zipfile.ZipFile, source: Path) -> tuple[str, list[zipfile.ZipInfo]]:
    """The package's one top folder and its entries, refusing anything that would land outside it."""
    members = archive.infolist()
    tops = {m.filename.split("/", 1)[0] for m in members}
    for member in members:
        name = member.filename
        parts = name.split("/")
        if name.startswith("/") or "\\" in name or ".." in parts or (len(name) > 1 and name[1] == ":"):
            raise ModelMissing(
                f'package entry "{name}" points outside the package folder; refusing it', path=source
            )
        if stat.S_ISLNK(member.external_attr >> 16):
            raise ModelMissing(f'package entry "{name}" is a symbolic link; refusing it', path=source)
    if len(tops) != 1 or not members:
        raise ModelMissing(
            "a package holds exactly one top folder (translate-fr_en-…/); this one does not", path=source
        )
    top = tops.pop()
    names = {m.filename for m in members}
    if f"{top}/metadata.json" not in names:
        raise ModelMissing("package has no metadata.json; it is not an argostranslate package", path=source)
    if f"{top}/model/model.bin" not in names:
        raise ModelMissing(
            "package holds no CTranslate2 model (model/model.bin); rebuild the package", path=source
        )
    return top, members


def install_model(path: str | Path, directory: Path) -> ModelInfo:
    """Install a ``.argosmodel`` file into ``directory``, validated before anything is written.

    The package is unpacked into a hidden folder beside the others and renamed into place,
    so a bad package, a full disk or an interrupted install leaves the models folder as it was.
    """
    source = Path(path)
    if not source.is_file():
        raise ModelMissing("no such model file; give the path to a .argosmodel package", path=source)
    if not zipfile.is_zipfile(source):
        raise ModelMissing("not an argostranslate package (a .argosmodel is a zip archive)", path=source)
    with zipfile.ZipFile(source) as archive:
        top, members = _members(archive, source)
        meta = _metadata(archive.read(f"{top}/metadata.json"), source)
        try:
            directory.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=directory))
        except OSError as exc:
            raise ModelMissing(f"cannot write the models folder: {exc.strerror}", path=directory) from exc
        try:
            archive.extractall(staging, members)
            installed = directory.resolve() / top
            if installed.exists():
                old = Path(tempfile.mkdtemp(prefix=".replaced-", dir=directory))
                os.replace(installed, old / top)
                os.replace(staging / top, installed)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(staging / top, installed)
        except OSError as exc:
            raise ModelMissing(
                f"cannot install the package: {exc.strerror}; nothing was changed", path=directory
            ) from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return ModelInfo(
        top, str(meta["from_code"]), str(meta["to_code"]), str(meta.get("package_version", "")), installed
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
    for folder, _ in broken_models(directory):
        if name == folder.name:
            shutil.rmtree(folder)
            return ModelInfo(folder.name, "?", "?", "", folder)
    raise ModelMissing(f'no installed model "{name}"; see `localise models list`', path=directory)
