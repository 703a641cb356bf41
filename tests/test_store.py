"""The knowledge store: build, sync only what changed, remove, ingest, rebuild."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import CountingEmbedder, knowledge_file

from drafter.embeddings import ChromaEmbeddingFunction, E5Embedder, LangChainE5Embeddings
from drafter.settings import Settings, load_settings
from drafter.store import KnowledgeStore, open_store

PAY = "## Pay\nAlways state the pay range; candidates skip ads without one. " * 2
TITLE = "## Title\nUse a plain, searchable job title such as Customer Service Representative. " * 2
TONE = "## Voice\nWrite to the candidate as 'you' and keep sentences short and warm. " * 2


def _settings(tmp_path: Path) -> Settings:
    return load_settings(home=tmp_path / "home", knowledge_dir=tmp_path / "knowledge")


def _write_base(folder: Path) -> None:
    knowledge_file(folder, "pay", PAY)
    knowledge_file(folder, "title", TITLE)
    knowledge_file(folder, "voice", TONE, kind="tone", tone="lively")


def _ids(store: KnowledgeStore) -> set[str]:
    return set(store.collection.get()["ids"])


def test_first_sync_builds_second_embeds_nothing(
    tmp_path: Path, counting_embedder: CountingEmbedder
) -> None:
    settings = _settings(tmp_path)
    _write_base(settings.knowledge_dir)
    store = open_store(settings, counting_embedder, sync=False)
    first = store.sync()
    assert (first.added, first.updated, first.unchanged, first.removed) == (3, 0, 0, 0)
    assert first.documents == 3 and first.passages == 3
    assert len(counting_embedder.passages) == 3
    # A new process: a new store object on the same folder.
    again = open_store(settings, counting_embedder, sync=False).sync()
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 3, 0)
    assert again.passages_embedded == 0
    assert len(counting_embedder.passages) == 3


def test_sync_reembeds_only_changed_and_removes_deleted(
    tmp_path: Path, counting_embedder: CountingEmbedder
) -> None:
    settings = _settings(tmp_path)
    _write_base(settings.knowledge_dir)
    store = open_store(settings, counting_embedder)
    counting_embedder.passages.clear()

    knowledge_file(settings.knowledge_dir, "pay", PAY + "\nSay whether it is monthly.\n")
    (settings.knowledge_dir / "title.md").unlink()
    knowledge_file(settings.knowledge_dir, "benefits", "## Benefits\nList real ones. " * 3)
    report = store.sync()
    assert (report.added, report.updated, report.unchanged, report.removed) == (1, 1, 1, 1)
    assert len(counting_embedder.passages) == 2
    assert any("monthly" in text for text in counting_embedder.passages)
    assert _ids(store) == {"pay#1", "voice#1", "benefits#1"}


def test_metadata_change_alone_counts_as_update(
    tmp_path: Path, counting_embedder: CountingEmbedder
) -> None:
    settings = _settings(tmp_path)
    _write_base(settings.knowledge_dir)
    store = open_store(settings, counting_embedder)
    knowledge_file(settings.knowledge_dir, "pay", PAY, jurisdiction="us")
    report = store.sync()
    assert report.updated == 1
    assert store.collection.get(ids=["pay#1"])["metadatas"][0]["jurisdiction"] == "us"


def test_collection_uses_our_embedding_function_and_cosine(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    _write_base(settings.knowledge_dir)
    store = open_store(settings)
    assert isinstance(store.collection._embedding_function, ChromaEmbeddingFunction)
    assert store.collection.configuration["hnsw"]["space"] == "cosine"
    # Querying by text goes through our query path, never chroma's downloading default.
    got = store.collection.query(query_texts=["how to write the pay"], n_results=1)
    assert got["ids"][0] == ["pay#1"]


def test_ingest_reads_files_and_collects_failures(
    tmp_path: Path, counting_embedder: CountingEmbedder
) -> None:
    settings = _settings(tmp_path)
    _write_base(settings.knowledge_dir)
    store = open_store(settings, counting_embedder)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "old-ad.txt").write_bytes(
        "客服专员\n\n负责接听客户电话，处理订单咨询和售后问题，记录工单并跟进。".encode("gbk")
    )
    (inbox / "hk.html").write_text(
        "<h1>客戶服務主任</h1><h2>工作範疇</h2><p>處理客戶查詢及投訴，跟進個案。</p>",
        encoding="utf-8",
    )
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "blob.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (inbox / "mine.md").write_text(
        "---\nid: house-style\nkind: tone\ntone: lively\n---\n## Our voice\nFriendly, direct.\n",
        encoding="utf-8",
    )
    report = store.ingest([inbox], kind="example", role="representative", industry="retail")
    assert sorted(report.ingested) == ["user/hk", "user/house-style", "user/old-ad"]
    assert sorted(Path(f.file).name for f in report.failed) == ["blob.txt", "empty.txt"]
    assert all("fix:" in f.error for f in report.failed)
    assert report.sync.added == 3

    metas = {m["doc_id"]: m for m in store.collection.get(where={"origin": "user"})["metadatas"]}
    assert metas["user/old-ad"]["language"] == "zh-Hans"
    assert metas["user/old-ad"]["kind"] == "example"
    assert metas["user/old-ad"]["title"] == "old-ad"
    assert metas["user/hk"]["language"] == "zh-Hant"
    assert metas["user/hk"]["title"] == "客戶服務主任"
    assert metas["user/house-style"]["kind"] == "tone"  # front matter beats options
    assert metas["user/house-style"]["role"] == "representative"  # options fill the rest
    assert (store.user_docs_dir / "old-ad.md").is_file()

    # Ingesting the same file again is an update of the same id, not a duplicate.
    (inbox / "old-ad.txt").write_text("客服专员\n\n新的职责描述，负责在线聊天。", encoding="utf-8")
    again = store.ingest([inbox / "old-ad.txt"], kind="example")
    assert again.ingested == ["user/old-ad"] and again.sync.updated == 1


def test_user_documents_survive_builtin_sync_and_rebuild(
    tmp_path: Path, counting_embedder: CountingEmbedder
) -> None:
    settings = _settings(tmp_path)
    _write_base(settings.knowledge_dir)
    store = open_store(settings, counting_embedder)
    own = tmp_path / "guide.md"
    own.write_text("## Our process\nWe interview within a week. " * 3, encoding="utf-8")
    assert store.ingest([own]).ingested == ["user/guide"]
    own.unlink()  # the store keeps its own copy

    (settings.knowledge_dir / "pay.md").unlink()
    report = store.sync()
    assert report.removed == 1
    assert "user/guide#1" in _ids(store)

    counting_embedder.passages.clear()
    rebuilt = store.rebuild()
    assert rebuilt.added == 3 and rebuilt.passages == 3
    assert len(counting_embedder.passages) == 3
    assert _ids(store) == {"title#1", "voice#1", "user/guide#1"}

    assert store.forget(["user/guide"]) == 1
    assert "user/guide#1" not in _ids(store)


def test_bad_builtin_file_stops_the_sync_with_input_error(tmp_path: Path) -> None:
    from drafter.errors import InputError

    settings = _settings(tmp_path)
    _write_base(settings.knowledge_dir)
    knowledge_file(settings.knowledge_dir, "bad", "## X\ny\n", kind="recipe")
    with pytest.raises(InputError) as info:
        open_store(settings)
    assert info.value.field == "kind" and info.value.file.endswith("bad.md")


def test_embedders_use_query_and_passage_paths() -> None:
    e5 = E5Embedder()
    passages = e5.embed_passages(["Answer customer calls", "处理客户投诉"])
    query = e5.embed_query("Answer customer calls")
    assert passages.shape == (2, 384) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    # Same text, different e5 prefix: vectors close but not equal.
    assert 0.8 < float(passages[0] @ query) < 0.9999

    chroma_ef = ChromaEmbeddingFunction(e5)
    assert np.allclose(chroma_ef(["Answer customer calls"])[0], passages[0], atol=1e-5)
    assert np.allclose(chroma_ef.embed_query(["Answer customer calls"])[0], query, atol=1e-5)

    lc = LangChainE5Embeddings(e5)
    assert np.allclose(lc.embed_documents(["Answer customer calls"])[0], passages[0], atol=1e-5)
    assert np.allclose(lc.embed_query("Answer customer calls"), query, atol=1e-5)


def test_embedder_does_not_load_model_on_construction() -> None:
    assert E5Embedder()._model is None
