"""The web page: `drafter serve` — a brief in, the ad streamed out, its problems highlighted;
and a batch page that rewrites uploaded legacy JDs with the same journal as `drafter rewrite`.

FastAPI, uvicorn and the drafting stages are imported only when the page is served, so the
rest of the CLI stays fast. The page is plain HTML, CSS and JavaScript in drafter/static/.
"""

import contextlib
import io
import json
import logging
import os
import queue
import re
import secrets
import socket
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from drafter import boards
from drafter.backends import RESTART
from drafter.settings import bundled

if TYPE_CHECKING:
    from fastapi import FastAPI

    from drafter.backends import Backend, Completion, Message, TokenCallback
    from drafter.brief import Brief
    from drafter.errors import DrafterError
    from drafter.retrieve import RetrievedPassage
    from drafter.settings import Settings

log = logging.getLogger("drafter.web")

STATIC_DIR = Path(__file__).parent / "static"
EXAMPLE_BRIEF = bundled("examples", "examples/briefs") / "hk-cs-officer.yaml"
MAX_FILES = 50
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_BATCH_BYTES = 100 * 1024 * 1024
MAX_JSON_BYTES = 1024 * 1024
MAX_NOTE_CHARS = 20_000
MAX_AD_CHARS = 200_000
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")
JURISDICTIONS = ("hk", "cn", "us", "eu", "other")
PREVIEW_EVERY_S = 0.08

Retriever = Callable[["Brief", str, str], list["RetrievedPassage"]]


# --- the draft, streamed ----------------------------------------------------------------------


class _Cancelled(Exception):
    """The page went away; stop feeding a draft nobody will read."""


