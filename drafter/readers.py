"""Readers: turn a user's files into text, whatever their format and encoding.

`read_document` reads one txt, md, html, docx (or, when asked, pdf) file; `drafter ingest` uses
it. `collect_items` walks the files and folders given to `drafter rewrite` and yields one
`SourceItem` per legacy job description: one per document, one per row of a csv, jsonl or xlsx
file. HTML and DOCX headings become Markdown headings (`#`, `##`, ...) so the knowledge chunker
can split on them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from drafter.errors import InputError
from drafter.loading import once

MAX_FILE_BYTES = 10 * 1024 * 1024
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
DOCX_SUFFIXES = frozenset({".docx"})
# What `drafter ingest` reads. PDF loses its headings, which the chunker splits on, so
# read_document takes it only when asked (allow_pdf=True), as the rewrite batch does.
READABLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | DOCX_SUFFIXES
PDF_SUFFIXES = frozenset({".pdf"})
DOCUMENT_SUFFIXES = READABLE_SUFFIXES | PDF_SUFFIXES
ROW_SUFFIXES = frozenset({".csv", ".jsonl", ".xlsx"})
SOURCE_SUFFIXES = DOCUMENT_SUFFIXES | ROW_SUFFIXES

# Column names taken as the job-description text, best first; compared after casefolding and
# turning spaces and hyphens into underscores ("Job Description" -> "job_description").
TEXT_COLUMN_NAMES: tuple[str, ...] = (
    "text",
    "jd",
    "description",
    "job_description",
    "content",
    "body",
    "職位描述",
    "职位描述",
    "內容",
    "内容",
)
ID_COLUMN_NAME = "id"

_DOCUMENT_FIX = "save it as .txt, .md, .html or .docx"
_SOURCE_FIX = "pass .txt, .md, .html, .docx, .pdf, .csv, .jsonl or .xlsx files"
_OLD_OFFICE_FIXES = {
    ".doc": "save it as .docx",
    ".xls": "save it as .xlsx",
    ".rtf": "save it as .docx",
}

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
# Legacy ATS exports often keep the description as HTML inside a cell.
_HTML_TAG_RE = re.compile(
    r"</?(?:p|br|li|ul|ol|div|h[1-6]|strong|em|b|i|span|table|tr|td)\b[^>]*>", re.I
)
_KEY_ESCAPE_RE = re.compile(r"[\s#%]")


def read_document(path: Path, *, allow_pdf: bool = False, keep_lines: bool = False) -> str:
    """Read a txt, md, html or docx file (pdf too if allowed) as text; InputError if unusable.

    With `keep_lines`, a plain-text or Markdown file keeps its lines as they are (no blank
    lines dropped or merged), so positions in it are the file's own lines and columns."""
    path = Path(path)
    file = str(path)
    suffixes = DOCUMENT_SUFFIXES if allow_pdf else READABLE_SUFFIXES
    suffix = path.suffix.lower()
    _check_file(path)
    if suffix not in suffixes:
        fix = _OLD_OFFICE_FIXES.get(suffix) or (
            "save it as .txt, .md, .html, .docx or .pdf" if allow_pdf else _DOCUMENT_FIX
        )
        raise InputError(f"unsupported file type {suffix or '(none)'}", file=file, fix=fix)
    _check_size(path)
    if suffix in DOCX_SUFFIXES:
        text = _read_docx(path)
    elif suffix in PDF_SUFFIXES:
        text = _read_pdf(path)
    else:
        text = decode_bytes(path.read_bytes(), file)
        if suffix in HTML_SUFFIXES:
            text = html_to_text(text)
    plain = (
        suffix not in DOCX_SUFFIXES and suffix not in PDF_SUFFIXES and suffix not in HTML_SUFFIXES
    )
    if keep_lines and plain:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    else:
        text = _tidy(text)
    if not text.strip():
        raise InputError("file has no text", file=file, fix="remove it or add text to it")
    return text


def _check_file(path: Path) -> None:
    """A path that exists and is a file, or InputError."""
    file = str(path)
    if not path.exists():
        raise InputError("file not found", file=file, fix="check the path")
    if path.is_dir():
        raise InputError("is a folder, not a file", file=file, fix="pass the files inside it")
    if not path.is_file():
        raise InputError("is not a regular file", file=file, fix="pass a saved file")


