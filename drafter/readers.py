"""Readers: turn a user's txt, md, html or docx file into text, whatever its encoding.

Used by `drafter ingest` and by the batch rewrite of legacy job descriptions. HTML and DOCX
headings become Markdown headings (`#`, `##`, ...) so the knowledge chunker can split on them.
"""

from __future__ import annotations

import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from drafter.errors import InputError

MAX_FILE_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
DOCX_SUFFIXES = frozenset({".docx"})
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES

DetectedLanguage = Literal["en", "zh-Hans", "zh-Hant"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]+")


def read_document(path: Path) -> str:
    """Read a txt, md, html or docx file as text (headings as Markdown); InputError if unusable."""
    path = Path(path)
    file = str(path)
    if not path.exists():
        raise InputError("file not found", file=file, fix="check the path")
    if path.is_dir():
        raise InputError("is a folder, not a file", file=file, fix="pass the files inside it")
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        fix = "save it as .docx" if suffix == ".doc" else "save it as .txt, .md, .html or .docx"
        raise InputError(f"unsupported file type {suffix or '(none)'}", file=file, fix=fix)
    size = path.stat().st_size
    if size == 0:
        raise InputError("file is empty", file=file, fix="remove it or add text to it")
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
            file=file,
            fix="split it into smaller files",
        )
    if suffix in DOCX_SUFFIXES:
        text = _read_docx(path)
    else:
        text = decode_bytes(path.read_bytes(), file)
        if suffix in HTML_SUFFIXES:
            text = html_to_text(text)
    text = _tidy(text)
    if not text.strip():
        raise InputError("file has no text", file=file, fix="remove it or add text to it")
    return text


def decode_bytes(raw: bytes, file: str = "input") -> str:
    """Decode bytes: BOMs first, then strict UTF-8, then charset detection (GB18030, Big5, ...)."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    if b"\x00" in raw[:8192]:
        text = _try_bomless_utf16(raw)
        if text is None:
            raise InputError(
                "looks like a binary file, not text", file=file, fix="pass a text or .docx file"
            )
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or not _mostly_printable(str(best)):
        raise InputError(
            "cannot tell the text encoding (or it is a binary file)",
            file=file,
            fix="save the file as UTF-8",
        )
    # GBK text is decoded as GB18030 (a strict superset), so both map to the same reader.
    return str(best)


def _try_bomless_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM has NULs at every other byte for ASCII text; anything else is binary."""
    if len(raw) % 2:
        return None
    head = raw[:8192]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    if max(even, odd) < len(head) // 8 or min(even, odd) > len(head) // 50:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _mostly_printable(text) else None


def _mostly_printable(text: str) -> bool:
    if not text:
        return False
    bad = sum(1 for ch in text if not (ch.isprintable() or ch in "\n\r\t\f"))
    return bad / len(text) < 0.02


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, with h1-h6 as Markdown headings and list items as bullets."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "head"]):
        tag.decompose()
    for level in range(1, 7):
        for tag in soup.find_all(f"h{level}"):
            tag.replace_with(f"\n\n{'#' * level} {tag.get_text(' ', strip=True)}\n\n")
    for tag in soup.find_all("li"):
        tag.insert_before("\n- ")
    for tag in soup.find_all(["p", "div", "section", "article", "br", "tr", "ul", "ol", "table"]):
        tag.insert_after("\n")
    return soup.get_text()


def _read_docx(path: Path) -> str:
    file = str(path)
    if not zipfile.is_zipfile(path):
        raise InputError("not a valid .docx file", file=file, fix="re-save it from Word as .docx")
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(
            f"not a valid .docx file ({exc})", file=file, fix="re-save it from Word as .docx"
        ) from None
    lines: list[str] = []
    for block in _docx_blocks(document):
        lines.append(block)
    return "\n\n".join(lines)


def _docx_blocks(document: Any) -> list[str]:
    """Paragraphs and tables in document order; Heading N styles become Markdown headings."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            match = re.match(r"Heading (\d)", style)
            if style == "Title":
                blocks.append(f"# {text}")
            elif match:
                blocks.append(f"{'#' * min(int(match.group(1)) + 1, 6)} {text}")
            elif style.startswith("List"):
                blocks.append(f"- {text}")
            else:
                blocks.append(text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [cell.text.strip() for cell in row.cells]
                # Merged cells repeat their text in python-docx; keep each once.
                unique = list(dict.fromkeys(c for c in cells if c))
                if unique:
                    blocks.append(" | ".join(unique))
    return blocks


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


@lru_cache(maxsize=2)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def detect_language(text: str) -> DetectedLanguage:
    """en, zh-Hans or zh-Hant: Chinese if Han characters outweigh Latin words, then by script."""
    han = _HAN_RE.findall(text)
    latin_words = len(_LATIN_WORD_RE.findall(text))
    # One English word carries about as much as 1.5 Chinese characters; Hong Kong ads mix in
    # English terms, so Chinese wins from 40% of the weighted content.
    if not han or len(han) / (len(han) + 1.5 * latin_words) < 0.4:
        return "en"
    chars = sorted(set(han))
    joined = "\n".join(chars)
    # A character that changes under t2s exists only in Traditional script, and vice versa.
    to_simplified = _converter("t2s").convert(joined).split("\n")
    to_traditional = _converter("s2t").convert(joined).split("\n")
    counts = {c: 0 for c in chars}
    for ch in han:
        counts[ch] += 1
    traditional = sum(counts[c] for c, s in zip(chars, to_simplified, strict=False) if s != c)
    simplified = sum(counts[c] for c, t in zip(chars, to_traditional, strict=False) if t != c)
    return "zh-Hant" if traditional > simplified else "zh-Hans"
