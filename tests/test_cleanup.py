"""The clean-up passes (drafter/rules/cleanup.yaml, drafter/cleanup.py): every example, and
the meta-tests that keep data, code and docs in step."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter import cleanup
from drafter.draft import tidy_piece

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = cleanup.registry()


def _examples(key: str) -> list[tuple[str, dict]]:
    return [(e["id"], ex) for e in ENTRIES for ex in e[key]]


@pytest.mark.parametrize(("pass_id", "example"), _examples("changes"))
def test_every_pass_changes_its_examples(pass_id: str, example: dict) -> None:
    entry = next(e for e in ENTRIES if e["id"] == pass_id)
    fn = cleanup.PASSES[pass_id]
    args = (example["text"], example["language"])
    got = fn(*args, example["kind"]) if pass_id in cleanup.WITH_KIND else fn(*args)
    assert got == example["now"]
    assert example["kind"] in entry["scope"] and example["language"] in entry["languages"]


@pytest.mark.parametrize(("pass_id", "example"), _examples("leaves"))
def test_every_pass_leaves_its_other_examples_alone(pass_id: str, example: dict) -> None:
    entry = next(e for e in ENTRIES if e["id"] == pass_id)
    applies = example["kind"] in entry["scope"] and example["language"] in entry["languages"]
    fn = cleanup.PASSES[pass_id]
    args = (example["text"], example["language"])
    got = fn(*args, example["kind"]) if pass_id in cleanup.WITH_KIND else fn(*args)
    assert (got if applies else example["text"]) == example["text"]


def test_every_pass_has_examples_of_both_kinds_and_code_and_data_agree() -> None:
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids)) and set(ids) == set(cleanup.PASSES)
    for entry in ENTRIES:
        assert entry["changes"] and entry["leaves"], entry["id"]
        assert entry["message"] and entry["scope"] and entry["languages"], entry["id"]


def test_the_draft_runs_the_passes_in_the_registrys_order() -> None:
    assert tidy_piece("1. - “answer calls.”", "duty", "en") == "Answer calls"
    assert tidy_piece("  通过在线客服回复查询 ", "hook", "zh-Hant") == "通過網上客服回覆查詢。"
    assert tidy_piece("5-day week.", "fact", "en") == "5-day week"  # a fact keeps its case


def test_docs_cleanup_md_is_generated_from_the_registry() -> None:
    assert (ROOT / "docs" / "cleanup.md").read_text(encoding="utf-8") == cleanup.markdown(), (
        "run: python -m drafter.cleanup > docs/cleanup.md"
    )
