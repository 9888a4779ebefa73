"""Scraped article (text dump or HTML page) -> Article.

Public: read_article(path), parse_text(text, ...), parse_html(html, ...), split_credit(caption), CHROME_PATTERNS.

Text dumps follow the scraper's layout: the title on the first line, summary
bullets ("- " or "— "), page chrome, then live-blog entries (a heading, then
paragraphs, quotes and ``![]()`` image placeholders, each followed by its caption
ending in "(Photo : AFP)"), and a "Source : URL" line. Page chrome is dropped and
listed in ``Article.dropped``.
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from localise.errors import SourceError
from localise.files import decode_utf8
from localise.model import Article, Block
from localise.sources.units import split_sentences

__all__ = ["CHROME_PATTERNS", "parse_html", "parse_text", "read_article", "split_credit"]

#: Lines that are page furniture, not content (matched on the stripped line).
CHROME_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^plus récent\s+plus ancien$",
        r"^suivez le déroulement de l['’]événement\.?$",
        r"^comment(?:aire)?s?\s*\(\d+\)$",
        r"^(?:lire|voir) (?:aussi|plus)\b.*$",
        r"^partager(?: sur .*)?$",
    )
)

_BULLET = re.compile(r"^[-—–•]\s+")
_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]*)\)$")
#: "(Photo : AFP)" opening a caption's last parenthesis (``split_credit``).
_CREDIT_OPENING = re.compile(r"\(\s*(?:photo|photos|crédit|credit)\s*:", re.I)
_SOURCE = re.compile(r"^source\s*:\s*(?P<url>https?://\S+)\s*$", re.I)
_URL_STAMP = re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{0,3}(?!\d)")
_ATTRIBUTION = re.compile(
    r"»\s*,\s*(?:a|avait|ont)\b|\b(?:a|avait|ont) (?:déclaré|ajouté|indiqué|annoncé|répondu|écrit|souligné)\b"
    r"|-t-(?:il|elle)\b|\bselon\b",
    re.I,
)
# A heading announces an entry; these openings continue a previous thought instead.
_CONTINUATION = re.compile(
    r"^(?:il|elle|ils|elles|ce|cet|cette|ces|mais|et|alors|parallèlement|de plus|en outre|"
    r"par ailleurs|pour sa part|de son côté|auparavant|cependant)\b",
    re.I,
)
_HEADING_MAX = 100
#: Control characters, but tab and line feed (carriage returns are line ends, made line feeds first).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def read_article(path: str | Path, *, display_path: str | None = None, raw: bytes | None = None) -> Article:
    """Read a source file (``<slug>.<lang>.txt`` or ``.html``) into an Article.

    ``raw``: the file's bytes when the caller has read them already (to know exactly what was read).
    Raises SourceError for an empty, binary, non-UTF-8 or content-free file.
    """
    p = Path(path)
    shown = display_path or str(path)
    try:
        raw = p.read_bytes() if raw is None else raw
    except OSError as exc:
        raise SourceError(f"cannot read source: {exc.strerror}; check the path", path=shown) from exc
    text = _decode(raw, shown)
    slug, lang = _slug_and_lang(p)
    if p.suffix.lower() in (".html", ".htm"):
        return parse_html(text, slug=slug, source_lang=lang, path=shown)
    return parse_text(text, slug=slug, source_lang=lang, path=shown)


def _decode(raw: bytes, shown: str) -> str:
    """The source's text, NFC, with ``\\n`` line ends; SourceError for bytes that are not an article's text.

    The whole file is scanned: one NUL or ESC past the first kilobytes would otherwise reach the
    catalogs (which no gettext tool then reads) and the terminal.
    """
    if not raw.strip():
        raise SourceError("source is empty; scrape the article again or remove the file", path=shown)
    if _is_utf16(raw):
        name = shlex.quote(shown)
        raise SourceError(
            f"source is UTF-16, not UTF-8; convert it: `iconv -f UTF-16 -t UTF-8 {name} > {name}.new && "
            f"mv {name}.new {name}`",
            path=shown,
        )
    if b"\x00" in raw[:8192]:
        raise SourceError("source is binary, not text; give a UTF-8 .txt or .html file", path=shown)
    text = decode_utf8(
        raw, error=SourceError, path=shown, what="source", fix="convert it, e.g. `iconv -f latin1 -t utf-8`"
    )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise SourceError("source is binary, not text; give a UTF-8 .txt or .html file", path=shown)
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        raise SourceError(
            f"the control character U+{ord(control.group()):04X} at column {column} is not article text; "
            "delete it (a scraper or copy-paste leftover)",
            path=shown,
            line=line,
        )
    return unicodedata.normalize("NFC", text)


def _is_utf16(raw: bytes) -> bool:
    """A byte order mark of UTF-16, or text whose every other byte is NUL (ASCII in UTF-16)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:4096]
    return (
        len(head) >= 8
        and min(head[0::2].count(0), head[1::2].count(0)) == 0
        and max(head[0::2].count(0), head[1::2].count(0)) > len(head) // 4
    )