class EventStream:
    """Events from a worker thread to one HTTP response, as Server-Sent Events."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, Any] | None] = queue.Queue()
        self.cancelled = threading.Event()

    def emit(self, event: str, data: Any) -> None:
        """Queue one event for the page."""
        self.queue.put((event, data))

    def close(self) -> None:
        """No more events."""
        self.queue.put(None)

    def lines(self) -> Iterator[str]:
        """The response body; a comment every 15 s keeps idle connections open."""
        try:
            while True:
                try:
                    item = self.queue.get(timeout=15)
                except queue.Empty:
                    yield ": keep-alive\n\n"
                    continue
                if item is None:
                    return
                event, data = item
                yield f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        finally:
            self.cancelled.set()


def partial_fields(raw: str) -> dict[str, Any]:
    """The string and string-list values of a JSON object still being written (tolerant)."""
    out: dict[str, Any] = {}
    for m in re.finditer(r'"(\w+)"\s*:\s*(?=["\[])', raw):
        pos = m.end()
        if raw[pos] == '"':
            value, _ = _partial_string(raw, pos)
            out[m.group(1)] = value
            continue
        items: list[str] = []
        pos += 1
        while pos < len(raw):
            while pos < len(raw) and raw[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(raw) or raw[pos] != '"':
                break
            value, pos = _partial_string(raw, pos)
            items.append(value)
        out[m.group(1)] = items
    return out


def _partial_string(raw: str, pos: int) -> tuple[str, int]:
    """Decode the JSON string starting at raw[pos] == '"', even if it is not finished yet."""
    end = pos + 1
    while end < len(raw) and raw[end] != '"':
        end += 2 if raw[end] == "\\" else 1
    body = raw[pos + 1 : min(end, len(raw))]
    for cut in range(0, 7):  # an escape cut in half (\u12) cannot be decoded yet
        try:
            return json.loads(f'"{body[: len(body) - cut]}"'), end + 1
        except json.JSONDecodeError:
            continue
    return body, end + 1


def preview_text(raw: str, language: str, title: str = "") -> str:
    """What the model has written so far, laid out like the ad (the brief's title, then the
    pieces under the ad's headings in its language)."""
    from drafter.render import LABELS

    fields = {k: v for k, v in partial_fields(raw).items() if isinstance(v, str | list)}
    lab = LABELS.get(language, LABELS["en"])
    parts: list[str] = [f"# {title}"] if title else []
    if isinstance(fields.get("hook"), str) and fields["hook"]:
        parts.append(fields["hook"])
    if isinstance(fields.get("role_overview"), str) and fields["role_overview"]:
        parts.append(f"## {lab['role']}\n\n{fields['role_overview']}")
    duties = [d for d in fields.get("responsibilities") or [] if isinstance(d, str) and d]
    if duties:
        parts.append(f"## {lab['duties']}\n\n" + "\n".join(f"- {d}" for d in duties))
    return "\n\n".join(parts)


class _Watched:
    """The shared backend as one draft sees it: each drafting call is an attempt, and its
    tokens become a readable preview on the page."""

    def __init__(
        self, inner: "Backend", stream: EventStream, language: str, title: str = ""
    ) -> None:
        self.inner = inner
        self.title = title  # the brief's: the model does not write it
        self.name = inner.name
        self.model = inner.model
        self.context_window = inner.context_window
        self.stream = stream
        self.language = language
        self.attempt = 0
        self.tokens = 0

    def complete(
        self,
        messages: list["Message"],
        *,
        schema: dict[str, Any] | None = None,
        max_tokens: int = 1024,
        on_token: "TokenCallback | None" = None,
        repeat_penalty: float | None = None,
    ) -> "Completion":
        """Delegate, streaming the answer to the page while it is written."""
        if on_token is None:
            return self.inner.complete(
                messages, schema=schema, max_tokens=max_tokens, repeat_penalty=repeat_penalty
            )
        self.attempt += 1
        self.stream.emit("attempt", {"n": self.attempt})
        pieces: list[str] = []
        last = 0.0

        def piece(text: str) -> None:
            nonlocal last
            if self.stream.cancelled.is_set():
                raise _Cancelled
            if text == RESTART:  # the answer broke off and is asked again: a new attempt
                pieces.clear()
                self.attempt += 1
                self.stream.emit("attempt", {"n": self.attempt})
                return
            pieces.append(text)
            self.tokens += 1
            on_token(text)
            now = time.monotonic()
            if now - last >= PREVIEW_EVERY_S:
                last = now
                self._preview(pieces)

        try:
            return self.inner.complete(
                messages, schema=schema, max_tokens=max_tokens, on_token=piece,
                repeat_penalty=repeat_penalty,
            )  # fmt: skip
        finally:
            self._preview(pieces)

    def _preview(self, pieces: list[str]) -> None:
        text = preview_text("".join(pieces), self.language, self.title)
        self.stream.emit("preview", {"text": text, "tokens": self.tokens})


class _Serial:
    """One llama.cpp context: calls from drafts and batches take turns."""

    def __init__(self, inner: "Backend") -> None:
        self.inner = inner
        self.name = inner.name
        self.model = inner.model
        self.context_window = inner.context_window
        self.lock = threading.Lock()

    def complete(self, messages: list["Message"], **kw: Any) -> "Completion":
        """Delegate, one call at a time."""
        with self.lock:
            return self.inner.complete(messages, **kw)


# --- what the routes share ---------------------------------------------------------------------


class Services:
    """Settings, the backend, the knowledge store and the validator, each built on first use."""

    def __init__(
        self,
        settings: "Settings",
        *,
        backend: "Backend | None" = None,
        retriever: Retriever | None = None,
        knowledge: bool = True,
    ) -> None:
        from drafter.pipeline import Pipeline

        self.settings = settings
        self.knowledge = knowledge
        self._retriever = retriever
        # the one drafting path; the local model takes one call at a time on the page
        self.pipeline = Pipeline(
            settings, backend=backend, knowledge=knowledge, retriever=retriever,
            wrap=lambda b: _Serial(b) if b.name == "local" else b,
        )  # fmt: skip
        self._check: tuple[Any, list[Any]] | None = None

    def backend(self) -> "Backend":
        """The model backend (the local model loads here, once)."""
        return self.pipeline.backend()

    def store(self) -> Any:
        """The knowledge store, synced on first use; None when knowledge is off."""
        return self.pipeline.store()

    def check_setup(self) -> tuple[Any, list[Any]]:
        """The [check] configuration and the rules, loaded once."""
        if self._check is None:
            from drafter.validate import CheckConfig, load_rules

            config = CheckConfig.from_table(self.settings.extra_tables.get("check"))
            self._check = (config, load_rules())
        return self._check

    def secrets(self) -> list[str]:
        """Key values that must never reach the page."""
        values = []
        key = self.settings.resolved_api_key()
        if key is not None:
            values.append(key.get_secret_value())
        for name in ("OPENAI_API_KEY", self.settings.api_key_env):
            if os.environ.get(name):
                values.append(os.environ[name])
        return [v for v in values if len(v) >= 4]

    def redact(self, text: str) -> str:
        """The text with any API key replaced by asterisks."""
        for value in self.secrets():
            text = text.replace(value, "***")
        return text

    def error_body(self, exc: "DrafterError") -> dict[str, Any]:
        """A DrafterError as the page shows it: message, field and fix; never a traceback."""
        return {
            "error": self.redact(str(exc)),
            "message": self.redact(exc.message),
            "field": exc.field,
            "fix": self.redact(exc.fix) if exc.fix else None,
            "kind": type(exc).__name__,
        }

    def info(self) -> dict[str, Any]:
        """What the page shows about this server: backend, model, limits. No keys, no URLs."""
        from drafter import __version__

        s = self.settings
        if s.backend == "local":
            model = s.model_path.name if s.model_path else "Qwen2.5-Coder-1.5B-Instruct (bundled)"
        elif s.backend == "fake":
            opened = self.pipeline.opened_backend
            model = opened.model if opened is not None else "fake-model"
        else:
            model = s.model
        from drafter.readers import SOURCE_SUFFIXES

        return {
            "version": __version__,
            "backend": opened.name if (opened := self.pipeline.opened_backend) else s.backend,
            "model": model,
            "knowledge": self.knowledge or self._retriever is not None,
            "example": EXAMPLE_BRIEF.is_file(),
            "limits": {
                "max_files": MAX_FILES,
                "max_file_bytes": MAX_FILE_BYTES,
                "max_batch_bytes": MAX_BATCH_BYTES,
                "max_note_chars": MAX_NOTE_CHARS,
            },
            "suffixes": sorted(SOURCE_SUFFIXES),
            "jurisdictions": list(JURISDICTIONS),
            "boards": [{"id": b, "name": p["name"]} for b, p in boards.boards().items()],
        }

    # --- drafting ----------------------------------------------------------------------------

    def draft_job(
        self, brief: "Brief | None", note: str | None, language: str, tone: str,
        stream: EventStream,
    ) -> None:  # fmt: skip
        """Draft in a worker thread; every step, token preview and the result go to `stream`."""
        from drafter.errors import DrafterError

        try:
            stream.emit("status", {"step": "model"})
            pipeline = self.pipeline
            backend = pipeline.backend()
            notes: list[str] = []
            extract_usage = None
            if brief is None:
                assert note is not None
                stream.emit("status", {"step": "reading"})
                reading, extract_usage = pipeline.read(note)
                brief, notes = reading.brief, reading.check_lines() + reading.notes
                stream.emit("brief", {
                    "brief": brief_json(brief), "notes": reading.notes,
                    "missing": [g.model_dump() for g in reading.missing],
                    "ambiguous": [g.model_dump() for g in reading.ambiguous],
                    "ignored": reading.ignored,
                })  # fmt: skip
            result = pipeline.draft(
                brief, language, tone,  # type: ignore[arg-type]
                backend=_Watched(backend, stream, language, brief.title),
                on_token=lambda _t: None, usage=extract_usage,
                status=lambda step, _msg: stream.emit("status", {"step": step}),
            )  # fmt: skip
            passages = pipeline.passages(brief, language, tone)
            stream.emit("status", {"step": "checking"})
            by_id = {p.id: p for p in passages}
            sources = [_source(by_id[s]) if s in by_id else {"id": s} for s in result.sources]
            stream.emit("result", {
                "markdown": result.markdown,
                "title": result.sections.title,
                "language": result.language,
                "tone": result.tone,
                "brief": brief_json(result.brief),
                "sources": sources,
                "usage": result.usage.model_dump(mode="json"),
                "attempts": result.attempts,
                "fixes": [f.model_dump(mode="json") for f in result.fixes],
                "notes": notes,
                "check": self.check(result.markdown, result.brief, result.language),
            })  # fmt: skip
        except _Cancelled:
            log.info("draft cancelled: the page closed the connection")
        except DrafterError as exc:
            stream.emit("error", self.error_body(exc))
        except Exception:
            log.exception("draft failed")
            stream.emit("error", {"error": "internal error; the details are in the server log"})
        finally:
            stream.close()

    # --- checking and fixing --------------------------------------------------------------------

    def check(
        self, text: str, brief: "Brief | None", language: str, board: str | None = None
    ) -> dict[str, Any]:
        """The validator's report on `text` (against a job board's profile when `board` is
        given), with each finding's span in the page's (UTF-16) offsets, the rule's reason, and
        the certain fix when there is one."""
        from drafter.validate import check_text

        config, rules = self.check_setup()
        if board:
            config = config.model_copy(update={"board": board})
        report = check_text(text, language=language, brief=brief, config=config, rules=rules)  # type: ignore[arg-type]
        reasons = {r.id: r.reason for r in rules}
        u16 = _utf16_offsets(text)
        findings = []
        for i, f in enumerate(report.findings):
            item = f.model_dump(mode="json")
            item.update(
                id=i,
                reason=reasons.get(f.rule, ""),
                span=[u16(f.start), u16(f.end)],
                fix=_certain_fix(text, f, rules),
            )
            findings.append(item)
        counts = {lvl: sum(1 for f in report.findings if f.level == lvl)
                  for lvl in ("error", "warning", "notice")}  # fmt: skip
        return {
            "score": report.score,
            "language": report.language,
            "jurisdiction": report.jurisdiction,
            "stats": report.stats.model_dump(mode="json"),
            "counts": counts,
            "findings": findings,
        }

    def fix(
        self, text: str, brief: "Brief | None", language: str, targets: list[dict[str, Any]] | None
    ) -> tuple[str, bool]:
        """Apply the certain fixes of the findings named in `targets` (all when None)."""
        from drafter.validate import check_text, fix_certain

        config, rules = self.check_setup()
        report = check_text(text, language=language, brief=brief, config=config, rules=rules)  # type: ignore[arg-type]
        wanted = None if targets is None else {(t["rule"], t["start"], t["end"]) for t in targets}
        chosen = [
            f for f in report.findings if wanted is None or (f.rule, f.start, f.end) in wanted
        ]
        fixed = fix_certain(text, chosen, rules) if chosen else text
        return fixed, fixed != text


def _utf16_offsets(text: str) -> Callable[[int], int]:
    """Code-point offset -> UTF-16 offset (what JavaScript strings count)."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return lambda i: i
    table = [0]
    for ch in text:
        table.append(table[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda i: table[max(0, min(i, len(text)))]


def _certain_fix(text: str, finding: Any, rules: list[Any]) -> dict[str, str] | None:
    """What `fix_certain` would do for this one finding: the text it removes and inserts."""
    from drafter.validate import fix_certain

    fixed = fix_certain(text, [finding], rules)
    if fixed == text:
        return None
    prefix = 0
    limit = min(len(text), len(fixed))
    while prefix < limit and text[prefix] == fixed[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and text[-1 - suffix] == fixed[-1 - suffix]:
        suffix += 1
    # Show the whole flagged word ("salesman" -> "salesperson", not "man" -> "person").
    a = min(prefix, finding.start)
    b = max(len(text) - suffix, finding.end)
    return {"remove": text[a:b], "insert": fixed[a : len(fixed) - (len(text) - b)]}


def _source(passage: "RetrievedPassage") -> dict[str, Any]:
    text = passage.text.strip()
    return {
        "id": passage.id, "title": passage.title, "heading": passage.heading,
        "kind": passage.kind, "language": passage.language,
        "excerpt": text[:400] + ("…" if len(text) > 400 else ""),
    }  # fmt: skip


def brief_json(brief: "Brief") -> dict[str, Any]:
    """A brief as the page's form reads it (no empty fields)."""
    return brief.model_dump(mode="json", exclude_none=True)


def parse_brief(data: Any, where: str = "brief") -> "Brief":
    """Validate brief data from the page; InputError names the field and the fix."""
    from drafter.brief import parse_brief_data

    return parse_brief_data(data, where)


def note_or_brief(text: str) -> tuple["Brief | None", str | None]:
    """The short-note box takes free text, or a YAML/JSON brief pasted whole."""
    import yaml

    stripped = text.strip()
    if "\n" in stripped or stripped.startswith("{"):
        try:
            data = yaml.safe_load(stripped)
        except yaml.YAMLError:
            data = None
        if isinstance(data, dict) and "title" in data and "company" in data:
            return parse_brief(data, "pasted brief"), None
    return None, stripped


# --- batches ------------------------------------------------------------------------------------


@dataclass
class Upload:
    """One uploaded file, already within the limits."""

    name: str
    data: bytes


def safe_upload_name(raw: str) -> str:
    """A flat, harmless file name from what the browser sent ("a/../b.txt" -> "a__b.txt")."""
    parts = [p for p in re.split(r"[\\/]+", raw) if p not in ("", ".", "..")]
    name = "__".join(parts) or "upload"
    name = re.sub(r"[^\w.\- \u3400-\u9fff]+", "_", name).strip(" .")
    if len(name) > 150:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:140] + dot + ext) if dot and len(ext) <= 8 else name[:150]
    return name or "upload"


