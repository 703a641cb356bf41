"""`drafter eval --dataset check`: recall and false alarms of the validator on labelled ads."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from drafter.check_eval import CheckItem, load_check, score_item, summarize
from drafter.cli import main
from drafter.errors import InputError

DATA = """
items:
  - {id: a, language: en, split: tune, text: "Female applicants only.", fire: [gender]}
  - {id: b, language: en, split: tune, text: "Answer calls politely.", fire: [], quiet: [gender]}
  - {id: c, language: zh-Hans, split: test, text: "限男性，普通话标准。", fire: [gender]}
"""


def test_a_caught_condition_counts_for_recall_and_a_clean_item_stays_clean(
    tmp_path: Path,
) -> None:
    path = tmp_path / "check.yaml"
    path.write_text(DATA, encoding="utf-8")
    scores = [score_item(i) for i in load_check(path)]
    assert [s.missed for s in scores] == [[], [], []]
    summary = summarize(scores)
    assert summary["recall"]["gender/en"] == {"caught": 1, "of": 1}
    assert summary["clean"]["en"] == {"items": 1, "with_false_alarm": 0}


def test_a_missed_condition_and_a_false_alarm_are_counted() -> None:
    missed = score_item(CheckItem(id="m", language="en", split="tune",
                                  text="Answer calls.", fire=["age"]))  # fmt: skip
    assert missed.missed == ["age"]
    alarm = score_item(CheckItem(id="f", language="en", split="tune",
                                 text="Women only.", fire=[], quiet=["gender"]))  # fmt: skip
    assert alarm.false_alarms == ["gender"] and alarm.quiet_broken == ["gender"]
    assert summarize([missed, alarm])["clean"]["en"]["with_false_alarm"] == 1


def test_a_bad_label_names_the_item(tmp_path: Path) -> None:
    path = tmp_path / "check.yaml"
    path.write_text(
        "items:\n  - {id: x, language: en, split: tune, text: t, fire: [sex]}\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match="item x: unknown categories"):
        load_check(path)


@pytest.mark.parametrize("name", ["check", "check-2", "check-3", "check-4", "check-5"])
def test_the_command_prints_the_table_for_one_half(tmp_path: Path, name: str) -> None:
    (tmp_path / f"{name}.yaml").write_text(DATA, encoding="utf-8")
    args = ["eval", "--dataset", name, "--half", "test", "--data", str(tmp_path),
            "--runs", str(tmp_path / "r")]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "half test · 1 items" in result.output
    assert "| gender | – | 1/1 | – | 1/1 (100%) |" in result.output
    assert next(iter((tmp_path / "r").iterdir())).name.endswith(f"-{name}-test")


def test_the_labelled_sets_load_split_in_two() -> None:
    root = Path(__file__).resolve().parent.parent / "evals" / "datasets"
    for name, size in (
        ("check", 270),
        ("check-2", 270),
        ("check-3", 180),
        ("check-4", 180),
        ("check-5", 180),
    ):
        items = load_check(root / f"{name}.yaml")
        assert len({i.id for i in items}) == len(items) >= size
        for lang in ("en", "zh-Hans", "zh-Hant"):
            splits = [i.split for i in items if i.language == lang]
            assert abs(splits.count("tune") - splits.count("test")) <= 2
