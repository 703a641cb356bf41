"""The knowledge vector store: a chromadb collection of passages, kept in sync with the files.

Layout under `settings.store_dir`:
- chromadb's own files (`chroma.sqlite3` and segment folders), collection `knowledge`, cosine;
- `user_docs/*.md`: a normalised copy (front matter + extracted text) of every ingested user
  file. The copies are the source of truth for user documents, so `rebuild()` can re-embed them
  without the original files, and a user can delete or edit one by hand (the next sync follows).

Every passage carries `origin` (builtin | user) and its document's `content_hash`. A sync loads
the documents of each origin, re-embeds only documents whose hash changed, and deletes the
passages of documents that disappeared from that origin's folder. A file lock stops two
processes from writing at once.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field

from drafter.embeddings import ChromaEmbeddingFunction, E5Embedder, Embedder
from drafter.errors import InputError, StoreError
from drafter.knowledge import (
    DocMeta,
    Document,
    Origin,
    Passage,
    chunk_document,
    load_documents,
    make_document,
    split_front_matter,
    validate_meta,
)
from drafter.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

COLLECTION_NAME = "knowledge"
# Bump when the stored metadata layout changes: a store with another version is rebuilt.
SCHEMA_VERSION = "1"
USER_DOCS_DIR = "user_docs"
USER_ID_PREFIX = "user/"
LOCK_TIMEOUT_S = 300.0
_ADD_BATCH = 256


class SyncReport(BaseModel):
    """What a sync, ingest or rebuild changed, in documents, plus the passage total after it."""

    model_config = ConfigDict(extra="forbid")

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    passages_embedded: int = 0
    documents: int = 0
    passages: int = 0
    seconds: float = 0.0

    def merge(self, other: SyncReport) -> SyncReport:
        """Sum of two partial reports (totals taken from `other`, the later one)."""
        return SyncReport(
            added=self.added + other.added,
            updated=self.updated + other.updated,
            unchanged=self.unchanged + other.unchanged,
            removed=self.removed + other.removed,
            passages_embedded=self.passages_embedded + other.passages_embedded,
            documents=other.documents,
            passages=other.passages,
            seconds=round(self.seconds + other.seconds, 3),
        )


class IngestFailure(BaseModel):
    """One file that could not be ingested, and why (the InputError text)."""

    model_config = ConfigDict(extra="forbid")

    file: str
    error: str


class IngestReport(BaseModel):
    """Result of `drafter ingest`: doc ids stored, files refused, and the sync counts."""

    model_config = ConfigDict(extra="forbid")

    ingested: list[str] = Field(default_factory=list)
    failed: list[IngestFailure] = Field(default_factory=list)
    sync: SyncReport = Field(default_factory=SyncReport)


class Candidate(BaseModel):
    """A passage returned by a vector query, with its similarity and vector (for MMR)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    passage: Passage
    score: float
    vector: Any  # np.ndarray (dim,)


