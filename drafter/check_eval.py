"""`drafter eval --dataset check`: does `drafter check` flag the conditions a job ad must not
state, by their meaning, and stay quiet on clean ads with near-misses?

evals/datasets/check.yaml (written blind: its author never read the rules or their examples)
labels each ad or snippet with the categories that must fire and those that must stay quiet.
This module runs the validator on each text exactly as `drafter check` does (rules only, no
brief) and compares the categories of its findings with the labels:

- recall, per category and language: firing labels the validator flagged;
- false alarms: a category the validator flagged on an item that does not fire it, counted on
  clean items (no category fires) per language, and on the near-misses named in `quiet`.

Which validator categories stand for which dataset category is the one table below (the
dataset's words are the law's kinds; the validator's are its rule families).
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from drafter.errors import InputError
from drafter.loading import read_yaml

Half = Literal["tune", "test", "all"]
CATEGORIES = ("gender", "age", "health", "origin", "appearance", "family", "religion",
              "orientation", "culture")  # fmt: skip
LANGS = ("en", "zh-Hans", "zh-Hant")

# validator category → dataset category; a finding in any other category (structure, pay,
# gender-coded wording, readability…) is not a condition and is not counted.
DATASET_CATEGORY = {
    "discrimination.gender": "gender",
    "inclusive.gendered_terms": "gender",
    "discrimination.age": "age",
    "discrimination.health": "health",
    "inclusive.ableist": "health",
    "discrimination.origin": "origin",
    "discrimination.appearance": "appearance",
    "discrimination.family": "family",
    "discrimination.religion": "religion",
    "discrimination.orientation": "orientation",
    "inclusive.culture": "culture",
    "inclusive.jargon": "culture",
}


class CheckItem(BaseModel):
    """One labelled ad or snippet."""

    model_config = ConfigDict(extra="ignore")

    id: str
    language: Literal["en", "zh-Hans", "zh-Hant"]
    jurisdiction: str = "other"
    kind: Literal["snippet", "ad"] = "snippet"
    split: Literal["tune", "test"]
    text: str
    fire: list[str] = Field(default_factory=list)
    quiet: list[str] = Field(default_factory=list)
    note: str = ""


class CheckScore(BaseModel):
    """What the validator flagged on one item, against its labels."""

    id: str
    language: str
    split: str
    clean: bool
    fire: list[str]
    flagged: list[str]
    missed: list[str]
    false_alarms: list[str]  # flagged, not firing
    quiet_broken: list[str]  # flagged although the item names it a near-miss
    rules: list[str]
    # what the second opinion (drafter/conditions.py) adds on the lines, as rewrite and draft
    # ask it: categories the rules did not flag
    second: list[str] = Field(default_factory=list)


def load_check(path: Path) -> list[CheckItem]:
    """The labelled items; InputError names the file and the item that is wrong."""
    try:
        data = read_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read the check dataset ({exc})", file=str(path),
                         fix="fix the YAML") from None  # fmt: skip
    items = []
    for i, raw in enumerate((data or {}).get("items") or []):
        try:
            item = CheckItem.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(f"item {i + 1}: {err['msg']}", file=str(path),
                             field=".".join(str(p) for p in err["loc"]),
                             fix="see the header of check.yaml") from None  # fmt: skip
        unknown = set(item.fire + item.quiet) - set(CATEGORIES)
        if unknown:
            raise InputError(f"item {item.id}: unknown categories {sorted(unknown)}",
                             file=str(path), fix=f"use {', '.join(CATEGORIES)}")  # fmt: skip
        items.append(item)
    if not items:
        raise InputError("no items", file=str(path), fix="add items under 'items:'")
    return items


def score_item(item: CheckItem, rules: Any = None) -> CheckScore:
    """Check the item's text as `drafter check` would and compare with its labels."""
    from drafter.validate import check_text

    juris = item.jurisdiction if item.jurisdiction in ("cn", "hk", "us", "eu") else None
    report = check_text(item.text, language=item.language, jurisdiction=juris, rules=rules)
    flagged = sorted({DATASET_CATEGORY[f.category] for f in report.findings
                      if f.category in DATASET_CATEGORY})  # fmt: skip
    rules_hit = sorted({f.rule for f in report.findings if f.category in DATASET_CATEGORY})
    from drafter.conditions import conditions

    read = {c for line in item.text.splitlines() if line.strip() for c, _p in conditions(line)}
    return CheckScore(
        id=item.id, language=item.language, split=item.split, clean=not item.fire,
        fire=item.fire, flagged=flagged, missed=[c for c in item.fire if c not in flagged],
        false_alarms=[c for c in flagged if c not in item.fire],
        quiet_broken=[c for c in flagged if c in item.quiet and c not in item.fire],
        rules=rules_hit, second=sorted(read - set(flagged)),
    )  # fmt: skip


