"""Shared pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest
from openai_stub import OpenAIStub


@pytest.fixture
def openai_stub() -> Iterator[OpenAIStub]:
    """A scripted OpenAI-compatible server on 127.0.0.1 (see tests/openai_stub.py)."""
    stub = OpenAIStub().start()
    try:
        yield stub
    finally:
        stub.stop()


# --- knowledge store helpers (tests/test_knowledge.py, test_store.py, test_retrieve.py) ---


def knowledge_file(
    folder: Path,
    doc_id: str,
    body: str,
    *,
    kind: str = "guide",
    language: str = "en",
    tone: str = "any",
    role: str = "any",
    industry: str = "any",
    jurisdiction: str = "any",
    title: str | None = None,
    name: str | None = None,
) -> Path:
    """Write one knowledge Markdown file with complete front matter; returns its path."""
    path = folder / (name or f"{doc_id.replace('/', '_')}.md")
    path.parent.mkdir(parents=True, exist_ok=True)
    front = (
        f"---\nid: {doc_id}\nkind: {kind}\nlanguage: {language}\ntone: {tone}\nrole: {role}\n"
        f"industry: {industry}\njurisdiction: {jurisdiction}\ntitle: {title or doc_id}\n---\n"
    )
    path.write_text(front + body, encoding="utf-8")
    return path


class CountingEmbedder:
    """Wraps the real e5 embedder and records how many passages and queries it embedded."""

    def __init__(self) -> None:
        from drafter.embeddings import E5Embedder

        self.inner = E5Embedder()
        self.name = self.inner.name
        self.dim = self.inner.dim
        self.passages: list[str] = []
        self.queries: list[str] = []

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        self.passages.extend(texts)
        return self.inner.embed_passages(texts)

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return self.inner.embed_query(text)


@pytest.fixture
def counting_embedder() -> CountingEmbedder:
    """A fresh CountingEmbedder."""
    return CountingEmbedder()