def _check_size(path: Path) -> None:
    """Not empty and not over MAX_FILE_BYTES, or InputError."""
    file = str(path)
    size = path.stat().st_size
    if size == 0:
        raise InputError("file is empty", file=file, fix="remove it or add text to it")
    if size > MAX_FILE_BYTES:
        raise InputError(
            f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}",
            file=file,
            fix="split it into smaller files",
        )


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
    from lxml.etree import XMLSyntaxError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, XMLSyntaxError) as exc:
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


def _read_pdf(path: Path) -> str:
    """Text of every page; InputError for a damaged, locked or image-only PDF."""
    file = str(path)
    from pypdf import PdfReader

    # pypdf logs the damage it works around as warnings that do not name the file; what it
    # cannot work around is reported below, with the file, so its log is quieted meanwhile.
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not _pdf_opens_without_password(reader):
            raise InputError(
                "PDF is password-protected",
                file=file,
                fix="remove the password, or export it as text or .docx",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many unrelated types on damaged files
        raise InputError(
            f"not a valid .pdf file ({type(exc).__name__}: {exc})",
            file=file,
            fix="re-export the PDF, or export it as text or .docx",
        ) from None
    finally:
        pypdf_log.setLevel(level)
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text:
        raise InputError(
            "PDF has no extractable text (it may be a scanned image)",
            file=file,
            fix="export it as text or .docx, or run OCR on it first",
        )
    return text


def _pdf_opens_without_password(reader: Any) -> bool:
    """True if an encrypted PDF has only an owner password (it opens with an empty one)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # e.g. AES without the optional cryptography package
        return False


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


_WORDS = re.compile(r"(?<![A-Za-z])[A-Za-z][a-z'’-]{1,24}(?![A-Za-z])|[A-Z]{2,6}(?![A-Za-z])")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]")


def has_language(text: str) -> bool:
    """True when the text has words a reader could read: at least three different English
    words of ordinary length or four Chinese characters ("DDDD…", "#### ----", a run of
    digits or a base64 blob has none)."""
    if len(set(_HAN_RUN.findall(text))) >= 4:
        return True
    return len({w.lower() for w in _WORDS.findall(text)}) >= 3


@once
def converter(config: str) -> Any:
    """One OpenCC converter per config (s2t, t2s, s2hk), shared: building one reads its
    dictionaries (~10 ms), converting is thread-safe."""
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
    to_simplified = converter("t2s").convert(joined).split("\n")
    to_traditional = converter("s2t").convert(joined).split("\n")
    counts = {c: 0 for c in chars}
    for ch in han:
        counts[ch] += 1
    traditional = sum(counts[c] for c, s in zip(chars, to_simplified, strict=False) if s != c)
    simplified = sum(counts[c] for c, t in zip(chars, to_traditional, strict=False) if t != c)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


# --- batch inputs for `drafter rewrite` ---------------------------------------------------


@dataclass(frozen=True)
class SourceItem:
    """One legacy job description found in the inputs, or why it could not be read."""

    key: str  # stable and unique: "jds/old.docx", "jds/list.csv#row=3", "jds/list.csv#id=A17"
    file: str  # the path as given, or as found inside a given folder
    row: int | None  # 1-based data row (csv, xlsx) or line (jsonl); None for documents
    text: str | None  # the job description; None when `error` is set
    error: InputError | None  # why it could not be read: names the file, the field and the fix
    sha256: str  # of the text, or of the raw bytes when there is no text: a cache key

    @property
    def ok(self) -> bool:
        """True when the item has text to work on."""
        return self.error is None


@dataclass(frozen=True)
class SkippedFile:
    """An entry inside a given folder that was passed over, and why."""

    path: str
    reason: str  # "hidden", "unsupported type .png", "folder (not recursive)", ...


@dataclass(frozen=True)
class SourceBatch:
    """What the inputs hold: the items in a stable order, and what was skipped inside folders."""

    items: tuple[SourceItem, ...]
    skipped: tuple[SkippedFile, ...]


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, Any]  # empty when the row could not be parsed
    error: InputError | None
    raw: bytes


def collect_items(
    paths: Sequence[Path],
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
    recursive: bool = True,
) -> list[SourceItem]:
    """One SourceItem per document or data row under `paths`; bad input becomes an error item."""
    batch = collect_batch(
        paths, text_column=text_column, id_column=id_column, sheet=sheet, recursive=recursive
    )
    return list(batch.items)


def collect_batch(
    paths: Sequence[Path],
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
    recursive: bool = True,
) -> SourceBatch:
    """Walk files and folders in sorted order; also lists hidden and unsupported files skipped."""
    items: list[SourceItem] = []
    skipped: list[SkippedFile] = []
    seen: set[Path] = set()
    visited: set[Path] = set()
    for given in paths:
        given = Path(given)
        found: Iterable[Path | SkippedFile | SourceItem]
        found = _walk(given, recursive, visited) if given.is_dir() else [given]
        for entry in found:
            if isinstance(entry, SkippedFile):
                skipped.append(entry)
                continue
            if isinstance(entry, SourceItem):
                items.append(entry)
                continue
            identity = _identity(entry)
            # A file named directly and again through its folder is read once.
            if identity in seen:
                continue
            seen.add(identity)
            items.extend(
                read_items(entry, text_column=text_column, id_column=id_column, sheet=sheet)
            )
    return SourceBatch(tuple(items), tuple(skipped))


def _walk(
    folder: Path, recursive: bool, visited: set[Path]
) -> Iterator[Path | SkippedFile | SourceItem]:
    """Depth-first, entries sorted by name; symlinked folders are followed once (no loops)."""
    real = _identity(folder)
    if real in visited:
        return
    visited.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        error = InputError(
            f"cannot list the folder ({exc.strerror or exc})",
            file=str(folder),
            fix="check that it exists and you may read it",
        )
        yield _error_item(folder, folder.as_posix(), None, error)
        return
    for entry in entries:
        if entry.name.startswith((".", "~$")):  # "~$" marks Office lock files
            yield SkippedFile(str(entry), "hidden")
        elif entry.is_dir():
            if recursive:
                yield from _walk(entry, recursive, visited)
            else:
                yield SkippedFile(str(entry), "folder (not recursive)")
        elif not entry.is_file():
            yield SkippedFile(str(entry), "not a regular file")
        elif entry.suffix.lower() not in SOURCE_SUFFIXES:
            yield SkippedFile(str(entry), f"unsupported type {entry.suffix.lower() or '(none)'}")
        else:
            yield entry


def read_items(
    path: Path,
    *,
    key: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
) -> list[SourceItem]:
    """The items of one file: one for a document, one per data row; never raises for bad input."""
    path = Path(path)
    file = str(path)
    key = key or path.as_posix()
    try:
        suffix = path.suffix.lower()
        _check_file(path)
        if suffix not in SOURCE_SUFFIXES:
            raise InputError(
                f"unsupported file type {suffix or '(none)'}",
                file=file,
                fix=_OLD_OFFICE_FIXES.get(suffix, _SOURCE_FIX),
            )
        if suffix in ROW_SUFFIXES:
            return read_rows(
                path, key=key, text_column=text_column, id_column=id_column, sheet=sheet
            )
        text = read_document(path, allow_pdf=True)
        return [SourceItem(key, file, None, text, None, _text_sha256(text))]
    except InputError as error:
        return [_error_item(path, key, None, error)]
    except OSError as exc:
        error = InputError(
            f"cannot be read ({exc.strerror or exc})",
            file=file,
            fix="check that it exists and you may read it",
        )
        return [_error_item(path, key, None, error)]
    except Exception as exc:  # one odd file must not stop a batch of hundreds; say what broke
        error = InputError(
            f"cannot be read ({type(exc).__name__}: {exc})",
            file=file,
            fix="open it and save it again, or export it as text or .docx",
        )
        return [_error_item(path, key, None, error)]


def read_rows(
    path: Path,
    *,
    key: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    sheet: str | None = None,
) -> list[SourceItem]:
    """One item per data row of a csv, jsonl or xlsx file; InputError if the whole file is bad.

    `text_column` names the column (or JSON key) holding the job description; without it the
    first of TEXT_COLUMN_NAMES present is used, else the column with the longest average text.
    `id_column` (default: a column named "id") gives keys like "list.csv#id=A17"; rows without a
    unique id get "list.csv#row=3". Wholly blank rows are passed over; a row with an empty text
    or a malformed JSON line becomes an item carrying the error.
    """
    path = Path(path)
    file = str(path)
    key = key or path.as_posix()
    suffix = path.suffix.lower()
    _check_file(path)
    if suffix not in ROW_SUFFIXES:
        raise InputError(
            f"unsupported file type {suffix or '(none)'} for rows",
            file=file,
            fix="pass a .csv, .jsonl or .xlsx file",
        )
    _check_size(path)
    unit = "row"
    if suffix == ".csv":
        columns, rows = _csv_rows(path)
    elif suffix == ".jsonl":
        columns, rows = _jsonl_rows(path)
        unit = "line"
    else:
        columns, rows = _xlsx_rows(path, sheet)
    return _items_from_rows(file, key, unit, columns, rows, text_column, id_column)


def _csv_rows(path: Path) -> tuple[list[str], list[_Row]]:
    file = str(path)
    text = decode_bytes(path.read_bytes(), file).lstrip("\ufeff")
    try:
        # Only the delimiter is sniffed (Excel writes ";" in some locales); the rest is Excel's.
        delimiter = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputError(
            f"cannot read the header row ({exc})", file=file, fix="save it again as CSV"
        ) from None
    if header is None or not any(cell.strip() for cell in header):
        raise InputError(
            "has no header row", file=file, fix="put column names such as id,text on line 1"
        )
    columns = _unique_columns(header)
    rows: list[_Row] = []
    number = 0
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            error = InputError(
                f"cannot read this row ({exc}); the rows after it were not read",
                file=file,
                field=f"row {number + 1}",
                fix='check its quotes ("...") and save the file again',
            )
            rows.append(_Row(number + 1, {}, error, b""))
            break
        if cells is None:
            break
        number += 1
        if not any(cell.strip() for cell in cells):
            continue
        raw = delimiter.join(cells).encode("utf-8")
        if any(cell.strip() for cell in cells[len(columns) :]):
            error = InputError(
                f"row has {len(cells)} cells but the header has {len(columns)}",
                file=file,
                field=f"row {number}",
                fix=f'put text that contains "{delimiter}" in quotes ("...")',
            )
            rows.append(_Row(number, {}, error, raw))
            continue
        padded = cells + [""] * (len(columns) - len(cells))
        rows.append(_Row(number, dict(zip(columns, padded, strict=False)), None, raw))
    return columns, rows


def _jsonl_rows(path: Path) -> tuple[list[str], list[_Row]]:
    file = str(path)
    text = decode_bytes(path.read_bytes(), file).lstrip("\ufeff")
    columns: dict[str, None] = {}
    rows: list[_Row] = []
    # Split on "\n" only: JSON strings may hold U+2028, which str.splitlines would cut at.
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        raw = line.encode("utf-8")
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            error = InputError(
                f"not valid JSON ({exc.msg} at column {exc.colno})",
                file=file,
                field=f"line {number}",
                fix="fix the JSON on that line or delete the line",
            )
            rows.append(_Row(number, {}, error, raw))
            continue
        if not isinstance(value, dict):
            error = InputError(
                f"is a JSON {type(value).__name__}, not an object",
                file=file,
                field=f"line {number}",
                fix='write one object per line, like {"id": "A17", "text": "..."}',
            )
            rows.append(_Row(number, {}, error, raw))
            continue
        values = {str(k): v for k, v in value.items()}
        for name in values:
            columns.setdefault(name)
        rows.append(_Row(number, values, None, raw))
    return list(columns), rows


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[list[str], list[_Row]]:
    file = str(path)
    fix = "open it in Excel and save it again as .xlsx"
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types on damaged files
        raise InputError(
            f"not a valid .xlsx file ({type(exc).__name__}: {exc})", file=file, fix=fix
        ) from None
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InputError(
                f"no sheet named {sheet!r}",
                file=file,
                field="sheet",
                fix=f"use one of: {', '.join(workbook.sheetnames)}",
            )
        if sheet is None and not workbook.worksheets:
            raise InputError("has no worksheets", file=file, fix="add a sheet with one JD per row")
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        columns: list[str] | None = None
        rows: list[_Row] = []
        number = 0
        for cells in worksheet.iter_rows(values_only=True):
            values = [_cell_text(cell) for cell in cells]
            if columns is None:
                # Blank rows above the table are passed over; the first other is the header.
                if any(value.strip() for value in values):
                    columns = _unique_columns(values)
                continue
            number += 1
            if not any(value.strip() for value in values[: len(columns)]):
                continue
            raw = "\t".join(values).encode("utf-8")
            padded = values[: len(columns)] + [""] * (len(columns) - len(values))
            rows.append(_Row(number, dict(zip(columns, padded, strict=False)), None, raw))
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet fails while it is read, not when it is opened
        raise InputError(
            f"not a valid .xlsx file ({type(exc).__name__}: {exc})", file=file, fix=fix
        ) from None
    finally:
        workbook.close()
    if columns is None:
        raise InputError(
            "sheet is empty", file=file, fix="put column names on the first row, one JD per row"
        )
    return columns, rows


def _items_from_rows(
    file: str,
    key: str,
    unit: str,
    columns: list[str],
    rows: list[_Row],
    text_column: str | None,
    id_column: str | None,
) -> list[SourceItem]:
    if not rows:
        raise InputError(
            "has no data rows", file=file, fix="put one job description per row, under a header"
        )
    good = [row for row in rows if row.error is None]
    id_col: str | None = None
    text_col = ""
    if good:
        if id_column:
            id_col = _find_column(columns, id_column, "id_column", file)
        else:
            id_col = next((c for c in columns if _normal_name(c) == ID_COLUMN_NAME), None)
        if text_column:
            text_col = _find_column(columns, text_column, "text_column", file)
        else:
            text_col = _auto_text_column(columns, good, id_col, file)
    ids: dict[int, str] = {}
    if id_col is not None:
        for row in good:
            ids[row.number] = _cell_text(row.values.get(id_col)).strip()
    counts = Counter(value for value in ids.values() if value)
    items: list[SourceItem] = []
    for row in rows:
        row_id = ids.get(row.number, "")
        if row_id and counts[row_id] == 1:
            item_key = f"{key}#id={_escape_key(row_id)}"
        else:
            item_key = f"{key}#row={row.number}"
        if row.error is not None:
            items.append(
                SourceItem(item_key, file, row.number, None, row.error, _bytes_sha256(row.raw))
            )
            continue
        where = f"{unit} {row.number}" + (f" (id {row_id})" if row_id else "")
        value = row.values.get(text_col)
        problem = ""
        text = ""
        if isinstance(value, dict | list):
            problem = f"the {text_col!r} value is a JSON {type(value).__name__}, not text"
        else:
            text = _cell_text(value)
            if _HTML_TAG_RE.search(text):
                text = html_to_text(text)
            if not text.strip():
                problem = f"the job description ({text_col!r}) is empty"
        if problem:
            error = InputError(
                problem, file=file, field=where, fix=f"fill in the text or delete the {unit}"
            )
            items.append(
                SourceItem(item_key, file, row.number, None, error, _bytes_sha256(row.raw))
            )
            continue
        text = _tidy(text)
        items.append(SourceItem(item_key, file, row.number, text, None, _text_sha256(text)))
    return items


def _auto_text_column(columns: list[str], good: list[_Row], id_col: str | None, file: str) -> str:
    """A column with a known JD name, else the one with the longest average text."""
    by_name = {_normal_name(c): c for c in reversed(columns)}  # first of duplicates wins
    for name in TEXT_COLUMN_NAMES:
        if _normal_name(name) in by_name:
            return by_name[_normal_name(name)]
    best, best_average = "", 0.0
    for column in columns:
        if column == id_col:
            continue
        total = 0
        for row in good:
            value = row.values.get(column)
            if isinstance(value, str):
                total += len(value.strip())
        average = total / len(good)
        if average > best_average:
            best, best_average = column, average
    if not best:
        raise InputError(
            "no column holds text",
            file=file,
            field="text_column",
            fix="name the column that holds the job description",
        )
    return best


def _find_column(columns: list[str], wanted: str, option: str, file: str) -> str:
    """The column called `wanted`: exactly, else ignoring case, spaces and hyphens."""
    if wanted in columns:
        return wanted
    for column in columns:
        if _normal_name(column) == _normal_name(wanted):
            return column
    raise InputError(
        f"no column named {wanted!r}",
        file=file,
        field=option,
        fix=f"use one of: {', '.join(columns) or '(no columns)'}",
    )


def _normal_name(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().casefold())


def _unique_columns(header: Sequence[str]) -> list[str]:
    """Header cells as names: blanks become "column N", repeats get " (2)", " (3)", ..."""
    names: list[str] = []
    seen: Counter[str] = Counter()
    for index, cell in enumerate(header, start=1):
        name = cell.strip() or f"column {index}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


def _cell_text(value: Any) -> str:
    """A cell or JSON scalar as text: whole floats without ".0" (Excel ids), dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _escape_key(value: str) -> str:
    """Percent-encode whitespace, "#" and "%" so an id cannot break or fake a key."""
    return _KEY_ESCAPE_RE.sub(
        lambda m: "".join(f"%{byte:02X}" for byte in m.group().encode("utf-8")), value
    )


def _error_item(path: Path, key: str, row: int | None, error: InputError) -> SourceItem:
    return SourceItem(key, str(path), row, None, error, _file_sha256(path))


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _bytes_sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def _file_sha256(path: Path) -> str:
    """Hash of the raw bytes (streamed: the file may be over the size limit); "" hashed if none."""
    try:
        if path.is_file():
            with path.open("rb") as handle:
                return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        pass
    return _bytes_sha256(b"")
