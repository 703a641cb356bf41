"""The notes eval's scorer on hand-made readings: every count has an example that moves it.

The scorer compares strings only; a reading here is written by hand, not by the reader, so a
bug the two shared would show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from drafter import notes_eval as ne
from drafter.errors import InputError
from drafter.evaluate import NOTES_DATASETS

ROOT = Path(__file__).resolve().parent.parent
NOTE = (
    "兼職門市助理，旺角，時薪HKD 65，13薪。Must: Cantonese. Nice: retail experience. "
    "WhatsApp 陳小姐 9123 4567"
)


def item(**expect: Any) -> ne.NoteItem:
    base: dict[str, Any] = {
        "title": "門市助理", "company": None, "location": "旺角", "employment_type": "part-time",
        "pay": {"text": "時薪HKD 65", "period": "hour", "extras": ["13薪"]},
        "must_have": ["Cantonese"], "nice_to_have": ["retail experience"],
        "apply": {"contact": "陳小姐", "whatsapp": "9123 4567"},
    }  # fmt: skip
    base.update(expect)
    return ne.NoteItem(id="t-1", half="tune", language="zh-Hant", style="telegraphic",
                       note=NOTE, expect=ne.Expect(**base))  # fmt: skip


def reading(**brief: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "門市助理", "company": {"name": "[Company name]"}, "location": "旺角",
        "employment_type": "part-time",
        "pay": {"text": "時薪HKD 65", "period": "hour", "extras": ["13薪"]},
        "requirements": {"must_have": ["Cantonese"], "nice_to_have": ["retail experience"]},
        "how_to_apply": {"contact": "陳小姐", "whatsapp": "9123 4567"},
    }  # fmt: skip
    base.update(brief)
    missing = [{"field": f} for f in ("company.name", "duties", "how_to_apply")]
    return {"brief": base, "missing": missing, "ambiguous": []}


def test_a_faithful_reading_scores_full_marks() -> None:
    score = ne.score_reading(item(), reading())
    assert score.found == score.stated == 10  # title, place, type, pay ×3, 2 levels, 2 contacts
    assert score.matched == score.read
    assert not (score.level_swaps or score.invented or score.altered or score.leaks)
    assert score.missing_ok


def test_a_value_the_author_left_optional_counts_neither_for_nor_against() -> None:
    """notes-7's author listed words a reader may take or leave (a second wording of a date, an
    OTE beside the basic pay): read, they are no extra item; left, nothing is lost."""
    took = reading(benefits=["13薪"])
    assert ne.score_reading(item(), took).extra == ["benefits '13薪'"]
    score = ne.score_reading(item(optional=["13薪"]), took)
    assert score.extra == [] and score.matched == score.read
    assert ne.score_reading(item(optional=["13薪"]), reading()).found == 10


def test_a_nice_to_have_read_as_a_must_is_a_level_swap() -> None:
    swapped = reading(requirements={"must_have": ["Cantonese", "retail experience"]})
    score = ne.score_reading(item(), swapped)
    assert score.level_swaps == ["'retail experience': nice_to_have read as must_have"]
    assert "nice_to_have 'retail experience'" in score.lost


def test_a_default_the_note_never_gave_is_invented() -> None:
    score = ne.score_reading(item(employment_type=None), reading(employment_type="full-time"))
    assert score.invented == ["employment_type full-time"]
    score = ne.score_reading(item(), reading(company={"name": "Mong Kok Mall"}))
    assert score.invented == ["company 'Mong Kok Mall'"]


def test_a_changed_type_period_amount_or_contact_is_altered() -> None:
    full = ne.score_reading(item(), reading(employment_type="full-time"))
    assert full.altered == ["employment_type full-time for part-time"]
    period = ne.score_reading(item(), reading(pay={"text": "HKD 65", "period": "month"}))
    assert "pay period month for hour" in period.altered and "pay period hour" in period.lost
    phone = ne.score_reading(item(), reading(how_to_apply={"whatsapp": "9123 4568"}))
    assert any("not the note's words" in a for a in phone.altered)
    words = ne.score_reading(item(), reading(title="Retail Assistant"))
    assert "title 'Retail Assistant' is not the note's words" in words.altered


def test_words_of_an_injected_instruction_in_any_field_are_a_leak() -> None:
    hostile = item(forbidden=["6000 0000"])
    assert ne.score_reading(hostile, reading()).leaks == []
    leaked = reading(how_to_apply={"phone": "6000 0000", "whatsapp": "9123 4567"})
    assert ne.score_reading(hostile, leaked).leaks == ["6000 0000"]


def test_the_missing_list_must_name_what_the_note_leaves_out() -> None:
    silent = reading()
    silent["missing"] = [{"field": "duties"}]  # company and pay-free fields not named
    assert not ne.score_reading(item(), silent).missing_ok
    amb = item(ambiguous=["requirement_level"])
    assert not ne.score_reading(amb, reading()).ambiguous_ok
    named = reading()
    named["ambiguous"] = [{"field": "requirements"}]
    assert ne.score_reading(amb, named).ambiguous_ok


def test_items_compare_without_their_level_words_and_scalars_may_hold_more() -> None:
    assert ne.same("Mandarin a plus", "Mandarin")
    assert ne.same("有零售经验优先", "有零售经验")
    assert not ne.same("Cantonese", "Cantonese and English and Mandarin and Putonghua")
    assert ne.holds("Tseung Kwan O", "Tseung Kwan O, Hong Kong")
    assert not ne.holds("Tseung Kwan O", "Kwun Tong")


def test_the_summary_counts_and_a_failed_note_is_recorded() -> None:
    def read(text: str) -> dict[str, Any]:
        if "boom" in text:
            raise InputError("the note is empty", field="note", fix="write one")
        return reading()

    items = [item(), item().model_copy(update={"id": "t-2", "note": "boom"})]
    scores = ne.run_notes(items, read)
    assert scores[1].error is not None and scores[1].error.startswith("note: the note is empty")
    summary = ne.summarize(scores)
    assert summary["all"]["notes"] == 2 and summary["all"]["failed"] == 1
    assert summary["all"]["recall"] == 1.0 and summary["zh-Hant"]["level_swaps"] == 0
    assert "| all | 2 | 1 |" in ne.table(summary)


@pytest.mark.parametrize(
    ("name", "least"),
    [
        ("notes", 30),
        ("notes-heldout", 20),
        ("notes-3", 30),
        ("notes-4", 30),
        ("notes-5", 30),
        ("notes-6", 30),
        ("notes-7", 30),
        ("notes-8", 30),
        ("notes-9", 30),
        ("notes-10", 30),
        ("notes-11", 30),
        ("notes-12", 30),
        ("notes-13", 30),
        ("notes-14", 30),
    ],
)
def test_the_dataset_is_whole_and_every_expected_string_is_the_notes_own(
    name: str, least: int
) -> None:
    notes = ne.load_notes(ROOT / "evals" / "datasets" / f"{name}.yaml")
    assert len({n.id for n in notes}) == len(notes)
    for lang in ("en", "zh-Hans", "zh-Hant"):
        halves = [n.half for n in notes if n.language == lang]
        assert len(halves) >= least
        if name != "notes-heldout":  # split in two; the held-out file is all test
            assert halves.count("tune") == halves.count("test")
        else:
            assert set(halves) == {"test"}
    for n in notes:
        ex = n.expect
        strings = [ex.title, ex.company, ex.location, ex.schedule,
                   (ex.arrangement or {}).get("detail"), *ex.duties, *ex.must_have,
                   *ex.preferred, *ex.nice_to_have, *ex.requirements, *ex.benefits,
                   *[v for v in ex.apply.values() if v], *ex.optional]  # fmt: skip
        if ex.pay:
            strings += [ex.pay.get("text"), *(ex.pay.get("extras") or [])]
        for value in (v for v in strings if v):
            assert str(value) in n.note, (n.id, value)


def test_a_malformed_dataset_is_one_line_naming_the_item(tmp_path: Path) -> None:
    bad = tmp_path / "notes.yaml"
    bad.write_text("version: 1\nnotes:\n  - id: x\n    half: later\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        ne.load_notes(bad)
    assert "notes[0]" in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize("name", NOTES_DATASETS)
def test_the_eval_command_reads_a_notes_file_and_saves_the_run(tmp_path: Path, name: str) -> None:
    """Both notes datasets take this path (notes-heldout once went to the briefs loader)."""
    from click.testing import CliRunner

    from drafter.cli import main

    data = tmp_path / "data"
    data.mkdir()
    note = "Position: Customer Care Agent\\nCompany: Northwind Travel\\nApply: jobs@nw.example.ie"
    (data / f"{name}.yaml").write_text(
        "version: 1\nnotes:\n  - id: x-1\n    half: tune\n    language: en\n"
        f'    style: labelled\n    note: "{note}"\n    expect:\n'
        "      title: Customer Care Agent\n      company: Northwind Travel\n"
        "      apply: {email: jobs@nw.example.ie}\n",
        encoding="utf-8",
    )
    runs = tmp_path / "runs"
    args = ["eval", "--dataset", name, "--half", "tune", "--backend", "fake",
            "--data", str(data), "--runs", str(runs), "--quiet"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "| all | 1 | 0 | 3 | 100.0% | 100.0% | 0 | 0 | 0 | 0 |" in result.stdout
    (run,) = runs.iterdir()
    assert run.name.endswith(f"-{name}-tune-fake") and (run / "items.jsonl").is_file()


def test_a_null_list_or_way_to_apply_in_the_dataset_is_empty() -> None:
    # notes-12 writes `apply: null` where the note settles no way to apply
    ex = ne.Expect(apply=None, duties=None, ambiguous=["apply"])  # type: ignore[arg-type]
    assert ex.apply == {} and ex.duties == []


def test_an_expected_onsite_is_the_briefs_on_site() -> None:
    """notes-14's author wrote the kind "onsite": the reader's "on-site" was counted altered."""
    from drafter.notes_eval import Expect

    assert Expect(arrangement={"kind": "onsite", "detail": None}).arrangement == {
        "kind": "on-site",
        "detail": None,
    }


@pytest.mark.parametrize("name", NOTES_DATASETS)
def test_every_shipped_notes_set_loads_with_both_halves(name: str) -> None:
    from drafter.evaluate import DATASETS_DIR

    items = ne.load_notes(DATASETS_DIR / f"{name}.yaml")
    halves = {i.half for i in items}
    assert len(items) >= 40 and halves <= {"tune", "test"}, (name, len(items), halves)
