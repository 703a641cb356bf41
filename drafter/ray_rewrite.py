"""`drafter rewrite --engine ray`: the same per-item rewrite, spread over a Ray cluster.

The driver reads the inputs a block at a time — tabular files (Parquet, JSONL, CSV, with an id
and a text column) through pyarrow's datasets on any filesystem pyarrow reads (a local path, a
shared mount, s3://, gs://), or the documents `drafter.readers.collect_batch` finds in local
files and folders — and hands the blocks to a pool of `RewriteWorker` Ray actors. Every worker
builds its backend and knowledge store once and runs `--concurrency` model calls at a time
through `drafter.rewrite.Batch`, the single-machine path itself — same reader, drafting,
validation, retries and output files.

**The results table is the journal.** `OUT/results/part-*.parquet` holds one row per item,
keyed by the item's id and a digest of its text and of everything that changes the output (the
options, backend and model, and the prompt and rule files). The driver is the table's only
writer: the rows of each block the workers return go into a part file of their own, written
under a temporary name and then renamed. A re-run reads the table first and skips every key
already there — 0 model calls — so a run killed at any point and started again does exactly
the rest; a failed item is a row with its one-line error and never fails the job;
`--retry-failed` runs only the failed keys. A key is written once per run whatever the number of
workers (Ray may run a block again after a worker dies; its ad files are then written again
under the same names, and its rows still reach the table once, through the driver).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import InputError
from drafter.rewrite import Batch, ItemReport, RewriteOptions
from drafter.settings import Settings

TABLE_SUFFIXES = {".parquet": "parquet", ".jsonl": "json", ".csv": "csv"}
RESULT_COLUMNS = (
    "id",
    "digest",
    "state",
    "outcome",
    "error",
    "calls",
    "prompt_tokens",
    "completion_tokens",
    "outputs",
    "changes",
    "score",
    "seconds",
)
# Blocks a worker holds at once. Its items share one pool of 2 x --concurrency threads, so the
# next block's items start as soon as any item is done; a third block waits in the worker
# while the driver writes the rows of one just done and sends another.
SLOTS = 3
INSTALL_HINT = 'pip install "drafter[ray]" (or: bash scripts/install.sh local,ray)'


def require_ray() -> Any:
    """The ray module, or a one-line error saying how to install it."""
    try:
        import pyarrow  # noqa: F401  # tables and the results table
        import ray
    except ImportError:
        raise InputError(
            "--engine ray needs Ray, which is not installed", field="--engine", fix=INSTALL_HINT
        ) from None
    return ray


# --- keys ------------------------------------------------------------------------------------


def versions(settings: Settings) -> str:
    """A digest of the prompt and rule files: a changed prompt or rule changes every key."""
    h = hashlib.sha256()
    rules = Path(__file__).parent / "rules"
    for folder in (Path(settings.prompts_dir), rules):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def digest(text: str | None, fingerprint: str, version: str) -> str:
    """The item's content key beside its id: its text, the options and the versions."""
    h = hashlib.sha256((text or "").encode("utf-8"))
    h.update(b"\0" + fingerprint.encode("utf-8") + b"\0" + version.encode("utf-8"))
    return h.hexdigest()[:32]


# --- where files go ---------------------------------------------------------------------------


def filesystem(uri: str) -> tuple[Any, str]:
    """(pyarrow filesystem, path inside it) for a local path or a URI pyarrow knows."""
    from pyarrow import fs

    if "://" not in uri:
        return fs.LocalFileSystem(), str(Path(uri).absolute())
    return fs.FileSystem.from_uri(uri)


def _is_local(filesys: Any) -> bool:
    from pyarrow import fs

    return isinstance(filesys, fs.LocalFileSystem)


def _write(filesys: Any, path: str, data: bytes) -> None:
    """Write a whole file: under a temporary name and renamed on a local disk (a half-written
    file never has the final name), in one put on an object store."""
    if _is_local(filesys):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        tmp = f"{path}.{uuid.uuid4().hex}.tmp"
        Path(tmp).write_bytes(data)
        os.replace(tmp, path)
        return
    with filesys.open_output_stream(path) as stream:
        stream.write(data)


# --- the results table -------------------------------------------------------------------------