def _slug_and_lang(p: Path) -> tuple[str, str]:
    stem = p.name
    for suffix in (".txt", ".html", ".htm"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    base, _, lang = stem.rpartition(".")
    if base and re.fullmatch(r"[a-z]{2,3}", lang):
        return base, lang
    return stem, "fr"


def split_credit(caption: str) -> tuple[str, str]:
    """(caption, credit) of a caption that ends with its photo credit, "… (Photo : AFP)." ((caption, "")
    if it has none).

    Read from the caption's last parenthesis, so that a long caption costs its length once: a
    pattern searched from every position costs the square of a long run of spaces or of "(".
    """
    tail = caption.rstrip()
    if tail.endswith("."):
        tail = tail[:-1].rstrip()
    opening = tail.rfind("(")
    found = _CREDIT_OPENING.match(tail, opening) if tail.endswith(")") and opening >= 0 else None
    credit = tail[found.end() : -1].strip() if found is not None else ""
    if not credit or ")" in credit:
        return caption, ""
    return tail[:opening].rstrip(), credit


def _is_chrome(line: str) -> bool:
    return any(p.match(line) for p in CHROME_PATTERNS)


def _published_from_url(url: str) -> datetime | None:
    """The publication time many CMSs (dantri, vnexpress…) stamp into article URLs."""
    m = _URL_STAMP.search(url)
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) for g in m.groups())
    host = re.sub(r"^https?://([^/]+).*$", r"\1", url)
    tz = ZoneInfo("Asia/Ho_Chi_Minh") if host.endswith(".vn") else ZoneInfo("UTC")
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None


def _looks_like_heading(line: str) -> bool:
    """Live-blog entry headlines: one short sentence, no quote attribution, not a continuation."""
    if len(line) > _HEADING_MAX or len(split_sentences(line)) > 1:
        return False
    if _ATTRIBUTION.search(line) or _CONTINUATION.match(line) or "également" in line:
        return False
    return not line.endswith((":", ","))


def _body_kind(line: str) -> str:
    return "quote" if line.startswith(("«", "“", '"')) else "paragraph"