class KnowledgeStore:
    """The knowledge collection plus the files it mirrors; open it with `open_store`."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.embedder: Embedder = embedder or E5Embedder()
        self._client: ClientAPI | None = None
        self._collection: Collection | None = None

    # -- paths ---------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """Folder of the store (chromadb files and user document copies)."""
        return self.settings.store_dir

    @property
    def user_docs_dir(self) -> Path:
        """Folder holding the copies of ingested user documents."""
        return self.path / USER_DOCS_DIR

    # -- chromadb ------------------------------------------------------------------------

    def _open_client(self) -> ClientAPI:
        if self._client is None:
            import chromadb
            from chromadb.config import Settings as ChromaSettings

            try:
                self.path.mkdir(parents=True, exist_ok=True)
                self._client = chromadb.PersistentClient(
                    path=str(self.path), settings=ChromaSettings(anonymized_telemetry=False)
                )
            except Exception as exc:  # chromadb raises many types (sqlite, rust bindings)
                raise StoreError(
                    f"cannot open the knowledge store ({exc})",
                    file=str(self.path),
                    fix="check permissions, or delete the folder and run `drafter index`",
                ) from None
        return self._client

    def _fingerprint(self) -> dict[str, str]:
        return {"embedder": self.embedder.name, "schema": SCHEMA_VERSION}

    @property
    def collection(self) -> Collection:
        """The chromadb collection, created (cosine, our embedding function) if missing."""
        if self._collection is None:
            client = self._open_client()
            ef = ChromaEmbeddingFunction(self.embedder)
            try:
                collection = client.get_or_create_collection(
                    COLLECTION_NAME,
                    embedding_function=ef,  # type: ignore[arg-type]
                    configuration={"hnsw": {"space": "cosine"}},
                    metadata=self._fingerprint(),
                )
                meta = collection.metadata or {}
                if any(meta.get(k) != v for k, v in self._fingerprint().items()):
                    # Vectors from another model or layout cannot be mixed with ours.
                    client.delete_collection(COLLECTION_NAME)
                    collection = client.create_collection(
                        COLLECTION_NAME,
                        embedding_function=ef,  # type: ignore[arg-type]
                        configuration={"hnsw": {"space": "cosine"}},
                        metadata=self._fingerprint(),
                    )
            except Exception as exc:
                raise StoreError(
                    f"cannot open the knowledge collection ({exc})",
                    file=str(self.path),
                    fix="run `drafter index --rebuild`, or delete the folder",
                ) from None
            self._collection = collection
        return self._collection

    def count(self) -> int:
        """Number of passages stored."""
        return int(self.collection.count())

    def _stored_hashes(self, origin: Origin) -> dict[str, str]:
        """doc_id -> content_hash of what the collection holds for one origin."""
        got = self.collection.get(where={"origin": origin}, include=["metadatas"])
        hashes: dict[str, str] = {}
        for meta in got["metadatas"] or []:
            hashes[str(meta["doc_id"])] = str(meta.get("content_hash", ""))
        return hashes

    def _delete_docs(self, doc_ids: Iterable[str]) -> None:
        ids = list(doc_ids)
        if ids:
            self.collection.delete(where={"doc_id": {"$in": ids}})

    def _add_docs(self, docs: Sequence[Document]) -> int:
        passages: list[Passage] = []
        hashes: list[str] = []
        for doc in docs:
            for passage in chunk_document(doc):
                passages.append(passage)
                hashes.append(doc.content_hash)
        if not passages:
            return 0
        vectors = self.embedder.embed_passages([p.text for p in passages])
        for start in range(0, len(passages), _ADD_BATCH):
            batch = passages[start : start + _ADD_BATCH]
            self.collection.add(
                ids=[p.id for p in batch],
                documents=[p.text for p in batch],
                metadatas=[
                    {**p.metadata(), "content_hash": h}
                    for p, h in zip(batch, hashes[start : start + _ADD_BATCH], strict=True)
                ],
                embeddings=vectors[start : start + _ADD_BATCH],
            )
        return len(passages)

    # -- sync ----------------------------------------------------------------------------

    def load_builtin(self) -> list[Document]:
        """The built-in documents from `settings.knowledge_dir`."""
        return load_documents(self.settings.knowledge_dir, origin="builtin")

    def load_user(self) -> list[Document]:
        """The ingested user documents (their copies in the store folder)."""
        if not self.user_docs_dir.is_dir():
            return []
        return load_documents(self.user_docs_dir, origin="user")

    def _sync_origin(self, origin: Origin, docs: list[Document]) -> SyncReport:
        stored = self._stored_hashes(origin)
        wanted = {doc.meta.id: doc for doc in docs}
        new = [d for i, d in wanted.items() if i not in stored]
        changed = [d for i, d in wanted.items() if i in stored and stored[i] != d.content_hash]
        removed = [i for i in stored if i not in wanted]
        self._delete_docs([*removed, *(d.meta.id for d in changed)])
        embedded = self._add_docs([*new, *changed])
        return SyncReport(
            added=len(new),
            updated=len(changed),
            unchanged=len(wanted) - len(new) - len(changed),
            removed=len(removed),
            passages_embedded=embedded,
        )

    def _check_id_clash(self, builtin: list[Document], user: list[Document]) -> None:
        ids = {d.meta.id: d.source for d in builtin}
        for doc in user:
            if doc.meta.id in ids:
                raise InputError(
                    f"id {doc.meta.id!r} is also used by built-in {ids[doc.meta.id]}",
                    file=doc.source,
                    field="id",
                    fix=f"rename it; user ids start with {USER_ID_PREFIX!r}",
                )

    def _totals(self, report: SyncReport, start: float) -> SyncReport:
        metas = self.collection.get(include=["metadatas"])["metadatas"] or []
        report.documents = len({str(m["doc_id"]) for m in metas})
        report.passages = len(metas)
        report.seconds = round(time.perf_counter() - start, 3)
        return report

    def sync(self) -> SyncReport:
        """Bring the collection in line with the built-in and user files; embed only changes."""
        start = time.perf_counter()
        with self._locked():
            builtin, user = self.load_builtin(), self.load_user()
            self._check_id_clash(builtin, user)
            report = self._sync_origin("builtin", builtin).merge(self._sync_origin("user", user))
            return self._totals(report, start)

    def rebuild(self) -> SyncReport:
        """Drop the collection and embed every built-in and user document again."""
        start = time.perf_counter()
        with self._locked():
            client = self._open_client()
            if COLLECTION_NAME in {c.name for c in client.list_collections()}:
                client.delete_collection(COLLECTION_NAME)
            self._collection = None
            builtin, user = self.load_builtin(), self.load_user()
            self._check_id_clash(builtin, user)
            report = self._sync_origin("builtin", builtin).merge(self._sync_origin("user", user))
            return self._totals(report, start)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path / ".lock"), timeout=LOCK_TIMEOUT_S)
        try:
            lock.acquire()
        except Timeout:
            raise StoreError(
                "another drafter process is updating the knowledge store",
                file=str(self.path),
                fix="wait for it to finish, or delete the .lock file if none is running",
            ) from None
        try:
            yield
        finally:
            lock.release()

    # -- user documents ------------------------------------------------------------------

    def ingest(
        self,
        paths: Sequence[Path],
        *,
        kind: str | None = None,
        language: str | None = None,
        tone: str | None = None,
        role: str | None = None,
        industry: str | None = None,
        jurisdiction: str | None = None,
        title: str | None = None,
    ) -> IngestReport:
        """Add the user's files (txt, md, html, docx); bad files are reported, not raised."""
        start = time.perf_counter()
        options = {
            "kind": kind,
            "language": language,
            "tone": tone,
            "role": role,
            "industry": industry,
            "jurisdiction": jurisdiction,
            "title": title,
        }
        report = IngestReport()
        docs: list[Document] = []
        taken: set[str] = set()
        for path in _expand(paths):
            try:
                doc = user_document(Path(path), options)
                if doc.meta.id in taken:
                    raise InputError(
                        f"two files map to id {doc.meta.id!r}",
                        file=str(path),
                        fix="rename one of them or give it an 'id:' in front matter",
                    )
            except InputError as exc:
                report.failed.append(IngestFailure(file=str(path), error=str(exc)))
                continue
            taken.add(doc.meta.id)
            docs.append(doc)
        with self._locked():
            builtin_ids = {d.meta.id for d in self.load_builtin()}
            self.user_docs_dir.mkdir(parents=True, exist_ok=True)
            for doc in docs:
                if doc.meta.id in builtin_ids:
                    report.failed.append(
                        IngestFailure(
                            file=doc.source, error=f"{doc.source}: id {doc.meta.id!r} is built in"
                        )
                    )
                    continue
                _write_user_copy(self.user_docs_dir, doc)
                report.ingested.append(doc.meta.id)
            sync = self._sync_origin("user", self.load_user())
            report.sync = self._totals(sync, start)
        return report

    def forget(self, doc_ids: Sequence[str]) -> int:
        """Remove ingested user documents (copies and passages); returns how many were found."""
        found = 0
        with self._locked():
            for doc_id in doc_ids:
                copy = self.user_docs_dir / _user_file_name(doc_id)
                if copy.is_file():
                    copy.unlink()
                    found += 1
            self._sync_origin("user", self.load_user())
        return found

    # -- queries -------------------------------------------------------------------------

    def query(
        self, vector: np.ndarray, *, where: dict[str, Any] | None = None, n: int = 30
    ) -> list[Candidate]:
        """Nearest passages to a query vector, best first, optionally filtered by metadata."""
        total = self.count()
        if total == 0:
            return []
        try:
            got = self.collection.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)],
                n_results=min(n, total),
                where=where,
                include=["documents", "metadatas", "distances", "embeddings"],
            )
        except Exception as exc:
            raise StoreError(
                f"knowledge query failed ({exc})", fix="run `drafter index --rebuild`"
            ) from None
        out: list[Candidate] = []
        ids = got["ids"][0]
        docs = (got["documents"] or [[]])[0]
        metas = (got["metadatas"] or [[]])[0]
        dists = (got["distances"] or [[]])[0]
        vecs = (got["embeddings"] if got["embeddings"] is not None else [[]])[0]
        for pid, text, meta, dist, vec in zip(ids, docs, metas, dists, vecs, strict=True):
            fields = {k: v for k, v in meta.items() if k != "content_hash"}
            passage = Passage(id=pid, text=text or "", **fields)
            out.append(Candidate(passage=passage, score=1.0 - float(dist), vector=np.asarray(vec)))
        return out