def read_results(
    out: str, columns: tuple[str, ...] = RESULT_COLUMNS
) -> dict[tuple[str, str], dict[str, Any]]:
    """The latest row of every key in the results table (parts in the order they were
    written), with `columns` only: a run starts from the keys and their states alone."""
    import pyarrow.parquet as pq
    from pyarrow import fs

    filesys, base = filesystem(out)
    folder = f"{base}/results"
    try:
        infos = filesys.get_file_info(fs.FileSelector(folder, allow_not_found=True))
    except OSError:
        return {}
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for info in sorted((i for i in infos if i.path.endswith(".parquet")), key=lambda i: i.path):
        with filesys.open_input_file(info.path) as fh:
            table = pq.read_table(fh, columns=list(dict.fromkeys(("id", "digest", *columns))))
        for row in table.to_pylist():
            rows[(row["id"], row["digest"])] = row
    return rows


def write_part(out: str, rows: list[dict[str, Any]], index: int) -> str:
    """One part file of the results table: the rows of one block, written whole."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    filesys, base = filesystem(out)
    table = pa.Table.from_pylist(
        [{c: r.get(c) for c in RESULT_COLUMNS} for r in rows], schema=result_schema()
    )
    sink = io.BytesIO()
    pq.write_table(table, sink)
    name = f"{base}/results/part-{time.strftime('%Y%m%dT%H%M%S')}-{index:06}-{uuid.uuid4().hex[:8]}"
    _write(filesys, name + ".parquet", sink.getvalue())
    return name


def result_schema() -> Any:
    import pyarrow as pa

    text, number = pa.string(), pa.int64()
    return pa.schema(
        [
            ("id", text),
            ("digest", text),
            ("state", text),
            ("outcome", text),
            ("error", text),
            ("calls", number),
            ("prompt_tokens", number),
            ("completion_tokens", number),
            ("outputs", text),
            ("changes", text),
            ("score", pa.float64()),
            ("seconds", pa.float64()),
        ]
    )


# --- the workers -------------------------------------------------------------------------------


class RewriteWorker:
    """A Ray actor: one backend and knowledge store for its life, `concurrency` items at a
    time, each rewritten and written exactly as `drafter rewrite` does on one machine."""

    def __init__(self, settings: Settings, options: RewriteOptions, out: str, root: str,
                 url: str | None, knowledge: bool) -> None:  # fmt: skip
        import tempfile
        from concurrent.futures import ThreadPoolExecutor

        from drafter.backends import make_backend

        if url:  # this worker's own endpoint (e.g. a vLLM server beside its GPU)
            settings = settings.model_copy(update={"base_url": url})
        backend = make_backend(settings)
        store = None
        if knowledge:  # chromadb is imported only for a store (0.8 s of a worker's start-up)
            from drafter.store import open_store

            store = open_store(settings)
        self.filesys, self.base = filesystem(out)
        local = self.base if _is_local(self.filesys) else tempfile.mkdtemp(prefix="drafter-ray-")
        Path(local).mkdir(parents=True, exist_ok=True)
        self.batch = Batch(settings, backend, options, Path(local), store=store)
        self.batch.root = root
        # One pool of items for the worker's life, as on one machine: the items of the blocks it
        # holds queue for 2 x --concurrency threads, so the next block's items start as soon as
        # any item is done. A pool per block let both blocks end together and the worker's
        # calls stop until the driver sent the next (a gap of 0.5-1 s every 32 items).
        self.pool = ThreadPoolExecutor(self.batch.workers, thread_name_prefix="drafter-item")
        self.batch._warm_up()  # as `Batch.run` does: the tokenizer and client, before any item

    def run(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The results rows of one block of items (every item a row: done or failed)."""
        from drafter.readers import SourceItem

        items = []
        for r in rows:
            text, problem = r["text"], None
            if r["error"]:
                problem = InputError(str(r["error"]), file=str(r["file"]))
            elif text is None or not text.strip():
                problem = InputError(
                    "the text column is empty", file=str(r["file"]), field="text",
                    fix="give this row its job description",
                )  # fmt: skip
            sha = hashlib.sha256((text or "").encode("utf-8")).hexdigest()
            item = SourceItem(
                key=r["id"], file=str(r["file"]), row=r["row"],
                text=None if problem else text, error=problem, sha256=sha,
            )  # fmt: skip
            items.append((item, r["digest"]))

        def work(pair: tuple[Any, str]) -> dict[str, Any]:
            item, key_digest = pair
            started = time.perf_counter()
            try:
                report, calls = self.batch._work(item)  # retries; a per-item error is a report
                if not _is_local(self.filesys):
                    self._upload(item.key, report)
            except Exception as exc:  # writing the outputs failed: a failed row, not a failed job
                report = ItemReport(key=item.key, file=item.file, row=item.row,
                                    sha256=item.sha256, options=self.batch.fp, outcome="failed",
                                    error=f"{item.key}: {type(exc).__name__}: {exc}")  # fmt: skip
                calls = 0
            return _row(item.key, key_digest, report, calls, time.perf_counter() - started)

        return [f.result() for f in [self.pool.submit(work, pair) for pair in items]]

    def _upload(self, key: str, report: ItemReport) -> None:
        """Outputs written to the worker's scratch folder, copied to the remote --out."""
        name = self.batch.name(key)
        for file in [*report.outputs, f"{name}.report.json"]:
            path = self.batch.out / file
            if path.is_file():
                _write(self.filesys, f"{self.base}/{file}", path.read_bytes())
                path.unlink()