def parse_text(text: str, *, slug: str, source_lang: str = "fr", path: str = "<text>") -> Article:
    """Parse a scraper's text dump into an Article (see the module docstring for the layout)."""
    lines = [(n, raw.strip()) for n, raw in enumerate(text.split("\n"), start=1)]
    content = [(n, s) for n, s in lines if s]
    dropped: list[str] = []
    blocks: list[Block] = []
    if not content:
        raise SourceError("source is empty; scrape the article again or remove the file", path=path)

    # The summary zone runs from after the title to the last bullet before the first chrome line.
    first_chrome = next((i for i, (_, s) in enumerate(content) if _is_chrome(s)), len(content))
    bullets = [i for i, (_, s) in enumerate(content[:first_chrome]) if _BULLET.match(s)]
    lead_end = bullets[-1] + 1 if bullets else 1

    i = 0
    source_url = ""
    title = ""
    while i < len(content):
        n, s = content[i]
        if _is_chrome(s):
            dropped.append(s)
        elif i >= lead_end and i < first_chrome and _is_section_label(s, content, i):
            dropped.append(s)  # section label printed above the live-blog controls
        elif not title and not _IMAGE.match(s):
            title = _BULLET.sub("", s)
            blocks.append(Block("title", title, n))
        elif 0 < i < lead_end:
            blocks.append(Block("lead", _BULLET.sub("", s), n))
        elif m := _IMAGE.match(s):
            caption_line, caption, credit = n, "", ""
            if (
                i + 1 < len(content)
                and not _IMAGE.match(content[i + 1][1])
                and not _is_chrome(content[i + 1][1])
            ):
                caption_line, caption = content[i + 1]
                i += 1
                caption, credit = split_credit(caption)
            if not caption and not credit:
                dropped.append(s)  # an image with no caption is an empty alt, not content
            else:
                blocks.append(Block("image", caption, caption_line, credit=credit, src=m.group("src")))
        elif sm := _SOURCE.match(s):
            source_url = sm.group("url")
            blocks.append(Block("source", source_url, n))
        elif _looks_like_heading(s) and not (i + 1 < len(content) and _CONTINUATION.match(content[i + 1][1])):
            # An entry's first paragraph introduces its subject: a line followed by "Ce…", "Il…"
            # is the start of a paragraph run, not an entry heading.
            blocks.append(Block("heading", s, n))
        else:
            blocks.append(Block(_body_kind(s), s, n))
        i += 1

    _require_text(blocks, path, "the scraper output")
    published = _published_from_url(source_url) if source_url else None
    return Article(slug, source_lang, path, title, tuple(blocks), published, source_url, tuple(dropped))


def _require_text(blocks: list[Block], path: str, where: str) -> None:
    """SourceError unless the blocks hold text beyond a title and a link."""
    if not any(b.kind not in ("title", "source") for b in blocks):
        raise SourceError(
            f"source holds no article text (only page chrome or a title); check {where}", path=path
        )


def _is_section_label(line: str, content: list[tuple[int, str]], i: int) -> bool:
    """A short unpunctuated line right above live-blog chrome ("Sommet Russie-États-Unis")."""
    nxt = content[i + 1][1] if i + 1 < len(content) else ""
    return _is_chrome(nxt) and len(line) < 60 and not re.search(r"[.!?:»]$", line)


def parse_html(html: str, *, slug: str, source_lang: str = "fr", path: str = "<html>") -> Article:
    """Parse an article page: ``h1`` title, list items before the first entry as leads,
    ``h2``–``h4`` entry headings, ``p``/``blockquote``, ``figure`` with ``figcaption``,
    canonical link as source, ``time[datetime]`` or ``article:published_time`` as date.
    Navigation, asides, scripts and chrome text are dropped."""
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(html, "html.parser")
    dropped: list[str] = []
    for junk in soup.find_all(["script", "style", "nav", "footer", "aside", "header", "form", "noscript"]):
        if junk.name == "header" and junk.find("h1"):
            continue
        junk.decompose()
    root = soup.find("article") or soup.body or soup
    blocks: list[Block] = []
    title = ""

    def line_of(tag: Tag) -> int:
        return int(getattr(tag, "sourceline", 0) or 0)

    def text_of(tag: Tag) -> str:
        return re.sub(r"\s+", " ", tag.get_text(" ", strip=True)).strip()

    seen_heading = False
    for tag, pieces in _html_blocks(root):
        if tag.name == "figure":
            cap = tag.find("figcaption")
            caption = text_of(cap) if isinstance(cap, Tag) else ""
            credit = ""
            if isinstance(cap, Tag) and (cr := cap.find(class_=re.compile("credit|author"))):
                credit = re.sub(r"^(?:photo|crédit)\s*:\s*", "", text_of(cr), flags=re.I)
                cr.decompose()
                caption = text_of(cap)
            else:
                caption, credit = split_credit(caption)
            img = tag.find("img")
            src = str(img.get("src", "")) if isinstance(img, Tag) else ""
            line = line_of(cap if isinstance(cap, Tag) else tag)
            if caption or credit:
                blocks.append(Block("image", caption, line, credit=credit, src=src))
            continue
        text = re.sub(r"\s+", " ", " ".join(pieces)).strip()
        if not text:
            continue
        if _is_chrome(text):
            dropped.append(text)
            continue
        if tag.name == "h1" and not title:
            kind, title = "title", text
        elif tag.name in ("h2", "h3", "h4"):
            kind, seen_heading = "heading", True
        elif tag.name == "li":
            kind = "paragraph" if seen_heading else "lead"
        elif tag.name == "blockquote":
            kind = "quote"
        elif sm := _SOURCE.match(text):
            kind, text = "source", sm.group("url")
        else:
            kind = _body_kind(text)
        blocks.append(Block(kind, text, line_of(tag)))

    if not title and soup.title and soup.title.string:
        title = soup.title.string.strip()
        blocks.insert(0, Block("title", title, line_of(soup.title)))
    source_url = next((b.text for b in blocks if b.kind == "source"), "")
    canonical = soup.find("link", rel="canonical")
    if not source_url and isinstance(canonical, Tag) and canonical.get("href"):
        source_url = str(canonical["href"])
        blocks.append(Block("source", source_url, line_of(canonical)))
    _require_text(blocks, path, "the page markup")
    published = _published_from_html(soup) or (_published_from_url(source_url) if source_url else None)
    return Article(slug, source_lang, path, title, tuple(blocks), published, source_url, tuple(dropped))


