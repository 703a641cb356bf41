"""Experiment (issue 24): would the local model's second opinion on each line of an ad catch the
conditions the validator's rules miss, without false alarms on clean ads?

Every line of each labelled item (check datasets) is put to the model alone, its answer
constrained to one yes/no per category (an answer of one category from an enum that starts with
"none" came back "none" for every line tried). The item is flagged for a category when any line
is; the table puts the rules, the model and both together side by side. Nothing in drafter uses
this.

    .venv/bin/python evals/condition_opinion.py check-2 --half tune [--limit N]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import time
from typing import Any

from drafter.backends import make_backend
from drafter.check_eval import CATEGORIES, load_check, score_item
from drafter.evaluate import DATASETS_DIR
from drafter.settings import load_settings

SYSTEM = """You review one line of a job ad. Does the line make a personal characteristic of the
candidate a condition or a preference for the job? Mark each kind the line asks for true.
- gender: the candidate's sex or gender (男性优先, 限女, "ladies", "he/she will")
- age: the candidate's age or generation (年龄, 岁, 90后, "under 35", "young", "recent graduate")
- health: health, illness, disability, medical history, body fitness unrelated to the job
- origin: race, nationality, birthplace, home province, hukou, accent or mother tongue
- appearance: height, weight, looks, tattoos, skin, hair, face (五官端正, 形象好, 身高)
- family: marital status, children, pregnancy plans, caring duties
- religion: faith or belief
- orientation: sexual orientation
- culture: exclusionary culture or hollow perks ("rockstar", "work hard play hard", 狼性)
All false for skills, experience, languages the job needs, duties, pay, benefits, company
facts, customers, products, or a line that says such traits do not matter (不限, "regardless
of", "open to all"). Answer with one JSON object only."""
SCHEMA = {"type": "object", "properties": {c: {"type": "boolean"} for c in CATEGORIES},
          "required": list(CATEGORIES)}  # fmt: skip


def lines_of(text: str) -> list[str]:
    """The lines worth asking about (a bullet's mark taken off; headings of 1–3 chars left)."""
    return [s for line in text.splitlines() if len(s := line.strip(" -•*\t")) >= 4]


def _table(rows: list[dict[str, Any]], key: str) -> str:
    hit = total = false_alarms = clean = 0
    for r in rows:
        flagged = set(r["rules"]) | set(r["model"]) if key == "both" else set(r[key])
        total += len(r["fire"])
        hit += sum(c in flagged for c in r["fire"])
        clean += not r["fire"]
        false_alarms += not r["fire"] and bool(flagged)
    return (f"| {key} | {hit}/{total} ({hit / max(total, 1):.1%}) "
            f"| {false_alarms}/{clean} |")  # fmt: skip


def main() -> None:
    """Ask the model line by line, score rules, model and both, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dataset")
    parser.add_argument("--half", default="tune", choices=("tune", "test"))
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    items = [i for i in load_check(DATASETS_DIR / f"{args.dataset}.yaml") if i.split == args.half]
    items = items[: args.limit or None]
    model = make_backend(load_settings())
    rows, calls, started = [], 0, time.perf_counter()
    for item in items:
        flagged: set[str] = set()
        for line in lines_of(item.text):
            asked = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": line}]
            answer = model.complete(asked, schema=SCHEMA, max_tokens=80)
            calls += 1
            with contextlib.suppress(ValueError, AttributeError):
                flagged |= {k for k, v in json.loads(answer.text).items() if v is True}
        rows.append({"fire": item.fire, "rules": score_item(item).flagged,
                     "model": sorted(flagged & set(CATEGORIES))})  # fmt: skip
    seconds = time.perf_counter() - started
    print(f"{args.dataset} · half {args.half} · {len(items)} items · {calls} lines asked · "
          f"{seconds / max(calls, 1):.2f} s a line\n")  # fmt: skip
    print("| who | conditions caught | clean items with a false alarm |\n|---|---|---|")
    for key in ("rules", "model", "both"):
        print(_table(rows, key))


if __name__ == "__main__":
    main()
