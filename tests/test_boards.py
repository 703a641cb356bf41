"""Board profiles (issue 27, point 2): `drafter check --board` against a board's published limits
and, for mainland boards, the fields the 2026 notice requires."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from drafter import boards
from drafter.brief import load_brief
from drafter.cli import main
from drafter.validate import CheckConfig, check_text

ROOT = Path(__file__).resolve().parent.parent
BRIEF = load_brief(ROOT / "examples" / "briefs" / "hk-cs-officer.yaml")
AD = (
    "# Customer Service Officer\n\n"
    "Join our parcel team in Kwun Tong and help shoppers every day.\n\n"
    "## What you'll do\n\n- Answer delivery enquiries\n\n"
    "## How to apply\n\nEmail careers@harbourline.example.com\n"
)


def board_rules(text: str, board: str, brief: object = None) -> list[str]:
    report = check_text(text, brief=brief, config=CheckConfig(board=board))
    return [f.rule for f in report.findings if f.category == "board"]


def test_a_plain_ad_fits_jobsdb_but_its_h1_and_h3_are_named() -> None:
    assert board_rules(AD, "jobsdb") == ["board.jobsdb.html"]
    assert board_rules(AD.replace("# Customer Service Officer\n\n", ""), "jobsdb") == []


def test_jobsdb_limits_each_placed_where_it_is() -> None:
    long_bullet = "- " + "Answer delivery enquiries from shoppers and merchants " * 2 + "\n"
    long_summary = "We are hiring. " * 12
    text = f"{long_summary}\n\n## What you'll do\n\n{long_bullet}"
    report = check_text(text, config=CheckConfig(board="jobsdb"))
    found = {f.rule: f for f in report.findings if f.category == "board"}
    assert set(found) == {"board.jobsdb.summary", "board.jobsdb.bullet"}
    assert found["board.jobsdb.bullet"].line == 5 and "80" in found["board.jobsdb.bullet"].message
    huge = "## What you'll do\n\n" + "\n".join(f"- duty number {i}" for i in range(900))
    assert "board.jobsdb.body_length" in board_rules(huge, "jobsdb")


def test_a_mainland_board_needs_the_fields_the_notice_requires() -> None:
    missing = board_rules(AD, "generic-cn")
    assert missing.count("board.generic-cn.required") == 4  # headcount, requirements, pay, validity
    # with the brief, its fields say what is given: the example brief gives all of them
    assert board_rules(AD, "generic-cn", BRIEF) == []
    raw = json.loads(BRIEF.model_dump_json())
    raw.update(headcount=None, company={"name": "[Company name]"})
    thin = type(BRIEF).model_validate(raw)
    messages = [f.message for f in check_text(AD, brief=thin, config=CheckConfig(
        board="generic-cn")).findings if f.category == "board"]  # fmt: skip
    assert any("employer" in m for m in messages) and any("headcount" in m for m in messages)


def test_the_command_takes_a_board_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    ad = tmp_path / "ad.md"
    ad.write_text(AD, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(ad), "--board", "jobsdb"])
    assert "board.jobsdb.html" in result.output
    result = CliRunner().invoke(main, ["check", str(ad), "--board", "monster"])
    assert result.exit_code != 0 and "unknown board 'monster'" in result.output
    assert "jobsdb, generic-cn" in result.output and "Traceback" not in result.output
    assert boards.names() == ("jobsdb", "generic-cn")