#: The elements whose text is one block of the article; a figure is read whole by ``parse_html``.
_HTML_BLOCKS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "blockquote", "figure"})


def _html_blocks(root: object) -> list[tuple[Any, list[str]]]:
    """(element, its text pieces) of every block element under ``root``, in document order, in one walk.

    A block's text is its own: a block inside it is a block of its own (an unclosed ``<p>``, which
    Python's parser nests in the one before, is the next paragraph, not a copy of it), except that
    everything inside a quotation or a figure, and a paragraph inside a list item, is theirs. One
    walk over the tree with a stack of its own: a page of 20,000 nested elements costs its size.
    """
    from bs4.element import CData, NavigableString, Tag

    assert isinstance(root, Tag)
    found: list[tuple[Any, list[str]]] = []
    # (children to walk, pieces of the innermost open block, is that block this frame's, what it absorbs)
    walk: list[tuple[Iterator[Any], list[str] | None, bool, frozenset[str]]] = [
        (iter(root.contents), None, False, frozenset())
    ]
    while walk:
        children, pieces, _, absorbs = walk[-1]
        child = next(children, None)
        if child is None:
            walk.pop()
            continue
        if isinstance(child, NavigableString):
            if pieces is not None and type(child) in (NavigableString, CData) and child.strip():
                pieces.append(child.strip())
            continue
        if not isinstance(child, Tag):
            continue
        if child.name not in _HTML_BLOCKS or child.name in absorbs:
            walk.append((iter(child.contents), pieces, False, absorbs))
        elif child.name == "figure":
            found.append((child, []))
        else:
            own: list[str] = []
            found.append((child, own))
            inside = (
                _HTML_BLOCKS
                if child.name == "blockquote"
                else frozenset({"p"})
                if child.name == "li"
                else frozenset()
            )
            walk.append((iter(child.contents), own, True, inside))
    return found


def _published_from_html(soup: object) -> datetime | None:
    from bs4 import BeautifulSoup, Tag

    assert isinstance(soup, BeautifulSoup)
    meta = soup.find("meta", attrs={"property": "article:published_time"})
    time_tag = soup.find("time", attrs={"datetime": True})
    for value in (
        meta.get("content") if isinstance(meta, Tag) else None,
        time_tag.get("datetime") if isinstance(time_tag, Tag) else None,
    ):
        if isinstance(value, str):
            try:
                stamp = datetime.fromisoformat(value)
            except ValueError:
                continue
            return stamp if stamp.tzinfo else stamp.replace(tzinfo=ZoneInfo("UTC"))
    return None