def _row(
    key: str, key_digest: str, report: ItemReport, calls: int, seconds: float
) -> dict[str, Any]:
    usage = report.usage or {}
    final = report.report or {}
    categories = Counter(c.category for c in report.changes)
    return {
        "id": key,
        "digest": key_digest,
        "state": "failed" if report.outcome == "failed" else "done",
        "outcome": report.outcome,
        "error": report.error,
        "calls": calls,
        "prompt_tokens": int(usage.get("prompt_tokens", 0)),
        "completion_tokens": int(usage.get("completion_tokens", 0)),
        "outputs": ",".join(report.outputs),
        "changes": "; ".join(f"{k}={v}" for k, v in sorted(categories.items())),
        "score": final.get("score"),
        "seconds": round(seconds, 3),
    }


# --- the inputs ----------------------------------------------------------------------------------


def _table_kind(source: str) -> str | None:
    name = source.rstrip("/").lower()
    for suffix, kind in TABLE_SUFFIXES.items():
        if name.endswith(suffix):
            return kind
    return None


def inputs(sources: list[str], options: RewriteOptions) -> tuple[list[Any], int]:
    """What to read and the number of items.
    Tables stay on their filesystem and are read in pieces (`blocks`); documents are found
    (and read) here, as on one machine."""
    import pyarrow.dataset as pads

    plan: list[Any] = []
    total = 0
    documents = [s for s in sources if not _table_kind(s)]
    for source in (s for s in sources if _table_kind(s)):
        filesys, path = filesystem(source)
        kind = _table_kind(source)
        table = pads.dataset(path, format=kind, filesystem=filesys)
        for wanted, flag in (
            (options.id_column or "id", "--id-column"),
            (options.text_column or "text", "--text-column"),
        ):
            if wanted not in table.schema.names:
                raise InputError(
                    f"no column {wanted!r} (columns: {', '.join(table.schema.names)})",
                    file=source,
                    field=flag,
                    fix=f"name the column with {flag}",
                )
        total += table.count_rows()  # Parquet says it in its metadata; CSV and JSONL are read
        plan.append((source, table))
    if documents:
        from drafter.readers import collect_batch

        for s in documents:
            if "://" in s:
                raise InputError(
                    "documents are read from local files and folders; tables "
                    "(.parquet, .jsonl, .csv) from any filesystem",
                    file=s,
                    fix="copy the documents to a shared folder, or give a table",
                )
        found = collect_batch(
            [Path(s) for s in documents],
            text_column=options.text_column,
            id_column=options.id_column,
        )
        rows = [
            {
                "id": i.key,
                "text": i.text,
                "file": i.file,
                "row": i.row,
                "error": None if i.error is None else str(i.error),
            }
            for i in found.items
        ]
        plan.append(rows)
        total += len(rows)
    if not total:
        raise InputError("no inputs found", field="INPUT", fix="give files, folders or tables")
    return plan, total


def _root(sources: list[str]) -> str:
    """The folder output names are taken relative to: the inputs' common folder, as on one
    machine."""
    absolute = [str(Path(s).absolute().parent) for s in sources if "://" not in s]
    return os.path.commonpath(absolute) if absolute else ""


