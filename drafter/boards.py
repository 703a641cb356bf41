"""Board profiles: an ad checked against a job board's published limits and required fields
(`drafter check --board jobsdb|generic-cn`). The profiles are data (drafter/rules/boards.yaml);
each problem is a validator `Finding` (rule `board.<board>.<check>`) placed where it is, so the
report, its score and the page read it like any other finding.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import ConfigError

BOARDS_FILE = Path(__file__).parent / "rules" / "boards.yaml"
# What each required field looks like in an ad when no brief is given (mainland notice).
_SIGNS = {
    "headcount": r"招聘人[数數]|名额|名額|\d+\s*(?:名|人)|headcount|openings?\b",
    "requirements": r"任职要求|任職要求|岗位要求|崗位要求|任职资格|任職資格|要求|requirements|"
    r"必备|必備",
    "duties": r"职责|職責|工作内容|工作內容|工作範疇|duties|responsibilit|what you'?ll do",
    "pay": r"薪|工资|工資|待遇|\d\s*(?:元|k|K|万|萬)|pay|salary",
    "validity": r"有效期|截止|截至|deadline|closing date|apply by",
}


@cache
def boards() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(BOARDS_FILE.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigError("board profiles are not a table", file=str(BOARDS_FILE))
    return data


def names() -> tuple[str, ...]:
    return tuple(boards())


def problems(markdown: str, board: str, brief: Any = None) -> list[tuple[str, str, int, int]]:
    """(check, message, start, end) for each way the ad breaks the board's profile."""
    from drafter.render import html_body

    profile = boards()[board]
    name = profile["name"]
    out: list[tuple[str, str, int, int]] = []
    body = html_body(markdown)
    if (limit := profile.get("body_max_chars")) and len(body) > limit:
        out.append(("body_length", f"{name} takes an ad body of up to {limit:,} characters "
                    f"of HTML; this one has {len(body):,}", 0, 0))  # fmt: skip
    if allowed := profile.get("html_allowed"):
        used = sorted({t.lower() for t in re.findall(r"<([a-zA-Z0-9]+)", body)} - set(allowed))
        if used:
            out.append(("html", f"{name} takes only {', '.join(allowed)}; the ad's "
                        f"{', '.join(used)} will be dropped or flattened", 0, 0))  # fmt: skip
    lines = list(re.finditer(r"^.*$", markdown, re.M))
    if limit := profile.get("summary_max_chars"):
        first = next((m for m in lines if m.group().strip() and not re.match(
            r"\s*(?:#|\*\*|[-*] )", m.group())), None)  # fmt: skip
        if first is not None and len(first.group().strip()) > limit:
            out.append(("summary", f"{name}'s search summary is up to {limit} characters; the "
                        f"first paragraph has {len(first.group().strip())} — write a shorter "
                        "one for the board", first.start(), first.end()))  # fmt: skip
    if limit := profile.get("bullet_max_chars"):
        for m in lines:
            bullet = re.match(r"\s*[-*] (.+)$", m.group())
            if bullet and len(bullet.group(1)) > limit:
                out.append(("bullet", f"{name} shows bullet points of up to {limit} "
                            f"characters in search; this one has {len(bullet.group(1))}",
                            m.start(), m.end()))  # fmt: skip
    for field in profile.get("required") or []:
        if not _has(field, markdown, brief):
            out.append(("required", f"{name}: the ad must give the {field} "
                        f"({profile['source']})", 0, 0))  # fmt: skip
    return out


def _has(field: str, markdown: str, brief: Any) -> bool:
    if brief is not None:
        given = {
            "employer": not brief.company.name.startswith("["),
            "headcount": brief.headcount is not None,
            "requirements": not brief.requirements.is_empty(),
            "duties": bool(brief.duties),
            "place": not brief.location.startswith("["),
            "pay": brief.pay is not None,
            "validity": bool(brief.how_to_apply.deadline),
        }
        return given[field]
    if field == "employer":
        return not re.search(r"\[(?:Company name|公司名称|公司名稱)\]", markdown)
    if field == "place":
        return not re.search(r"\[(?:Location|工作地点|工作地點)\]", markdown)
    return bool(re.search(_SIGNS[field], markdown, re.I))