def summarize(scores: list[CheckScore]) -> dict[str, Any]:
    """Recall per category and language; false alarms on clean items and near-misses."""
    hit: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for s in scores:
        for c in s.fire:
            hit[(c, s.language)][1] += 1
            hit[(c, s.language)][0] += c not in s.missed
    recall = {f"{c}/{lang}": {"caught": v[0], "of": v[1]} for (c, lang), v in sorted(hit.items())}
    clean: dict[str, dict[str, int]] = {}
    for lang in LANGS:
        cs = [s for s in scores if s.clean and s.language == lang]
        clean[lang] = {"items": len(cs), "with_false_alarm": sum(1 for s in cs if s.false_alarms)}
    for_cat = {}
    for c in CATEGORIES:
        caught = sum(v[0] for (cat, _l), v in hit.items() if cat == c)
        total = sum(v[1] for (cat, _l), v in hit.items() if cat == c)
        for_cat[c] = {"caught": caught, "of": total}
    total_fire = sum(v["of"] for v in for_cat.values())
    both = sum(len((set(s.fire) - set(s.missed)) | (set(s.fire) & set(s.second))) for s in scores)
    with_second = {
        "recall_overall": round(both / total_fire, 4) if total_fire else 1.0,
        "clean": {lang: sum(1 for s in scores if s.clean and s.language == lang
                            and (s.false_alarms or s.second)) for lang in LANGS},
    }  # fmt: skip
    return {
        "items": len(scores),
        "recall": recall,
        "recall_by_category": for_cat,
        "recall_overall": round(sum(v["caught"] for v in for_cat.values()) / total_fire, 4)
        if total_fire
        else 1.0,
        "clean": clean,
        "false_alarms_on_firing_items": sum(len(s.false_alarms) for s in scores if not s.clean),
        "near_misses_flagged": sum(len(s.quiet_broken) for s in scores),
        "with_second_opinion": with_second,
    }


def table(summary: dict[str, Any]) -> str:
    """Recall per category (rows) and language (columns), then the false alarms."""
    head = "| category | " + " | ".join(LANGS) + " | all |"
    lines = [head, "|---|" + "---|" * (len(LANGS) + 1)]
    for c in CATEGORIES:
        cells = []
        for lang in LANGS:
            v = summary["recall"].get(f"{c}/{lang}")
            cells.append(f"{v['caught']}/{v['of']}" if v else "–")
        t = summary["recall_by_category"][c]
        share = f" ({t['caught'] / t['of']:.0%})" if t["of"] else ""
        lines.append(f"| {c} | " + " | ".join(cells) + f" | {t['caught']}/{t['of']}{share} |")
    lines.append(f"\nrecall overall: {summary['recall_overall']:.1%}")
    clean = summary["clean"]
    lines.append("clean items with a false alarm: " + ", ".join(
        f"{lang} {v['with_false_alarm']}/{v['items']}" for lang, v in clean.items()))  # fmt: skip
    lines.append(f"near-misses flagged: {summary['near_misses_flagged']} · other categories "
                 f"flagged on firing items: {summary['false_alarms_on_firing_items']}")  # fmt: skip
    if second := summary.get("with_second_opinion"):
        lines.append(
            f"with the second opinion (rewrite and draft: the classifier on each line): recall "
            f"{second['recall_overall']:.1%}; clean items with a false alarm: "
            + ", ".join(f"{lang} {n}/{clean[lang]['items']}" for lang, n in second["clean"].items())
        )
    return "\n".join(lines)


def run_check(items: list[CheckItem]) -> tuple[list[CheckScore], float]:
    """Score every item; also the seconds it took."""
    from drafter.validate import load_rules

    rules = load_rules()
    started = time.perf_counter()
    scores = [score_item(i, rules) for i in items]
    return scores, time.perf_counter() - started


def save_run(folder: Path, scores: list[CheckScore], summary: dict[str, Any],
             meta: dict[str, Any]) -> None:  # fmt: skip
    """items.jsonl and summary.json in the run folder."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "items.jsonl").open("w", encoding="utf-8") as fh:
        for s in scores:
            fh.write(s.model_dump_json() + "\n")
    (folder / "summary.json").write_text(
        json.dumps({"meta": meta, "summary": summary}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )


def run_folder(runs: Path, half: str, name: str = "check") -> Path:
    """evals/runs/<time>-<dataset>-<half>."""
    return runs / f"{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}-{name}-{half}"