class Batches:
    """Batch rewrites in `<data dir>/web/batches/<id>/`: inputs/, out/ (the rewrite journal,
    ads, reports, summary) and batch.json. One worker runs them in turn; a restarted server
    picks up every batch that had not finished."""

    ID = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{6}$")

    def __init__(self, services: Services, root: Path) -> None:
        self.services = services
        self.root = root
        self.todo: queue.Queue[str] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._worker_lock = threading.Lock()
        self._lock = threading.Lock()

    # files

    def folder(self, batch_id: str) -> Path:
        """The batch's folder; InputError for an id that is not one of ours."""
        from drafter.errors import InputError

        if not self.ID.match(batch_id) or not (self.root / batch_id / "batch.json").is_file():
            raise InputError("no such batch", field="batch", fix="pick a batch from the list")
        return self.root / batch_id

    def meta(self, batch_id: str) -> dict[str, Any]:
        """batch.json of a batch."""
        return json.loads((self.folder(batch_id) / "batch.json").read_text(encoding="utf-8"))

    def _save_meta(self, folder: Path, meta: dict[str, Any]) -> None:
        with self._lock:
            tmp = folder / "batch.json.tmp"
            tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
            os.replace(tmp, folder / "batch.json")

    def _update(self, batch_id: str, **changes: Any) -> None:
        meta = self.meta(batch_id)
        meta.update(changes)
        self._save_meta(self.folder(batch_id), meta)

    def ids(self) -> list[str]:
        """Every batch on disk, newest first."""
        if not self.root.is_dir():
            return []
        found = [p.name for p in self.root.iterdir() if self.ID.match(p.name)]
        return sorted((i for i in found if (self.root / i / "batch.json").is_file()), reverse=True)

    # running

    def create(self, uploads: list[Upload], options: dict[str, Any]) -> str:
        """Save the uploads and queue the batch; returns its id."""
        batch_id = time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3)
        folder = self.root / batch_id
        inputs = folder / "inputs"
        inputs.mkdir(parents=True)
        names: list[str] = []
        for upload in uploads:
            name = safe_upload_name(upload.name)
            stem, dot, ext = name.rpartition(".")
            n = 1
            while name in names:
                n += 1
                name = f"{stem}-{n}{dot}{ext}" if dot else f"{name}-{n}"
            (inputs / name).write_bytes(upload.data)
            names.append(name)
        meta = {
            "id": batch_id, "created": time.time(), "state": "queued", "options": options,
            "files": names, "error": None, "finished": None,
        }  # fmt: skip
        self._save_meta(folder, meta)
        self.submit(batch_id)
        return batch_id

    def submit(self, batch_id: str) -> None:
        """Queue a batch; a worker thread runs the queue while it has work."""
        with self._worker_lock:
            self.todo.put(batch_id)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="drafter-batches",
                                                daemon=True)  # fmt: skip
                self._worker.start()

    def resume_unfinished(self) -> list[str]:
        """Queue every batch a stopped server left queued or running; returns their ids."""
        waiting = []
        for batch_id in reversed(self.ids()):  # oldest first
            try:
                if self.meta(batch_id).get("state") in ("queued", "running"):
                    waiting.append(batch_id)
            except (OSError, ValueError):
                log.warning("batch %s: unreadable batch.json, skipped", batch_id)
        for batch_id in waiting:
            self.submit(batch_id)
        return waiting

    def _work(self) -> None:
        while True:
            with self._worker_lock:
                try:
                    batch_id = self.todo.get_nowait()
                except queue.Empty:
                    self._worker = None
                    return
            try:
                self.run(batch_id)
            except Exception:  # a broken batch must not stop the others
                log.exception("batch %s failed", batch_id)

    def run(self, batch_id: str) -> None:
        """Run (or resume) one batch to the end with rewrite.Batch and its journal."""
        from drafter import rewrite as rw
        from drafter.errors import DrafterError

        folder = self.folder(batch_id)
        meta = self.meta(batch_id)
        if meta.get("state") == "finished":
            return
        self._update(batch_id, state="running", error=None)
        opts = meta.get("options") or {}
        try:
            options = rw.RewriteOptions(
                tone=opts.get("tone") or "professional", language=opts.get("language") or None,
                jurisdiction=opts.get("jurisdiction") or None, formats=("md", "html"),
            )  # fmt: skip
            batch = rw.Batch(self.services.settings, self.services.backend(), options,
                             folder / "out", store=self.services.store())  # fmt: skip
            # A retry queues failed items again (as `drafter rewrite` without --resume does);
            # otherwise every recorded state is kept. Done items are never redone.
            batch.run([folder / "inputs"], resume=not meta.get("retry"))
        except DrafterError as exc:
            self._update(batch_id, state="error", error=self.services.redact(str(exc)))
            return
        except Exception as exc:
            log.exception("batch %s failed", batch_id)
            error = f"internal error ({type(exc).__name__}); see the server log"
            self._update(batch_id, state="error", error=error)
            return
        self._update(batch_id, state="finished", finished=time.time(), retry=False)

    def retry(self, batch_id: str) -> None:
        """Run a stopped batch again: failed and unfinished items only."""
        from drafter.errors import InputError

        if self.meta(batch_id).get("state") in ("queued", "running"):
            raise InputError("the batch is still running", field="batch",
                             fix="wait for it to finish, then retry the failed items")  # fmt: skip
        self._update(batch_id, state="queued", retry=True, error=None)
        self.submit(batch_id)

    # reading

    def status(self, batch_id: str) -> dict[str, Any]:
        """State, counts (done / failed / remaining) and one row per input, from the journal."""
        from drafter.journal import Journal

        folder = self.folder(batch_id)
        meta = self.meta(batch_id)
        inputs = str(folder / "inputs") + os.sep
        journal_path = folder / "out" / "journal.sqlite"
        entries = []
        if journal_path.is_file():
            journal = Journal(journal_path)
            try:
                entries = journal.entries()
            finally:
                journal.close()
        reports = self._reports(folder / "out")
        items = []
        for e in entries:
            report = reports.get(e.key, {})
            items.append({
                "name": e.key.removeprefix(inputs), "state": e.state, "outcome": e.outcome,
                "error": self.services.redact(e.error) if e.error else None,
                "score": report.get("score"), "changes": report.get("changes"),
            })  # fmt: skip
        states = [i["state"] for i in items]
        total = len(items) if items else len(meta.get("files", []))
        done, failed = states.count("done"), states.count("failed")
        counts = {
            "total": total, "done": done, "failed": failed, "running": states.count("running"),
            "remaining": max(0, total - done - failed),
            "clean": sum(1 for i in items if i["outcome"] == "clean"),
            "review": sum(1 for i in items if i["outcome"] == "review"),
        }  # fmt: skip
        out = folder / "out"
        return {
            **{k: meta.get(k) for k in ("id", "created", "state", "options", "error", "finished")},
            "files": len(meta.get("files", [])),
            "counts": counts,
            "items": items,
            "summary": (out / "summary.csv").is_file() and (out / "summary.html").is_file(),
        }

    @staticmethod
    def _reports(out: Path) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for path in out.glob("*.report.json") if out.is_dir() else []:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            final = data.get("report") or {}
            found[str(data.get("key"))] = {
                "score": final.get("score"), "changes": len(data.get("changes") or []),
                "language": data.get("language"), "title": (data.get("brief") or {}).get("title"),
            }  # fmt: skip
        return found

    def zip(self, batch_id: str) -> bytes:
        """The batch's results: each ad as .md, .html and .docx, its report, and the summary."""
        from drafter.export import to_docx

        folder = self.folder(batch_id)
        out = folder / "out"
        reports = {Path(p).name: p for p in out.glob("*.report.json")} if out.is_dir() else {}
        buffer = io.BytesIO()
        prefix = f"drafter-batch-{batch_id}/"
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(out.iterdir()) if out.is_dir() else []:
                if not path.is_file() or path.name.startswith("journal.sqlite"):
                    continue
                if path.suffix == ".tmp":
                    continue
                if path.suffix in (".md", ".html", ".txt", ".json", ".csv"):
                    # An error message in a report must not carry an API key out either.
                    text = self.services.redact(path.read_text(encoding="utf-8-sig"))
                    zf.writestr(prefix + path.name, text)
                else:
                    zf.write(path, prefix + path.name)
                if path.suffix == ".md":
                    report = reports.get(path.name[:-3] + ".report.json")
                    language = "en"
                    if report is not None:
                        with contextlib.suppress(OSError, ValueError):
                            language = json.loads(report.read_text("utf-8")).get("language") or "en"
                    text = path.read_text(encoding="utf-8")
                    title = next((ln[2:] for ln in text.splitlines() if ln.startswith("# ")), "")
                    zf.writestr(prefix + path.name[:-3] + ".docx", to_docx(text, title, language))
        return buffer.getvalue()