def open_store(
    settings: Settings, embedder: Embedder | None = None, *, sync: bool = True
) -> KnowledgeStore:
    """Open the store in `settings.store_dir`; by default sync it first (builds on first use)."""
    store = KnowledgeStore(settings, embedder)
    if sync:
        store.sync()
    return store


# -- user documents ----------------------------------------------------------------------

_DEFAULT_USER_META = {
    "kind": "guide",
    "tone": "any",
    "role": "any",
    "industry": "any",
    "jurisdiction": "any",
}


def _expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given, folders expanded to the readable files inside them (sorted)."""
    from drafter.readers import READABLE_SUFFIXES

    out: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            out.extend(p for p in sorted(path.rglob("*")) if p.suffix.lower() in READABLE_SUFFIXES)
        else:
            out.append(path)
    return out


def user_document(path: Path, options: dict[str, str | None]) -> Document:
    """Read a user file into a Document: front matter first, then options, then defaults."""
    from drafter.readers import detect_language, read_document

    text = read_document(path)
    front, body = split_front_matter(text, str(path))
    if not body.strip():
        raise InputError("file has no text after its front matter", file=str(path))
    data: dict[str, Any] = dict(_DEFAULT_USER_META)
    data.update({k: v for k, v in options.items() if v is not None})
    data.update(front or {})
    data.setdefault("title", _first_heading(body) or path.stem.replace("_", " ").strip())
    data.setdefault("language", detect_language(body))
    raw_id = str(data.get("id") or _slug(path.stem))
    data["id"] = raw_id if raw_id.startswith(USER_ID_PREFIX) else USER_ID_PREFIX + raw_id
    meta = validate_meta(data, str(path))
    return make_document(meta, body, str(path), "user")


def _first_heading(body: str) -> str | None:
    match = re.search(r"^#{1,2} +(.+)$", body, re.MULTILINE)
    return match.group(1).strip() if match else None


def _slug(stem: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-._").lower()
    if not slug:
        # Non-Latin file names (e.g. 客服专员.docx) still need a stable, valid id.
        import hashlib

        slug = "doc-" + hashlib.sha1(stem.encode("utf-8")).hexdigest()[:10]
    return slug


def _user_file_name(doc_id: str) -> str:
    return doc_id.removeprefix(USER_ID_PREFIX).replace("/", "__") + ".md"


def _write_user_copy(folder: Path, doc: Document) -> None:
    meta: DocMeta = doc.meta
    front = yaml.safe_dump(meta.model_dump(), allow_unicode=True, sort_keys=False)
    (folder / _user_file_name(meta.id)).write_text(f"---\n{front}---\n{doc.body}", encoding="utf-8")
