"""Knowledge documents: front matter, loading, and chunking into passages for retrieval.

A knowledge file is Markdown with YAML front matter (see `DocMeta`) and a body split into `## `
sections. Chunking is tuned for a 1.5B model that gets about 1,500 tokens of knowledge per
prompt (`retrieve_k` = 6 passages):

- Guide-like documents (guide, tone, language, compliance) give one passage per `## ` section:
  one topic per passage keeps retrieval precise and lets the draft cite a specific section.
  Sections under ~50 tokens are merged with a neighbour (a two-line section embeds poorly and
  would waste one of the six slots); sections over ~350 tokens are split at paragraphs.
- An `example` ad is packed into passages of whole consecutive sections up to ~450 tokens, so
  a short ad (about 1,800 English or 450 Chinese characters) stays ONE passage and a typical
  400-700-word ad becomes 2-3 passages (opening + about + overview / duties + requirements /
  benefits + how to apply). Why not always whole: a Chinese example is ~1,000 tokens and an
  English one ~900, two thirds of the budget for one document; and the draft stage renders
  pay, benefits and how-to-apply from the brief and fixes the section layout by schema, so
  what the model needs from an example is its wording of the prose parts (duties,
  requirements, the opening), which retrieval can now pick; retrieval caps passages per
  document at 2, so the model still sees a large coherent part of one ad.
- Every passage starts with the document title and its section heading(s), so a passage read
  alone (by the embedder or by the model) still says what it is about.

Token counts are estimated (a Han character ≈ 1 token, other text ≈ 4 characters a token),
which errs on the high side for Qwen's tokenizer and needs no tokenizer download.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafter.errors import InputError

Kind = Literal["guide", "tone", "language", "compliance", "example"]
DocLanguage = Literal["en", "zh-Hans", "zh-Hant", "mul"]
DocTone = Literal["professional", "lively", "any"]
Role = Literal["representative", "supervisor", "manager", "qa", "any"]
Industry = Literal[
    "retail", "call centre", "e-commerce", "hospitality", "logistics", "banking", "any"
]
DocJurisdiction = Literal["hk", "cn", "us", "eu", "any"]
Origin = Literal["builtin", "user"]

# Bump when chunking changes: it is part of every document hash, so a sync re-embeds all.
CHUNKER_VERSION = "1"
MIN_SECTION_TOKENS = 50
MAX_PASSAGE_TOKENS = 350
MAX_EXAMPLE_TOKENS = 450
MERGE_TARGET_TOKENS = 180  # small guide sections merge up to this
SKIPPED_FILE_NAMES = frozenset({"readme.md"})

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
_CJK_RE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


class DocMeta(BaseModel):
    """Front matter of a knowledge document; every key is required, no others are allowed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=120, pattern=_ID_PATTERN)
    kind: Kind
    language: DocLanguage
    tone: DocTone
    role: Role
    industry: Industry
    jurisdiction: DocJurisdiction
    title: str = Field(min_length=1, max_length=200)


class Document(BaseModel):
    """A loaded knowledge document: its metadata, Markdown body, where it came from, its hash."""

    model_config = ConfigDict(extra="forbid")

    meta: DocMeta
    body: str
    source: str
    origin: Origin = "builtin"
    content_hash: str


class Passage(BaseModel):
    """One retrievable chunk of a document; `id` (`doc_id#n`) is what a draft cites."""

    model_config = ConfigDict(extra="forbid")

    id: str
    doc_id: str
    n: int = Field(ge=1)
    text: str
    title: str
    heading: str
    kind: Kind
    language: DocLanguage
    tone: DocTone
    role: Role
    industry: Industry
    jurisdiction: DocJurisdiction
    source: str
    origin: Origin = "builtin"

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for the vector store (everything but the text)."""
        return self.model_dump(exclude={"id", "text"})


def estimate_tokens(text: str) -> int:
    """Rough token count for budgeting prompts: Han ≈ 1 token, other text ≈ 4 chars a token."""
    cjk = len(_CJK_RE.findall(text))
    return cjk + (len(text) - cjk + 3) // 4


def split_front_matter(text: str, file: str) -> tuple[dict[str, Any] | None, str]:
    """Split `---` YAML front matter from the body; (None, text) when there is none."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER_RE.match(text.replace("\r\n", "\n"))
    if match is None:
        return None, text
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark else ""
        raise InputError(
            f"malformed front matter{where}: {getattr(exc, 'problem', None) or exc}",
            file=file,
            fix="fix the YAML between the two --- lines",
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            "front matter must be key: value lines",
            file=file,
            fix="write e.g. 'id: my-guide' between the two --- lines",
        )
    return data, text.replace("\r\n", "\n")[match.end() :]