# --- the app ------------------------------------------------------------------------------------


class _Guard:
    """Loopback only, same-origin writes only, and security headers on every response.

    A web page on another site must not be able to drive this server from the user's browser
    (cross-site form posts, DNS rebinding), and nothing it serves may run injected script.
    """

    CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
           "form-action 'self'")  # fmt: skip

    def __init__(self, app: Any, allowed_hosts: set[str] | None) -> None:
        self.app = app
        self.allowed = allowed_hosts

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        hostname = host[: host.index("]") + 1] if host.startswith("[") else host.split(":")[0]
        if self.allowed is not None and hostname.lower() not in self.allowed:
            await _plain(send, 400, "unknown host: open the page at the address `drafter serve` "
                                    "printed (e.g. http://127.0.0.1:8765)")  # fmt: skip
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            from urllib.parse import urlsplit

            origin = headers.get("origin")
            if origin is not None and urlsplit(origin).netloc.lower() != host.lower():
                await _plain(send, 403, "cross-site request refused")
                return
            length = headers.get("content-length", "")
            limit = MAX_BATCH_BYTES + 1024 * 1024 if scope["path"] == "/api/batches" else (
                MAX_JSON_BYTES)  # fmt: skip
            if length.isdigit() and int(length) > limit:
                await _plain(send, 413, f"request is {int(length) / 1e6:.1f} MB; the limit is "
                                        f"{limit / 1e6:.0f} MB")  # fmt: skip
                return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                extra = [
                    (b"content-security-policy", self.CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                    (b"cache-control", b"no-store"),
                ]
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in extra if k not in names
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send: Any, status: int, text: str) -> None:
    body = json.dumps({"error": text}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def allowed_hosts(host: str) -> set[str] | None:
    """Host names the page may be opened at; None (any) when bound to every interface."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {n.lower() for n in LOOPBACK_NAMES}
    names.add(host.lower())
    names.add(f"[{host.lower()}]" if ":" in host else host.lower())
    return names


def create_app(
    settings: "Settings | None" = None,
    *,
    backend: "Backend | None" = None,
    retriever: Retriever | None = None,
    knowledge: bool = True,
    host: str = "127.0.0.1",
    resume: bool = True,
) -> "FastAPI":
    """The FastAPI app. Tests pass a fake backend and retriever; `drafter serve` passes none."""
    from typing import Literal

    from fastapi import FastAPI, HTTPException, Request
    from fastapi.exceptions import RequestValidationError
    from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
    from fastapi.staticfiles import StaticFiles
    from pydantic import BaseModel, ConfigDict, Field
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from drafter.errors import BackendError, DrafterError, DraftError, InputError, StoreError
    from drafter.settings import load_settings

    settings = settings or load_settings()
    services = Services(settings, backend=backend, retriever=retriever, knowledge=knowledge)
    batches = Batches(services, settings.home / "web" / "batches")
    Lang = Literal["en", "zh-Hans", "zh-Hant"]

    class _Body(BaseModel):
        model_config = ConfigDict(extra="forbid")

    class DraftRequest(_Body):
        brief: dict[str, Any] | None = None
        text: str | None = Field(default=None, max_length=MAX_NOTE_CHARS)
        language: Lang = "en"
        tone: Literal["professional", "lively"] = "professional"

    class CheckRequest(_Body):
        text: str = Field(max_length=MAX_AD_CHARS)
        brief: dict[str, Any] | None = None
        language: Lang = "en"
        board: Literal[boards.names()] | None = None  # type: ignore[valid-type]

    class Target(_Body):
        rule: str
        start: int
        end: int

    class FixRequest(CheckRequest):
        targets: list[Target] | None = None

    class ExportRequest(_Body):
        text: str = Field(min_length=1, max_length=MAX_AD_CHARS)
        title: str = Field(default="", max_length=300)
        language: Lang = "en"

    app = FastAPI(title="drafter", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.services = services
    app.state.batches = batches

    def status_for(exc: DrafterError) -> int:
        if isinstance(exc, InputError):
            return 422
        if isinstance(exc, BackendError | StoreError):
            return 503
        if isinstance(exc, DraftError):
            return 502
        return 500

    @app.exception_handler(DrafterError)
    async def on_drafter_error(_request: Request, exc: DrafterError) -> JSONResponse:
        return JSONResponse(services.error_body(exc), status_code=status_for(exc))

    @app.exception_handler(RequestValidationError)
    async def on_bad_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        err = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        field = ".".join(loc) or "request"
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        return JSONResponse(
            {"error": f"{field}: {msg}", "message": msg, "field": field,
             "fix": "correct this value and send again"},
            status_code=422,
        )  # fmt: skip

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def on_crash(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("request failed")
        return JSONResponse(
            {"error": f"internal error ({type(exc).__name__}); the details are in the server log"},
            status_code=500,
        )

    def page(name: str) -> FileResponse:
        return FileResponse(STATIC_DIR / name, media_type="text/html; charset=utf-8")

    @app.get("/", include_in_schema=False)
    def draft_page() -> FileResponse:
        return page("index.html")

    @app.get("/batch", include_in_schema=False)
    def batch_page() -> FileResponse:
        return page("batch.html")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")

    @app.get("/api/info")
    def info() -> dict[str, Any]:
        return services.info()

    @app.get("/api/example")
    def example() -> dict[str, Any]:
        from drafter.brief import load_brief

        if not EXAMPLE_BRIEF.is_file():
            raise HTTPException(404, "no example brief in this installation")
        return {"brief": brief_json(load_brief(EXAMPLE_BRIEF))}

    @app.post("/api/draft")
    def draft(req: DraftRequest) -> StreamingResponse:
        if (req.brief is None) == (req.text is None or not req.text.strip()):
            raise InputError(
                "send either a brief or a short note", field="brief",
                fix="fill the form, or write a note in the short-note box",
            )  # fmt: skip
        if req.brief is not None:
            brief, note = parse_brief(req.brief), None
        else:
            brief, note = note_or_brief(req.text or "")
        if brief is not None and brief.how_to_apply.is_empty():
            raise InputError(
                "the brief says nothing about how to apply", field="how_to_apply",
                fix="add an email, a URL, a phone number, an address or instructions",
            )  # fmt: skip
        stream = EventStream()
        threading.Thread(
            target=services.draft_job, args=(brief, note, req.language, req.tone, stream),
            name="drafter-draft", daemon=True,
        ).start()  # fmt: skip
        return StreamingResponse(
            stream.lines(), media_type="text/event-stream",
            headers={"X-Accel-Buffering": "no"},
        )  # fmt: skip

    def optional_brief(data: dict[str, Any] | None) -> Any:
        return parse_brief(data) if data else None

    @app.post("/api/check")
    def check(req: CheckRequest) -> dict[str, Any]:
        return services.check(req.text, optional_brief(req.brief), req.language, req.board)

    @app.post("/api/fix")
    def fix(req: FixRequest) -> dict[str, Any]:
        brief = optional_brief(req.brief)
        targets = None if req.targets is None else [t.model_dump() for t in req.targets]
        text, changed = services.fix(req.text, brief, req.language, targets)
        return {"text": text, "changed": changed,
                "check": services.check(text, brief, req.language, req.board)}  # fmt: skip

    @app.post("/api/export/{fmt}")
    def export(fmt: str, req: ExportRequest) -> Response:
        from urllib.parse import quote

        from drafter import export as ex

        if fmt not in ex.FORMATS:
            body = {"error": f"unknown format {fmt!r}", "field": "format",
                    "fix": f"use one of {', '.join(ex.FORMATS)}"}  # fmt: skip
            return JSONResponse(body, status_code=422)

        title = req.title or next(
            (ln[2:].strip() for ln in req.text.splitlines() if ln.startswith("# ")), "job ad"
        )
        data = ex.export(req.text, fmt, title=title, language=req.language)
        name = ex.filename(title, fmt)
        ascii_name = name.encode("ascii", "ignore").decode() or f"job-ad.{fmt}"
        disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
        return Response(data, media_type=ex.MEDIA_TYPES[fmt],
                        headers={"Content-Disposition": disposition})  # fmt: skip

    @app.get("/api/batches")
    def list_batches() -> dict[str, Any]:
        out = []
        for batch_id in batches.ids()[:50]:
            try:
                s = batches.status(batch_id)
            except (OSError, ValueError, DrafterError):
                continue
            s.pop("items")
            out.append(s)
        return {"batches": out}

    @app.post("/api/batches")
    async def new_batch(request: Request) -> JSONResponse:
        from starlette.datastructures import UploadFile

        from drafter.readers import SOURCE_SUFFIXES

        form = await request.form(max_files=1000, max_fields=50)
        try:
            files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            files = [f for f in files if f.filename]
            if not files:
                raise InputError("no files were uploaded", field="files",
                                 fix="choose the legacy JDs to rewrite")  # fmt: skip
            if len(files) > MAX_FILES:
                raise HTTPException(413, f"{len(files)} files: a batch takes at most {MAX_FILES};"
                                         " split them into several batches")  # fmt: skip
            options = {}
            for key, allowed in (("tone", ("professional", "lively")),
                                 ("language", ("", "en", "zh-Hans", "zh-Hant")),
                                 ("jurisdiction", ("", *JURISDICTIONS))):  # fmt: skip
                value = str(form.get(key) or "")
                if key == "tone" and not value:
                    value = "professional"
                if value not in allowed:
                    choices = ", ".join(a for a in allowed if a)
                    raise InputError(f"{value!r} is not one of {choices}", field=key,
                                     fix="pick a value from the list")  # fmt: skip
                options[key] = value
            uploads: list[Upload] = []
            total = 0
            for f in files:
                name = f.filename or "upload"
                suffix = Path(name).suffix.lower()
                if suffix not in SOURCE_SUFFIXES:
                    raise InputError(
                        f"unsupported file type {suffix or '(none)'}", file=name,
                        fix="upload .txt, .md, .html, .docx, .pdf, .csv, .jsonl or .xlsx files",
                    )  # fmt: skip
                data = await f.read(MAX_FILE_BYTES + 1)
                if len(data) > MAX_FILE_BYTES:
                    raise HTTPException(
                        413, f"{name} is over {MAX_FILE_BYTES // 2**20} MB, the limit per file:"
                        " split it into smaller files",
                    )  # fmt: skip
                total += len(data)
                if total > MAX_BATCH_BYTES:
                    raise HTTPException(
                        413, f"the upload is over {MAX_BATCH_BYTES // 2**20} MB, the limit per"
                        " batch: split it into several batches",
                    )  # fmt: skip
                uploads.append(Upload(name, data))
        finally:
            await form.close()
        batch_id = batches.create(uploads, options)
        return JSONResponse(batches.status(batch_id), status_code=201)

    @app.get("/api/batches/{batch_id}")
    def batch_status(batch_id: str) -> dict[str, Any]:
        return batches.status(batch_id)

    @app.post("/api/batches/{batch_id}/retry")
    def batch_retry(batch_id: str) -> JSONResponse:
        batches.retry(batch_id)
        return JSONResponse(batches.status(batch_id), status_code=202)

    @app.get("/api/batches/{batch_id}/results.zip")
    def batch_zip(batch_id: str) -> Response:
        data = batches.zip(batch_id)
        disposition = f'attachment; filename="drafter-batch-{batch_id}.zip"'
        return Response(data, media_type="application/zip",
                        headers={"Content-Disposition": disposition})  # fmt: skip

    @app.get("/api/batches/{batch_id}/summary.{ext}")
    def batch_summary(batch_id: str, ext: Literal["csv", "html"]) -> Response:
        path = batches.folder(batch_id) / "out" / f"summary.{ext}"
        if not path.is_file():
            raise HTTPException(404, "the summary is written when the batch has run")
        text = services.redact(path.read_text(encoding="utf-8-sig"))
        if ext == "csv":
            name = f"drafter-batch-{batch_id}-summary.csv"
            disposition = f'attachment; filename="{name}"'
            return Response("\ufeff" + text, media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": disposition})  # fmt: skip
        # The summary page styles itself inline and runs no script.
        csp = "default-src 'none'; style-src 'unsafe-inline'"
        return Response(text, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": csp})  # fmt: skip

    if resume:
        waiting = batches.resume_unfinished()
        if waiting:
            log.warning("resuming %d unfinished batch(es): %s", len(waiting), ", ".join(waiting))

    app.add_middleware(_Guard, allowed_hosts=allowed_hosts(host))
    return app


# --- `drafter serve` ------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """True for 127.x.x.x, ::1 and localhost."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket; a port in use is a clear error, not a traceback."""
    from drafter.errors import InputError

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise InputError(
            f"cannot listen on {host}:{port} ({exc.strerror})", field="--port",
            fix="pick another port with --port, or stop what is using it",
        ) from None  # fmt: skip
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def run_server(app: Any, sock: socket.socket, log_level: str = "warning") -> Any:
    """A uvicorn server for `app` on an already bound socket (call .run(sockets=[sock]))."""
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off",
                            timeout_graceful_shutdown=2)  # fmt: skip
    return uvicorn.Server(config)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; not loopback = open to the network.")  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@click.option("--backend", type=click.Choice(["local", "openai", "fake"]), default=None,
              help="Model backend (default: local, or DRAFTER_BACKEND).")  # fmt: skip
