"""The one drafting path (drafter/pipeline.py): every caller drafts through `Pipeline`, which
opens the backend, the store and the validator once and reads notes and drafts briefs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pieces import as_read, pieces_answer

from drafter import pipeline as pipeline_module
from drafter import store as store_module
from drafter.backends import FakeBackend
from drafter.brief import load_brief
from drafter.pipeline import Pipeline
from drafter.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
READ = (as_read({"title": "CS officer", "location": "Kwun Tong"}),)  # the reading model's fields
BRIEF = load_brief(ROOT / "examples" / "briefs" / "hk-cs-officer.yaml")


def fake_answer(messages: list[dict[str, str]], schema: dict[str, Any] | None) -> dict[str, Any]:
    props = (schema or {}).get("properties", {})
    n = props.get("responsibilities", {}).get("minItems", 0)
    return pieces_answer(
        props, messages[-1]["content"],
        hook="Join Harbourline Logistics as a Customer Service Officer in Kwun Tong.",
        summary="You answer delivery enquiries by phone, email and chat.",
        duties=[BRIEF.duties[i] for i in range(n)],
    )  # fmt: skip


def test_no_other_module_drafts_or_retrieves_by_itself() -> None:
    """draft_ad and retrieve are called only by the pipeline: the CLI, the page, the eval
    runner, rewrite and the blind-set runner all take the one path."""
    callers = []
    for path in [*ROOT.glob("drafter/*.py"), *ROOT.glob("evals/*.py")]:
        if path.name in ("pipeline.py", "draft.py", "retrieve.py", "extract.py"):  # their homes
            continue
        text = path.read_text(encoding="utf-8")
        # a test hook that wraps retrieve for the eval runner's fake store is the one exception
        text = re.sub(r"def retrieve_passages\(.*?\n\n\n", "", text, flags=re.S)
        if re.search(r"\bdraft_ad\(|[^_.\w]retrieve\(|\bread_note\(|\bextract_brief\(", text):
            callers.append(path.name)
    assert callers == [], f"these draft, read or retrieve outside the pipeline: {callers}"


def test_each_resource_opens_once_and_passages_are_asked_once_per_query(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[str] = []
    queries: list[str] = []
    backend = FakeBackend().enqueue(*[fake_answer] * 4)

    def make_backend(_settings: Any) -> FakeBackend:
        opened.append("backend")
        return backend

    def open_store(_settings: Any) -> object:
        opened.append("store")
        return object()

    monkeypatch.setattr(pipeline_module, "make_backend", make_backend)
    monkeypatch.setattr(store_module, "open_store", open_store)
    monkeypatch.setattr(pipeline_module, "retrieve",
                        lambda _s, brief, lang, tone, k: queries.append(lang) or [])  # fmt: skip
    steps: list[str] = []
    pipe = Pipeline(load_settings(home=tmp_path, backend="fake"))
    first = pipe.draft(BRIEF, "en", "professional", status=lambda step, _m: steps.append(step))
    second = pipe.draft(BRIEF, "en", "professional")
    assert sorted(opened) == ["backend", "store"]
    assert queries == ["en"]  # the second draft of the same brief reuses the passages
    assert steps == ["knowledge", "writing"]
    assert first.markdown == second.markdown
    assert pipe.validator() is pipe.validator()


def test_reading_a_note_adds_its_cost_to_the_draft(tmp_path: Path) -> None:
    note = "CS officer, Kwun Tong. HKD 18,000/month. Answer calls. Apply: jobs@example.com"
    backend = FakeBackend().enqueue(*READ, *[fake_answer] * 6)
    pipe = Pipeline(load_settings(home=tmp_path, backend="fake"), backend=backend, knowledge=False)
    reading, usage = pipe.read(note)
    assert "Kwun Tong" in (reading.brief.location or "")
    result = pipe.draft(reading.brief, "en", "lively", usage=usage)
    assert usage.calls == 1
    assert result.usage.calls == len(backend.calls)  # the reading's call and every drafting call
    assert result.usage.prompt_tokens > usage.prompt_tokens


def test_drafting_without_knowledge_never_imports_chromadb() -> None:
    """A worker with knowledge off (`--no-knowledge`, a Ray worker without a store) spent 0.8 s
    of its start-up importing chromadb it never used."""
    import subprocess
    import sys

    code = (
        "import sys, drafter.pipeline, drafter.rewrite, drafter.ray_rewrite; "
        "print('chromadb' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
