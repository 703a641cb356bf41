"""Brief loading: good files, and a one-line message naming file, field and fix for bad ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.brief import load_brief, load_brief_source
from drafter.errors import InputError

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "briefs" / "hk-cs-officer.yaml"


def test_example_brief_loads_with_every_fact() -> None:
    brief = load_brief(EXAMPLE)
    assert brief.company.name == "Harbourline Logistics"
    assert brief.pay is not None and (brief.pay.min, brief.pay.max) == (18000, 22000)
    assert brief.requirements.must_have[0] == "HKDSE or above"
    assert brief.jurisdiction == "hk"
    assert brief.role_family() == "representative"


@pytest.mark.parametrize(
    ("name", "body", "field", "words"),
    [
        ("typo.yaml", "title: CS\ncompany: {name: A}\nlocation: X\nbenfits: [a]\n", "benfits",
         "did you mean 'benefits'"),
        ("missing.yaml", "title: CS Rep\nlocation: X\n", "company", "required field"),
        ("bad.yaml", "title: [unclosed\n", None, "malformed YAML at line"),
        ("bad.json", '{"title": "x",}', None, "malformed JSON at line 1"),
        ("empty.yaml", "# nothing\n", None, "the brief is empty"),
        ("list.yaml", "- a\n- b\n", None, "must be a mapping"),
        ("lang.yaml", "title: CS Rep\ncompany: {name: A}\nlocation: X\njurisdiction: uk\n",
         "jurisdiction", "use one of"),
        ("pay.yaml", "title: CS Rep\ncompany: {name: A}\nlocation: X\npay: {min: 9, max: 3}\n",
         "pay", "greater than"),
        ("mail.yaml",
         "title: CS Rep\ncompany: {name: A}\nlocation: X\nhow_to_apply: {email: nope}\n",
         "how_to_apply.email", "not an email"),
    ],
)  # fmt: skip
def test_bad_briefs_name_file_field_and_fix(
    tmp_path: Path, name: str, body: str, field: str | None, words: str
) -> None:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_brief(path)
    message = str(caught.value)
    assert str(path) in message
    assert words in message
    if field:
        assert caught.value.field == field
    assert "\n" not in message


def test_missing_binary_and_huge_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_brief(tmp_path / "nope.yaml")
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00\x01\x02title")
    with pytest.raises(InputError, match="binary"):
        load_brief(binary)
    huge = tmp_path / "h.yaml"
    huge.write_text("a" * 300_000)
    with pytest.raises(InputError, match="at most"):
        load_brief(huge)


def test_gbk_brief_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "zh.yaml"
    text = "title: 客服代表\ncompany: {name: 深圳云帆电商}\nlocation: 深圳市南山区\n"
    path.write_bytes(text.encode("gbk"))
    assert load_brief(path).company.name == "深圳云帆电商"


def test_source_is_file_or_free_text(tmp_path: Path) -> None:
    brief, text, _ = load_brief_source(str(EXAMPLE))
    assert brief is not None and text is None
    brief, text, label = load_brief_source("CS rep for our Kwun Tong office, HKD 18-22k")
    assert brief is None and text and label == "free-text brief"
    # a Chinese note is too long for a file name (300 bytes): free text, not an OSError
    note = "西安云岭客服中心招客服主管 1 名：带 20 人呼入团队，负责排班、质检辅导和投诉升级；" * 3
    assert load_brief_source(note + "简历请投 hr@yunling.example.com")[1]
    with pytest.raises(InputError, match="empty"):
        load_brief_source("   ")
    with pytest.raises(InputError, match="file not found"):
        load_brief_source(str(tmp_path / "missing.yaml"))
