"""Would a small text classifier catch discriminatory conditions the rules miss? (issue 24)

A measurement, not part of drafter: drafter does not depend on scikit-learn and does not call
this file. It trains one character n-gram logistic regression a category on every labelled
item of the seen sets (check, check-2, check-3: texts and their `fire` labels) and scores it
on a half of a set it never saw, the way `drafter eval --dataset check-N` scores the rules:
firing labels caught, and clean items with any category flagged. Given a run of the rules on
the same half (`--rules RUN_DIR`), it also scores rules or classifier together.

    python -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn pyyaml
    /tmp/skl/bin/python evals/condition_classifier.py --half tune \
        --rules evals/runs/<stamp>-check-4-tune
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

DATASETS = Path(__file__).resolve().parent / "datasets"
CATEGORIES = ("gender", "age", "health", "origin", "appearance", "family", "religion",
              "orientation", "culture")  # fmt: skip


def items(name: str) -> list[dict]:
    return yaml.safe_load((DATASETS / f"{name}.yaml").read_text(encoding="utf-8"))["items"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", nargs="+", default=["check", "check-2", "check-3"])
    ap.add_argument("--test", default="check-4")
    ap.add_argument("--half", choices=["tune", "test"], required=True)
    ap.add_argument("--rules", type=Path, help="a `drafter eval` run of the rules on that half")
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()

    train = [i for name in args.train for i in items(name)]
    test = [i for i in items(args.test) if i["split"] == args.half]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True)
    x_train = vec.fit_transform([i["text"] for i in train])
    x_test = vec.transform([i["text"] for i in test])
    predicted: dict[str, set[str]] = {i["id"]: set() for i in test}
    for cat in CATEGORIES:
        y = [cat in (i.get("fire") or []) for i in train]
        model = LogisticRegression(max_iter=2000, class_weight="balanced", C=4.0)
        model.fit(x_train, y)
        for item, p in zip(test, model.predict_proba(x_test)[:, 1], strict=True):
            if p >= args.threshold:
                predicted[item["id"]].add(cat)
    rules: dict[str, set[str]] = {}
    if args.rules:
        for line in (args.rules / "items.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rules[row["id"]] = set(row["flagged"])

    def score(flags: dict[str, set[str]]) -> tuple[int, int, int, int]:
        caught = total = clean = alarms = 0
        for item in test:
            fire = set(item.get("fire") or [])
            total += len(fire)
            caught += len(fire & flags[item["id"]])
            if not fire:
                clean += 1
                alarms += bool(flags[item["id"]])
        return caught, total, alarms, clean

    rows = [("classifier", predicted)]
    if rules:
        rows.insert(0, ("rules", rules))
        rows.append(("rules or classifier", {k: rules[k] | predicted[k] for k in predicted}))
    print(f"trained on {', '.join(args.train)} ({len(train)} items); "
          f"{args.test} {args.half} half, {len(test)} items")  # fmt: skip
    print("| who | caught | clean items with a false alarm |\n|---|---|---|")
    for name, flags in rows:
        caught, total, alarms, clean = score(flags)
        print(f"| {name} | {caught}/{total} ({caught / total:.1%}) | {alarms}/{clean} |")


if __name__ == "__main__":
    main()