def validate_meta(data: dict[str, Any], file: str) -> DocMeta:
    """Validate front matter as DocMeta; errors name the file, the key and the allowed values."""
    try:
        return DocMeta.model_validate(data)
    except ValidationError as exc:
        raise meta_error(exc, file) from None


def meta_error(exc: ValidationError, file: str) -> InputError:
    """The first front-matter problem as an InputError with a fix."""
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or "(front matter)"
    known = ", ".join(DocMeta.model_fields)
    if err["type"] == "extra_forbidden":
        close = difflib.get_close_matches(field, list(DocMeta.model_fields), n=1)
        hint = f"did you mean '{close[0]}'? " if close else "remove it. "
        return InputError("unknown front-matter key", file=file, field=field, fix=hint + known)
    if err["type"] == "missing":
        allowed = _allowed(field)
        fix = f"add '{field}:'" + (f" with one of {allowed}" if allowed else "")
        return InputError("front-matter key is missing", file=file, field=field, fix=fix)
    allowed = _allowed(field)
    if allowed:
        fix = f"use one of {allowed}"
    elif field == "id":
        fix = "use letters, digits, '.', '_', '-' or '/', no spaces or '#'"
    else:
        fix = "correct the value"
    got = err.get("input")
    message = err["msg"] + (f" (got {got!r})" if isinstance(got, str | int | float) else "")
    return InputError(message, file=file, field=field, fix=fix)


def _allowed(field: str) -> str:
    info = DocMeta.model_fields.get(field)
    args = getattr(info.annotation, "__args__", None) if info else None
    return ", ".join(repr(a) for a in args) if args else ""