def blocks(plan: list[Any], options: RewriteOptions, size: int) -> Any:
    """Rows of at most `size` items, read a piece at a time: a table of any length is never
    held whole in memory."""
    from drafter.readers import _escape_key

    id_col, text_col = options.id_column or "id", options.text_column or "text"
    for entry in plan:
        if isinstance(entry, list):
            for i in range(0, len(entry), size):
                yield entry[i : i + size]
            continue
        source, table = entry
        for batch in table.to_batches(columns=[id_col, text_col], batch_size=size):
            ids, texts = batch.column(0).to_pylist(), batch.column(1).to_pylist()
            for i in range(0, len(ids), size):
                yield [
                    {
                        "id": f"{source}#id={_escape_key(str(key))}",
                        "file": source,
                        "row": None,
                        "text": None if text is None else str(text),
                        "error": None if key is not None else "the row has no id",
                    }
                    for key, text in zip(ids[i : i + size], texts[i : i + size], strict=True)
                ]


# --- the run -----------------------------------------------------------------------------------


@dataclass
class RayProgress:
    """What a run reports while it goes and at the end."""

    found: int | None = None  # None: not known before the tables are read
    skipped: int = 0  # already in the results table
    done: int = 0
    failed: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    seconds: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: list[tuple[str, str]] = field(default_factory=list)

    @property
    def remaining(self) -> int | None:
        if self.found is None:
            return None
        return max(0, self.found - self.skipped - self.done - self.failed)

    @property
    def rate(self) -> float:
        return (self.done + self.failed) / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        left = "?" if self.remaining is None else str(self.remaining)
        cost = "" if self.cost is None else f" · cost {self.cost:.4f}"
        return (
            f"done {self.done} · failed {self.failed} · remaining {left} · "
            f"{self.rate:.1f} items/s · calls {self.calls} · tokens "
            f"{self.prompt_tokens + self.completion_tokens:,}{cost}"
        )


