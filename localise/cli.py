"""The ``localise`` command: a thin click layer over the library.

Commands parse options, call the library, print. A LocaliseError becomes a
one-line message and exit 2; a failed check exits 1.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from .errors import LocaliseError
from .files import display_path
from .ingest import read_article
from .units import make_units

EXIT_CHECK_FAILED = 1
EXIT_INPUT_ERROR = 2


class _InputError(click.ClickException):
    exit_code = EXIT_INPUT_ERROR


def _fail(exc: LocaliseError) -> NoReturn:
    raise _InputError(str(exc)) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="localise")
def cli() -> None:
    """Offline translation and localisation of scraped news articles.

    Pipeline: sources/ -> units -> glossary-masked MT -> locale/<lang>/LC_MESSAGES/*.po
    -> build/<lang>/*.html. Run `localise build` for the English and Vietnamese editions.
    """


@cli.command()
@click.argument("source", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Emit the article and its units as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the dropped page chrome.")
def ingest(source: Path, as_json: bool, verbose: bool) -> None:
    """Show the structure of SOURCE: blocks by kind and its translation units."""
    try:
        article = read_article(source, display_path=display_path(source))
    except LocaliseError as exc:
        _fail(exc)
    units = make_units(article)
    if as_json:
        payload: dict[str, Any] = {
            "slug": article.slug,
            "source_lang": article.source_lang,
            "path": article.path,
            "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "source_url": article.source_url,
            "blocks": [
                {"kind": b.kind, "line": b.line, "text": b.text, **({"credit": b.credit} if b.credit else {})}
                for b in article.blocks
            ],
            "units": [{"id": u.id, "kind": u.kind, "line": u.line, "source": u.source} for u in units],
            "dropped": list(article.dropped),
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    counts = Counter(b.kind for b in article.blocks)
    click.echo(f"{article.path}: {article.slug} ({article.source_lang})")
    click.echo(f"  title: {article.title}")
    if article.published:
        click.echo(f"  published: {article.published.isoformat()}")
    click.echo("  blocks: " + ", ".join(f"{kind} {n}" for kind, n in counts.items()))
    click.echo(f"  units: {len(units)}; page chrome dropped: {len(article.dropped)}")
    if verbose:
        for line in article.dropped:
            click.echo(f"  dropped: {line}")
    for u in units:
        click.echo(f"{u.line:>5} {u.id:<14} {u.kind:<9} {u.source}")


_GLOSSARY_OPTION = click.option(
    "--glossary",
    "glossary_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("glossary.csv"),
    show_default=True,
    help="The term base.",
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, exists=True))
@_GLOSSARY_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--include-fuzzy", is_flag=True, help="Also check machine drafts and suggestions.")
def check(paths: tuple[Path, ...], glossary_path: Path, fmt: str, include_fuzzy: bool) -> None:
    """Check PO files (default: every catalog under locale/) against the glossary.

    Prints `path:line: glossary: "Ouchakov" → expected "Ushakov"` per violation and exits 1.
    """
    from .checks import check_catalog, find_catalogs
    from .glossary import load_glossary

    try:
        glossary = load_glossary(glossary_path, display_path=display_path(glossary_path))
        files: list[Path] = []
        for path in paths or (Path("."),):
            files.extend(find_catalogs(path) if path.is_dir() else [path])
        findings = [
            f
            for file in files
            for f in check_catalog(display_path(file), glossary, include_fuzzy=include_fuzzy)
        ]
    except LocaliseError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"files": len(files), "findings": [f.as_dict() for f in findings]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for finding in findings:
            click.echo(str(finding))
        click.echo(f"{len(files)} catalog(s) checked, {len(findings)} violation(s)", err=True)
    if findings:
        sys.exit(EXIT_CHECK_FAILED)


@cli.command()
@_GLOSSARY_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(glossary_path: Path, fmt: str) -> None:
    """Per catalog: units total / reviewed / machine / suggestion / untranslated / obsolete, glossary terms."""
    from dataclasses import asdict

    from .catalog import catalog_stats, read_catalog
    from .checks import find_catalogs
    from .glossary import load_glossary

    try:
        glossary = (
            load_glossary(glossary_path, display_path=display_path(glossary_path))
            if glossary_path.exists()
            else None
        )
        rows = []
        for path in find_catalogs("."):
            lang = path.parent.parent.name
            numbers = catalog_stats(read_catalog(path, lang=lang, display_path=display_path(path)), glossary)
            rows.append({"lang": lang, "catalog": display_path(path), **asdict(numbers)})
    except LocaliseError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no catalogs under locale/; run `localise build` first")
        return
    click.echo(
        f"{'lang':<5} {'total':>6} {'reviewed':>9} {'machine':>8} {'suggest':>8} {'untransl':>9} {'obsolete':>9} {'terms':>6}  catalog"
    )
    for r in rows:
        pct = 100 * r["reviewed"] / r["total"] if r["total"] else 0.0
        click.echo(
            f"{r['lang']:<5} {r['total']:>6} {r['reviewed']:>5} {pct:>3.0f}% {r['machine']:>8} {r['suggestion']:>8} "
            f"{r['untranslated']:>9} {r['obsolete']:>9} {r['glossary_terms']:>6}  {r['catalog']}"
        )


_MODELS_OPTION = click.option(
    "--models-dir",
    type=click.Path(path_type=Path, file_okay=False),
    envvar="LOCALISE_MODELS_DIR",
    default=None,
    help="Installed argostranslate packages [env LOCALISE_MODELS_DIR; default .localise/models].",
)


def _engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--engine, --engine-url (repeatable) and --api-key, shared by build, translate and eval."""
    from .engines.registry import ENGINE_NAMES

    func = click.option(
        "--api-key",
        envvar="LOCALISE_API_KEY",
        default=None,
        help="API key for the server engines [env LOCALISE_API_KEY].",
    )(func)
    func = click.option(
        "--engine-url",
        "engine_urls",
        multiple=True,
        metavar="URL",
        help="A server for --engine apertium-apy|libretranslate; repeat for several (round robin).",
    )(func)
    return click.option(
        "--engine",
        "engine_name",
        type=click.Choice(ENGINE_NAMES),
        default=None,
        help="Engine for every language [default: [tool.localise.routes], else argos where a model is "
        "installed, else Apertium where its pairs are].",
    )(func)


def _engines(
    langs: tuple[str, ...] | list[str],
    engine_name: str | None,
    engine_urls: tuple[str, ...],
    api_key: str | None,
    models_dir: Path | None,
    **argos_opts: Any,
) -> dict[str, Any]:
    from .engines.registry import engines_for
    from .project import Project

    project = Project.at(".").with_overrides(models_dir=models_dir)
    return engines_for(
        project, list(langs), engine=engine_name, urls=engine_urls, api_key=api_key, **argos_opts
    )


class _Progress:
    """A click progress bar per engine hop, on a terminal only and never with --quiet."""

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: Any = None
        self._label = ""

    def batch(self, label: str, count: int) -> None:
        self.close()
        if self.enabled:
            self._bar = click.progressbar(length=count, label=f"translating ({label})", file=sys.stderr)
            self._bar.__enter__()
            self._label = label

    def item(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def articles(self, count: int) -> Callable[[str], None] | None:
        """A bar over articles for multi-article builds, opened when the first article is written."""
        if not self.enabled or count < 2:
            return None

        def advance(slug: str) -> None:
            if self._label != "articles":
                self.close()
                self._bar = click.progressbar(
                    length=count, label="writing catalogs and editions", file=sys.stderr
                )
                self._bar.__enter__()
                self._label = "articles"
            self.item()

        return advance

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
            self._label = ""


@cli.command()
@click.option(
    "--lang", "langs", multiple=True, default=("en", "vi"), show_default=True, help="Edition language."
)
@click.option(
    "--out", type=click.Path(path_type=Path, file_okay=False), default=Path("build"), show_default=True
)
@_GLOSSARY_OPTION
@_MODELS_OPTION
@click.option("--no-mt", is_flag=True, help="Do not machine-translate; render from the catalogs as they are.")
@click.option("--no-memory", is_flag=True, help="Do not read or write the translation memory.")
@click.option(
    "--threads", type=click.IntRange(1), default=None, help="CTranslate2 intra-op threads per batch."
)
@click.option("--require-translated", is_flag=True, help="Exit 1 if any entry has no translation.")
@click.option("--require-reviewed", is_flag=True, help="Exit 1 if any entry is still a machine draft.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@_engine_options
def build(
    langs: tuple[str, ...],
    out: Path,
    glossary_path: Path,
    models_dir: Path | None,
    no_mt: bool,
    no_memory: bool,
    threads: int | None,
    require_translated: bool,
    require_reviewed: bool,
    quiet: bool,
    engine_name: str | None,
    engine_urls: tuple[str, ...],
    api_key: str | None,
) -> None:
    """Build the catalogs and the localised editions of every article in sources/.

    New or changed units get machine drafts (fuzzy) when a model is installed; the
    editions are rendered from locale/*/LC_MESSAGES/*.po into OUT/<lang>/<slug>.html.
    """
    from .engines import DEFAULT_THREADS
    from .errors import TranslationIncomplete
    from .memory import DEFAULT_MEMORY_PATH
    from .pipeline import build_project, find_sources

    progress = _Progress(enabled=not quiet)
    try:
        engines = _engines(
            langs,
            engine_name,
            engine_urls,
            api_key,
            models_dir,
            inter_threads=DEFAULT_THREADS["inter_threads"] if threads is None else 1,
            intra_threads=DEFAULT_THREADS["intra_threads"] if threads is None else threads,
            on_batch=progress.batch if progress.enabled else None,
            on_item=progress.item if progress.enabled else None,
        )
        on_article = progress.articles(len(find_sources(".")))
        result = build_project(
            ".",
            on_article=on_article,
            langs=langs,
            out=out,
            engines=engines,
            translate=not no_mt,
            memory_path=None if no_memory else DEFAULT_MEMORY_PATH,
            glossary_path=glossary_path,
            require_translated=require_translated,
            require_reviewed=require_reviewed,
        )
    except TranslationIncomplete as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_CHECK_FAILED)
    except LocaliseError as exc:
        _fail(exc)
    finally:
        progress.close()
    if quiet:
        return
    for lang in langs:
        click.echo(
            f"{lang}: {result.drafted.get(lang, 0)} new machine drafts, {result.machine.get(lang, 0)} unreviewed, "
            f"{result.untranslated.get(lang, 0)} untranslated"
        )
    if result.report is not None:
        hits = sum(result.report.memory_hits.values())
        click.echo(f"translation memory: {hits} hits; engine calls: {result.report.engine_calls}")
    if any(result.untranslated.values()):
        for reason in result.model_problems or ["machine translation was skipped (--no-mt)"]:
            click.echo(f"untranslated entries stay empty: {reason}", err=True)
    click.echo(
        f"catalogs written: {len(result.catalogs_written)}; editions: {', '.join(display_path(p) for p in result.editions)}"
    )


@cli.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--from", "source_lang", default="fr", show_default=True)
@click.option("--to", "targets", multiple=True, default=("en",), show_default=True)
@_GLOSSARY_OPTION
@_MODELS_OPTION
@_engine_options
def translate(
    text: tuple[str, ...],
    source_lang: str,
    targets: tuple[str, ...],
    glossary_path: Path,
    models_dir: Path | None,
    engine_name: str | None,
    engine_urls: tuple[str, ...],
    api_key: str | None,
) -> None:
    """Translate sentences through the pipeline (glossary and numbers protected), one line per target."""
    from .glossary import Glossary, load_glossary
    from .translate import draft_translations

    try:
        glossary = load_glossary(glossary_path) if glossary_path.exists() else Glossary([])
        engines = _engines(targets, engine_name, engine_urls, api_key, models_dir)
        drafts: dict[str, Any] = {}
        for lang in targets:
            drafts.update(
                draft_translations(
                    list(text),
                    source_lang=source_lang,
                    target_langs=[lang],
                    engine=engines[lang],
                    glossary=glossary,
                )[0]
            )
    except LocaliseError as exc:
        _fail(exc)
    for lang in targets:
        for sentence in text:
            draft = drafts[lang][sentence]
            click.echo(f"{lang}: {draft.text}")
            for problem in draft.problems:
                click.echo(f"{lang}: warning: {problem}", err=True)


@cli.group()
def models() -> None:
    """List, install and remove argostranslate packages (.argosmodel)."""


@models.command("list")
@_MODELS_OPTION
def models_list(models_dir: Path | None) -> None:
    """Installed translation packages."""
    from .models import list_models

    directory = resolve(models_dir)
    found = list_models(directory)
    if not found:
        click.echo(f"no models in {directory}; install one with `localise models install PATH.argosmodel`")
    for model in found:
        click.echo(f"{model.source}→{model.target}  {model.name}  {model.version}  {model.path}")


@models.command("install")
@click.argument("items", nargs=-1, required=True)
@click.option(
    "--from-index",
    is_flag=True,
    help="ITEMS are language codes (fr en vi: fr→en and fr→vi, through English if need be), "
    "downloaded from the Argos package index. Needs network.",
)
@_MODELS_OPTION
def models_install(items: tuple[str, ...], from_index: bool, models_dir: Path | None) -> None:
    """Install .argosmodel files, or with --from-index packages for language codes."""
    from .models import install_from_index, install_model

    directory = resolve(models_dir)
    try:
        if from_index:
            if len(items) < 2:
                raise click.UsageError("--from-index needs a source and at least one target: fr en vi")
            installed = install_from_index(list(items), directory)
        else:
            installed = [install_model(path, directory) for path in items]
    except LocaliseError as exc:
        _fail(exc)
    for model in installed:
        click.echo(f"installed {model.source}→{model.target} {model.name} {model.version}")


@models.command("remove")
@click.argument("name")
@_MODELS_OPTION
def models_remove(name: str, models_dir: Path | None) -> None:
    """Uninstall a package by name or language pair (fr-en)."""
    from .models import remove_model

    try:
        model = remove_model(name, resolve(models_dir))
    except LocaliseError as exc:
        _fail(exc)
    click.echo(f"removed {model.name}")


@cli.command("engines")
@click.option(
    "--lang", "langs", multiple=True, help="Target languages to route [default: [tool.localise] languages]."
)
@click.option("--engine-url", "engine_urls", multiple=True, metavar="URL", help="Servers to probe.")
@click.option(
    "--engine",
    "engine_name",
    type=click.Choice(["apertium-apy", "libretranslate"]),
    default=None,
    help="The server engine --engine-url is for [default: both].",
)
@click.option("--api-key", envvar="LOCALISE_API_KEY", default=None, help="API key for the servers.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_MODELS_OPTION
def engines_command(
    langs: tuple[str, ...],
    engine_urls: tuple[str, ...],
    engine_name: str | None,
    api_key: str | None,
    fmt: str,
    models_dir: Path | None,
) -> None:
    """Each engine: available here or not and why, its pairs; then the engine per target language."""
    from dataclasses import asdict

    from .engines.registry import engine_status
    from .project import Project

    try:
        project = Project.at(".").with_overrides(models_dir=models_dir)
        report = engine_status(
            project, list(langs) or None, urls=engine_urls, urls_for=engine_name, api_key=api_key
        )
    except LocaliseError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps(asdict(report), ensure_ascii=False, indent=2))
        return
    for status in report.engines:
        mark = "available" if status.available else "unavailable"
        click.echo(f"{status.name:<15} {mark:<12} {status.detail}")
        if status.pairs:
            click.echo(f"{'':<15} pairs: {', '.join(f'{s}→{t}' for s, t in status.pairs)}")
    click.echo("routes:")
    for route in report.routes:
        click.echo(f"  fr→{route.lang}: {route.engine or 'none'} ({route.reason})")


@cli.group()
def memory() -> None:
    """The translation memory in .localise/memory.sqlite."""


@memory.command("clear")
def memory_clear() -> None:
    """Forget every stored machine translation."""
    from .memory import DEFAULT_MEMORY_PATH, TranslationMemory

    if not DEFAULT_MEMORY_PATH.exists():
        click.echo("translation memory is empty")
        return
    with TranslationMemory(DEFAULT_MEMORY_PATH) as tm:
        click.echo(f"removed {tm.clear()} translations from {DEFAULT_MEMORY_PATH}")


@cli.command("eval")
@click.option(
    "--refs",
    "refs_path",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="TSV: fr, en, vi.",
)
@click.option(
    "--system",
    "systems",
    type=click.Choice(["pipeline", "raw", "catalog"]),
    multiple=True,
    default=("pipeline",),
    show_default=True,
    help="pipeline: glossary-masked batched MT; raw: no glossary (argos: argostranslate translate() per "
    "sentence; other engines: the engine on the plain French); catalog: the translations in locale/.",
)
@click.option("--compare-raw", is_flag=True, help="Shorthand for --system pipeline --system raw.")
@click.option("--lang", "langs", multiple=True, default=("en", "vi"), show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_GLOSSARY_OPTION
@_MODELS_OPTION
@_engine_options
def eval_command(
    refs_path: Path,
    systems: tuple[str, ...],
    compare_raw: bool,
    langs: tuple[str, ...],
    fmt: str,
    glossary_path: Path,
    models_dir: Path | None,
    engine_name: str | None,
    engine_urls: tuple[str, ...],
    api_key: str | None,
) -> None:
    """Score translations of the reference French against human references: chrF, BLEU, glossary adherence."""
    from dataclasses import asdict

    from .catalog import read_catalog, translations
    from .checks import find_catalogs
    from .engines import argos_translate_each
    from .evaluate import LanguageScore, evaluate, read_references
    from .glossary import Glossary, load_glossary
    from .translate import draft_translations

    chosen = list(dict.fromkeys((*systems, "raw") if compare_raw else systems))
    try:
        refs = read_references(refs_path)
        glossary = load_glossary(glossary_path) if glossary_path.exists() else Glossary([])
        french = list(dict.fromkeys(r.fr for r in refs))
        wanted = [lang for lang in langs if any(lang in r.targets for r in refs)]
        engines = _engines(wanted, engine_name, engine_urls, api_key, models_dir)
        scores: list[LanguageScore] = []
        for system in chosen:
            if system == "pipeline":
                outputs = {}
                for lang in wanted:
                    drafts, _ = draft_translations(
                        french, source_lang="fr", target_langs=[lang], engine=engines[lang], glossary=glossary
                    )
                    outputs[lang] = {s: d.text for s, d in drafts[lang].items()}
            elif system == "raw":
                outputs = {}
                for lang in wanted:
                    engines[lang].describe("fr", lang)  # the engine's own one-line error when it cannot
                    raw = (
                        argos_translate_each(french, "fr", lang, resolve(models_dir))
                        if engines[lang].name == "argos"
                        else engines[lang].translate(french, "fr", lang)
                    )
                    outputs[lang] = dict(zip(french, raw, strict=True))
            else:
                outputs = {lang: {} for lang in wanted}
                for path in find_catalogs("."):
                    lang = path.parent.parent.name
                    if lang in outputs:
                        texts = translations(read_catalog(path, lang=lang))
                        outputs[lang].update({msgid: t.text for msgid, t in texts.items()})
            scores.extend(evaluate(refs, outputs[lang], glossary, lang, system=system) for lang in wanted)
    except LocaliseError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(
            json.dumps(
                [{**asdict(s), "adherence": round(s.adherence, 1)} for s in scores],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    click.echo(
        f"{'system':<9} {'lang':<4} {'n':>3} {'chrF':>6} {'BLEU':>6} {'terms ok':>9} {'adherence':>9} {'FR left':>7}"
    )
    for s in scores:
        click.echo(
            f"{s.system:<9} {s.lang:<4} {s.sentences:>3} {s.chrf:>6.1f} {s.bleu:>6.1f} "
            f"{s.terms_correct:>4}/{s.terms_expected:<4} {s.adherence:>8.0f}% {s.french_forms_left:>7}"
        )
    for s in scores:
        click.echo(f"\nworst {len(s.worst)} by chrF ({s.system}, {s.lang}):")
        for item in s.worst:
            click.echo(f"  {item['chrf']:>5}  line {item['line']}: {item['hypothesis']}")


def resolve(explicit: Path | None) -> Path:
    from .project import Project

    return Project.at(".").with_overrides(models_dir=explicit).models_dir


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="localise")


if __name__ == "__main__":  # pragma: no cover
    main()