def content_hash(meta: DocMeta, body: str) -> str:
    """Hash of metadata, body and chunker version: what decides whether to re-embed."""
    payload = json.dumps([CHUNKER_VERSION, meta.model_dump(), body], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def make_document(meta: DocMeta, body: str, source: str, origin: Origin) -> Document:
    """Build a Document, hashing its content."""
    body = body.replace("\r\n", "\n").strip() + "\n"
    return Document(
        meta=meta, body=body, source=source, origin=origin, content_hash=content_hash(meta, body)
    )


def parse_document(text: str, source: str, origin: Origin = "builtin") -> Document:
    """Parse one knowledge file's text (front matter required)."""
    data, body = split_front_matter(text, source)
    if data is None:
        raise InputError(
            "no front matter",
            file=source,
            fix="start the file with a '---' block giving " + ", ".join(DocMeta.model_fields),
        )
    meta = validate_meta(data, source)
    if not body.strip():
        raise InputError("the document has no body", file=source, fix="add text after the ---")
    return make_document(meta, body, source, origin)


def load_document(path: Path, origin: Origin = "builtin") -> Document:
    """Load one Markdown knowledge file."""
    from drafter.readers import read_document

    return parse_document(read_document(path), str(path), origin)


def load_documents(folder: Path, origin: Origin = "builtin") -> list[Document]:
    """Load every `**/*.md` under `folder` (README.md skipped); duplicate ids are an error."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            "knowledge folder not found", file=str(folder), fix="set knowledge_dir in settings"
        )
    docs: list[Document] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.rglob("*.md")):
        if path.name.lower() in SKIPPED_FILE_NAMES or not path.is_file():
            continue
        doc = load_document(path, origin)
        if doc.meta.id in seen:
            raise InputError(
                f"duplicate id {doc.meta.id!r} (also in {seen[doc.meta.id]})",
                file=str(path),
                field="id",
                fix="give each document its own id",
            )
        seen[doc.meta.id] = str(path)
        docs.append(doc)
    return docs


class _Section(BaseModel):
    heading: str
    body: str

    @property
    def tokens(self) -> int:
        return estimate_tokens(self.body) + estimate_tokens(self.heading)


def split_sections(body: str) -> list[tuple[str, str]]:
    """Split a Markdown body on `## ` headings into (heading, text); text before is heading ''."""
    sections: list[tuple[str, str]] = []
    heading = ""
    lines: list[str] = []
    in_fence = False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            sections.append((heading, "\n".join(lines).strip()))
            heading, lines = line[3:].strip(), []
        else:
            lines.append(line)
    sections.append((heading, "\n".join(lines).strip()))
    return [(h, t) for h, t in sections if h or t]


def _strip_title_line(text: str, title: str) -> str:
    """Drop a leading `# Title` line: every passage gets the title prepended anyway."""
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        return "\n".join(lines[1:]).strip()
    return text


def _split_long(section: _Section, limit: int) -> list[_Section]:
    """Split an over-long section at paragraph (then line) boundaries, keeping its heading."""
    if section.tokens <= limit:
        return [section]
    pieces = [p for p in re.split(r"\n\s*\n", section.body) if p.strip()]
    if len(pieces) == 1:
        pieces = [p for p in section.body.splitlines() if p.strip()]
    out: list[_Section] = []
    current: list[str] = []
    for piece in pieces:
        candidate = "\n\n".join([*current, piece])
        if current and estimate_tokens(candidate) > limit:
            out.append(_Section(heading=section.heading, body="\n\n".join(current)))
            current = [piece]
        else:
            current.append(piece)
    if current:
        out.append(_Section(heading=section.heading, body="\n\n".join(current)))
    if len(out) > 1:
        total = len(out)
        out = [
            _Section(heading=f"{s.heading} ({i}/{total})".strip(), body=s.body)
            for i, s in enumerate(out, 1)
        ]
    return out


def _merge_small(sections: list[_Section]) -> list[list[_Section]]:
    """Guide grouping: each section alone, except ones under MIN_SECTION_TOKENS join a neighbour."""
    groups: list[list[_Section]] = []
    for section in sections:
        last = groups[-1] if groups else None
        if last is not None:
            last_tokens = sum(s.tokens for s in last)
            small = section.tokens < MIN_SECTION_TOKENS or last_tokens < MIN_SECTION_TOKENS
            if small and last_tokens + section.tokens <= MERGE_TARGET_TOKENS:
                last.append(section)
                continue
        groups.append([section])
    return groups


def _pack(sections: list[_Section], limit: int) -> list[list[_Section]]:
    """Example grouping: consecutive whole sections, greedily, up to `limit` tokens a group."""
    groups: list[list[_Section]] = []
    for section in sections:
        if groups and sum(s.tokens for s in groups[-1]) + section.tokens <= limit:
            groups[-1].append(section)
        else:
            groups.append([section])
    return groups


def _render(title: str, group: list[_Section]) -> tuple[str, str]:
    parts = [f"# {title}"]
    for section in group:
        if section.heading:
            parts.append(f"## {section.heading}\n{section.body}".rstrip())
        elif section.body:
            parts.append(section.body)
    heading = " / ".join(s.heading for s in group if s.heading)
    return "\n\n".join(parts).strip(), heading


def chunk_document(doc: Document) -> list[Passage]:
    """Cut a document into passages (see the module docstring for why these sizes)."""
    meta = doc.meta
    body = _strip_title_line(doc.body.strip(), meta.title)
    common = {
        "doc_id": meta.id,
        "title": meta.title,
        "kind": meta.kind,
        "language": meta.language,
        "tone": meta.tone,
        "role": meta.role,
        "industry": meta.industry,
        "jurisdiction": meta.jurisdiction,
        "source": doc.source,
        "origin": doc.origin,
    }
    is_example = meta.kind == "example"
    limit = MAX_EXAMPLE_TOKENS if is_example else MAX_PASSAGE_TOKENS
    sections: list[_Section] = []
    for heading, text in split_sections(body):
        sections.extend(_split_long(_Section(heading=heading, body=text), limit))
    groups = _pack(sections, limit) if is_example else _merge_small(sections)
    passages: list[Passage] = []
    for n, group in enumerate(groups, 1):
        text, heading = _render(meta.title, group)
        passages.append(Passage(id=f"{meta.id}#{n}", n=n, text=text, heading=heading, **common))
    return passages