def run(
    sources: list[str],
    out: str,
    settings: Settings,
    options: RewriteOptions,
    *,
    address: str | None = None,
    workers: int | None = None,
    retry_failed: bool = False,
    knowledge: bool = True,
    init: dict[str, Any] | None = None,
    on_progress: Callable[[RayProgress], None] | None = None,
) -> RayProgress:
    """Rewrite every input not yet in the results table on Ray; returns the run's counts (and
    writes summary.csv and summary.html for the whole table)."""
    ray = require_ray()
    from drafter.backends import make_backend

    started = time.perf_counter()
    if not ray.is_initialized():
        import logging

        quiet = {"include_dashboard": False, "log_to_driver": False,
                 "logging_level": logging.WARNING}  # fmt: skip
        ray.init(address=address, **{**quiet, **(init or {})})
    if workers is None:
        workers = max(1, sum(1 for n in ray.nodes() if n.get("Alive")))
    # The workers start first (a process each, drafter imported, the client built: 1-2 s),
    # while the driver reads the results table and counts the inputs.
    urls = [u.strip() for u in (settings.base_url or "").split(",") if u.strip()]
    # the local model uses the cores it is given; an endpoint client mostly waits
    cpus = 1.0 if settings.backend == "local" else 0.25
    actor = ray.remote(num_cpus=cpus, max_concurrency=SLOTS)(RewriteWorker)
    actors = [
        actor.remote(settings, options, out, _root(sources),
                     urls[i % len(urls)] if len(urls) > 1 else None, knowledge)
        for i in range(workers)
    ]  # fmt: skip
    try:
        first = settings.model_copy(update={"base_url": urls[0]}) if len(urls) > 1 else settings
        fingerprint = options.fingerprint(make_backend(first))  # backend name and model: no call
        version = versions(settings)
        previous = read_results(out, columns=("state",))
        failed = {key for key, row in previous.items() if row["state"] == "failed"}
        plan, total = inputs(sources, options)
        progress = RayProgress(found=total)
        prices = settings.extra_tables.get("prices") or {}
        price = prices.get(fingerprint_model(fingerprint)) if isinstance(prices, dict) else None
        # small blocks of work, each a part of the results table when it is done: a killed run
        # loses at most the blocks in flight
        size = max(4, 2 * options.concurrency)
        # each worker holds SLOTS blocks at a time: it is listed once per free slot
        idle = [a for a in actors for _ in range(SLOTS)]
        running: dict[Any, Any] = {}
        index = 0
        sent = 0

        def send(rows: list[dict[str, Any]]) -> None:
            nonlocal sent
            while not idle:
                ready, _ = ray.wait(list(running), num_returns=1)
                collect(ready[0])
            worker = idle.pop(0)
            running[worker.run.remote(rows)] = worker
            sent += len(rows)

        def collect(ready: Any) -> None:
            nonlocal index
            rows = ray.get(ready)
            idle.append(running.pop(ready))
            if rows:
                write_part(out, rows, index)
                index += 1
            for row in rows:
                progress.calls += row["calls"] or 0
                progress.prompt_tokens += row["prompt_tokens"] or 0
                progress.completion_tokens += row["completion_tokens"] or 0
                if row["state"] == "failed":
                    progress.failed += 1
                    progress.errors.append((row["id"], row["error"] or "failed"))
                else:
                    progress.done += 1
                progress.outcomes[row["outcome"]] += 1
            progress.cost = _cost(price, progress)
            progress.seconds = time.perf_counter() - started
            if on_progress:
                on_progress(progress)

        for block in blocks(plan, options, size):
            todo = []
            for row in block:  # a key in the table already is counted, not run
                row["digest"] = digest(row["text"], fingerprint, version)
                key = (row["id"], row["digest"])
                # a re-run runs what the table lacks; --retry-failed only what it has as failed
                if (key in failed) if retry_failed else (key not in previous):
                    todo.append(row)
                else:
                    progress.skipped += 1
            while todo:
                # near the end, smaller blocks: every worker gets a share of the last items instead
                # of one worker taking a whole block while the others have nothing left
                left = total - progress.skipped - sent
                share = max(1, -(-left // (SLOTS * workers)))
                send(todo[: min(size, share)])
                todo = todo[min(size, share) :]
        while running:
            ready, _ = ray.wait(list(running), num_returns=1)
            collect(ready[0])
    finally:  # an input error stops the run: its workers go with it, as at the end
        for worker in actors:
            ray.kill(worker)
    progress.seconds = time.perf_counter() - started
    write_summary(out)
    return progress


def fingerprint_model(fingerprint: str) -> str:
    import json

    return str(json.loads(fingerprint).get("model", ""))


def _cost(price: Any, p: RayProgress) -> float | None:
    if not isinstance(price, dict):
        return None
    return (
        p.prompt_tokens * float(price.get("input", 0))
        + p.completion_tokens * float(price.get("output", 0))
    ) / 1_000_000


def write_summary(out: str) -> None:
    """summary.csv (one row per key, its latest state) and summary.html for the whole table."""
    from types import SimpleNamespace

    from drafter.rewrite import _summary_html

    rows = read_results(out)
    sheet = io.StringIO()
    w = csv.writer(sheet)
    w.writerow(
        [
            "key",
            "digest",
            "state",
            "outcome",
            "changes",
            "score",
            "calls",
            "prompt_tokens",
            "completion_tokens",
            "output",
            "error",
        ]
    )
    outcomes: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    listed = []
    for (key, key_digest), r in sorted(rows.items()):
        w.writerow(
            [
                key,
                key_digest,
                r["state"],
                r["outcome"] or "",
                r["changes"] or "",
                "" if r["score"] is None else r["score"],
                r["calls"],
                r["prompt_tokens"],
                r["completion_tokens"],
                r["outputs"] or "",
                r["error"] or "",
            ]
        )
        outcomes[r["outcome"] or r["state"]] += 1
        changed = 0
        for part in filter(None, (r["changes"] or "").split("; ")):
            name, _, count = part.partition("=")
            categories[name] += int(count or 1)
            changed += int(count or 1)
        entry = SimpleNamespace(key=key, outcome=r["outcome"], state=r["state"], error=r["error"])
        report = SimpleNamespace(  # what the summary page reads of an item's report
            changes=[None] * changed,
            outputs=(r["outputs"] or "").split(",") if r["outputs"] else [],
        )
        listed.append((entry, report))
    filesys, base = filesystem(out)
    _write(filesys, f"{base}/summary.csv", ("\ufeff" + sheet.getvalue()).encode("utf-8"))
    page = _summary_html(listed, outcomes, categories)  # type: ignore[arg-type]
    _write(filesys, f"{base}/summary.html", page.encode("utf-8"))
