"""Board profiles (issue 27, point 2): `drafter check --board` against a board's published limits
and, for mainland boards, the fields the 2026 notice requires."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_draft import answer

from drafter import boards, pipeline, store
from drafter.backends import FakeBackend
from drafter.brief import load_brief
from drafter.cli import main
from drafter.knowledge import split_front_matter
from drafter.validate import CheckConfig, check_file, check_text

ROOT = Path(__file__).resolve().parent.parent
BRIEF_FILE = ROOT / "examples" / "briefs" / "hk-cs-officer.yaml"
BRIEF = load_brief(BRIEF_FILE)
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
    # and, with no search bullet points written for the board, a notice says how to add them
    assert board_rules(AD, "jobsdb") == ["board.jobsdb.bullets", "board.jobsdb.html"]
    assert board_rules(AD.replace("# Customer Service Officer\n\n", ""), "jobsdb") == [
        "board.jobsdb.bullets"]  # fmt: skip


def test_jobsdb_limits_each_placed_where_it_is() -> None:
    long_bullet = "- " + "Answer delivery enquiries from shoppers and merchants " * 2 + "\n"
    long_summary = "We are hiring. " * 12
    text = f"{long_summary}\n\n## What you'll do\n\n{long_bullet}"
    report = check_text(text, config=CheckConfig(board="jobsdb"))
    found = {f.rule: f for f in report.findings if f.category == "board"}
    # the 80-character limit is the search bullet points', not the ad's own list items
    assert set(found) == {"board.jobsdb.summary", "board.jobsdb.bullets"}
    assert (
        found["board.jobsdb.summary"].line == 1 and "150" in found["board.jobsdb.summary"].message
    )
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


# --- drafting for a board (`drafter draft --board`) ------------------------------------------


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeBackend:
    monkeypatch.setenv("DRAFTER_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    backend = FakeBackend()
    monkeypatch.setattr(pipeline, "make_backend", lambda settings: backend)
    monkeypatch.setattr(store, "open_store", lambda settings: object())
    monkeypatch.setattr(pipeline, "retrieve", lambda *a, **k: [])
    return backend


def draft_for(board: str, fmt: str, tmp_path: Path, brief: Path = BRIEF_FILE) -> tuple[str, str]:
    out = tmp_path / f"ad.{fmt}"
    result = CliRunner().invoke(main, ["draft", str(brief), "--board", board, "--format", fmt,
                                       "-o", str(out), "--quiet"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8"), result.stderr


def test_draft_for_jobsdb_writes_its_search_fields_from_whole_facts(
    fake: FakeBackend, tmp_path: Path
) -> None:
    fake.enqueue(answer())
    text, err = draft_for("jobsdb", "md", tmp_path)
    meta, body = split_front_matter(text, "ad.md")
    assert meta is not None and meta["board"] == "jobsdb"
    summary, bullets = meta["search_summary"], meta["search_bullet_points"]
    assert 0 < len(summary) <= 150 and summary in body  # the hook's own first sentences
    # whole facts, each as the ad prints it: pay with its period, then the brief's benefits
    assert bullets == ["Pay: HKD 18,000–22,000 per month", "5-day work week", "Medical insurance"]
    assert all(len(b) <= 80 for b in bullets)
    assert "board:" not in err  # nothing left over: every field fits
    # the check reads the fields back and finds nothing to say about them
    ad = tmp_path / "fitted.md"
    ad.write_text(text, encoding="utf-8")
    found = [f for f in check_file(ad, config=CheckConfig(board="jobsdb")).findings
             if f.category == "board"]  # fmt: skip
    assert [f.rule for f in found] == ["board.jobsdb.html"]  # the Markdown's h1/h3, not the fields


def test_a_fact_too_long_for_a_bullet_is_left_out_and_named_never_cut(
    fake: FakeBackend, tmp_path: Path
) -> None:
    raw = yaml.safe_load(BRIEF_FILE.read_text(encoding="utf-8"))
    long = (
        "Medical insurance for you and your family, including dental and optical cover from day one"
    )
    raw["benefits"] = [long, "Paid training"]
    brief = tmp_path / "brief.yaml"
    brief.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    fake.enqueue(answer())
    text, err = draft_for("jobsdb", "md", tmp_path, brief)
    meta, _ = split_front_matter(text, "ad.md")
    assert meta["search_bullet_points"] == ["Pay: HKD 18,000–22,000 per month", "Paid training"]
    assert long in text  # the ad keeps the whole benefit
    assert f"'{long}' ({len(long)}) left out, not cut" in err
    assert "gives 2 that fit" in err


def test_the_html_for_jobsdb_uses_only_the_tags_it_takes(fake: FakeBackend, tmp_path: Path) -> None:
    fake.enqueue(answer())
    html, _ = draft_for("jobsdb", "html", tmp_path)
    tags = {t.lower() for t in re.findall(r"<([a-zA-Z0-9]+)", html)}
    assert tags and tags <= set(boards.boards()["jobsdb"]["html_allowed"])
    assert "<h1>" not in html and "<h2>What you'll do</h2>" in html
    assert "<p><strong>Must-have</strong></p>" in html and "Harbourline Logistics" in html
    fake.enqueue(answer())
    data = json.loads(draft_for("jobsdb", "json", tmp_path)[0])
    assert data["board"]["name"] == "jobsdb" and data["board"]["body_html"] == html.strip()
    assert len(data["board"]["search_bullet_points"]) == 3


def test_draft_for_a_mainland_board_names_the_fields_the_brief_lacks(
    fake: FakeBackend, tmp_path: Path
) -> None:
    raw = yaml.safe_load(BRIEF_FILE.read_text(encoding="utf-8"))
    del raw["headcount"]
    raw["how_to_apply"].pop("deadline")
    brief = tmp_path / "brief.yaml"
    brief.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    fake.enqueue(answer())
    text, err = draft_for("generic-cn", "md", tmp_path, brief)
    assert not text.startswith("---")  # no search fields on this board: no front matter
    assert "the ad must give the headcount" in err and "the ad must give the validity" in err
    assert "the ad must give the pay" not in err


def test_check_reads_the_search_fields_over_and_under_each_limit(tmp_path: Path) -> None:
    def board_findings(fields: dict[str, object]) -> list[str]:
        path = tmp_path / "ad.md"
        head = yaml.safe_dump({"board": "jobsdb", **fields}, allow_unicode=True)
        path.write_text(f"---\n{head}---\n\n{AD}", encoding="utf-8")
        return sorted(f.rule for f in check_file(path, config=CheckConfig(board="jobsdb")).findings
                      if f.category == "board" and f.rule != "board.jobsdb.html")  # fmt: skip

    fine = {"search_summary": "x" * 150, "search_bullet_points": ["y" * 80] * 3}
    assert board_findings(fine) == []
    assert board_findings({**fine, "search_summary": "x" * 151}) == ["board.jobsdb.summary"]
    assert board_findings({**fine, "search_bullet_points": ["y" * 81, "z"]}) == [
        "board.jobsdb.bullet"]  # fmt: skip
    assert board_findings({**fine, "search_bullet_points": ["y"] * 4}) == [
        "board.jobsdb.bullet_count"]  # fmt: skip
    # an ad without the fields: its first paragraph stands for the summary, bullets are a notice
    report = check_text(AD, config=CheckConfig(board="jobsdb"))
    notice = next(f for f in report.findings if f.rule == "board.jobsdb.bullets")
    assert notice.level == "notice" and "drafter draft --board jobsdb" in notice.message