@click.option("--model", default=None, help="Model name (openai) or GGUF path (local).")
@click.option("--base-url", default=None, help="OpenAI-compatible endpoint (openai backend).")
@click.option("--no-knowledge", is_flag=True, help="Draft without retrieved knowledge passages.")
def serve(host: str, port: int, backend: str | None, model: str | None, base_url: str | None,
          no_knowledge: bool) -> None:  # fmt: skip
    """Open the recruiters' page: draft from a brief, see problems highlighted, batch-rewrite."""
    from drafter.cli import _err, _run

    def body() -> int:
        from drafter.settings import settings_for_command

        settings = settings_for_command(model, backend=backend, base_url=base_url)
        sock = bind(host, port)
        bound = sock.getsockname()[1]
        shown = f"[{host.strip('[]')}]" if ":" in host else host
        logging.basicConfig(level=logging.INFO, format="drafter: %(message)s")
        app = create_app(settings, knowledge=not no_knowledge, host=host)
        url = f"http://{shown}:{bound}/"
        if is_loopback(host):
            _err(f"drafter: serving {url} — bound to loopback ({host}): only this machine can "
                 "open it")  # fmt: skip
        else:
            _err(f"drafter: serving {url} — WARNING: bound to {host}, not loopback: anyone"
                 " who can reach this machine can use the page and your model backend"
                 " (no login)")  # fmt: skip
        _err(f"drafter: backend {settings.backend}; data in {settings.home}; Ctrl+C to stop")
        run_server(app, sock).run(sockets=[sock])
        return 0

    _run(body)
