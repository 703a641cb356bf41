"""Train the second opinion on discriminatory conditions (issue 24) and write its weights.

A development tool, not part of drafter: it needs scikit-learn, which drafter does not depend
on. One character 1–4-gram logistic regression a category (gender, age, …, culture), on every
labelled item of the seen check sets and the rule catalogue's own examples (each rule's `fail`
examples fire its category; its `pass` examples fire none), and, as lines that fire nothing,
the requirements of the seen notes and brief sets that the rules do not flag (a requirement line
is short, and without them "Fluent Cantonese" read as an origin condition). The weights go to
`drafter/rules/conditions.npz`: the n-grams, their idf, one row of weights and an intercept a
category, and a few texts with the probabilities scikit-learn gives them, which drafter's own
reading of the file (`drafter/conditions.py`, numpy only) must reproduce (tests/test_conditions.py).

    python -m venv /tmp/skl && /tmp/skl/bin/pip install scikit-learn pyyaml
    /tmp/skl/bin/pip install pydantic opencc==1.4.2 jieba charset-normalizer  # for the rules
    PYTHONPATH=. /tmp/skl/bin/python evals/train_conditions.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "evals" / "datasets"
RULES = ROOT / "drafter" / "rules"
OUT = RULES / "conditions.npz"
CATEGORIES = ("gender", "age", "health", "origin", "appearance", "family", "religion",
              "orientation", "culture")  # fmt: skip
# validator category → dataset category (as drafter/check_eval.py counts them)
RULE_CATEGORY = {
    "discrimination.gender": "gender", "inclusive.gendered_terms": "gender",
    "discrimination.age": "age", "discrimination.health": "health",
    "inclusive.ableist": "health", "discrimination.origin": "origin",
    "discrimination.appearance": "appearance", "discrimination.family": "family",
    "discrimination.religion": "religion", "discrimination.orientation": "orientation",
    "inclusive.culture": "culture", "inclusive.jargon": "culture",
}  # fmt: skip
NGRAMS = (1, 4)
MIN_DF = 2
C = 4.0


def labelled(sets: list[str]) -> list[tuple[str, set[str]]]:
    """(text, categories it fires) from the check sets and the rule catalogue."""
    out = []
    for spec in sets:  # "check-5:tune": that half only
        name, _, half = spec.partition(":")
        data = yaml.safe_load((DATASETS / f"{name}.yaml").read_text(encoding="utf-8"))
        out += [(i["text"], set(i.get("fire") or [])) for i in data["items"]
                if not half or i["split"] == half]  # fmt: skip
    for path in ("discrimination.yaml", "inclusive.yaml"):
        data = yaml.safe_load((RULES / path).read_text(encoding="utf-8"))
        for rule in data.get("rules") or []:
            cat = RULE_CATEGORY.get(rule.get("category", ""))
            if cat is None:
                continue
            examples = rule.get("examples") or {}
            out += [(t, {cat}) for t in examples.get("fail") or []]
            out += [(t, set()) for t in examples.get("pass") or []]
    return out


# sets whose held-out half is still unrun: never trained on
UNSEEN = {"notes-14"}
LEVELS = ("must_have", "preferred", "nice_to_have", "unlabelled")


def requirement_lines() -> list[str]:
    """The requirements of the seen notes and brief sets that the rules flag in no category."""
    from drafter.validate import check_text

    lines: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in LEVELS and isinstance(value, list):
                    lines.update(v for v in value if isinstance(v, str) and v.strip())
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(DATASETS.glob("*.yaml")):
        if path.stem.startswith("check") or path.stem in UNSEEN:
            continue
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(
        line for line in lines
        if not any(f.category in RULE_CATEGORY for f in check_text(line).findings)
    )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", nargs="+",
                    default=["check", "check-2", "check-3", "check-4", "check-5:tune"])  # fmt: skip
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    items = labelled(args.sets)
    plain = requirement_lines()
    items += [(line, set()) for line in plain]
    texts = [t for t, _ in items]
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, min_df=MIN_DF,
                          sublinear_tf=True, dtype=np.float64)  # fmt: skip
    x = vec.fit_transform(texts)
    coef, intercept = [], []
    for cat in CATEGORIES:
        model = LogisticRegression(max_iter=3000, class_weight="balanced", C=C)
        model.fit(x, [cat in fire for _, fire in items])
        coef.append(model.coef_[0])
        intercept.append(model.intercept_[0])
    weights = np.array(coef, dtype=np.float32)
    vocab = np.array([str(g) for g in vec.get_feature_names_out()], dtype=str)
    # texts with the probabilities scikit-learn gives them: drafter's reading must agree
    reference = texts[:: max(1, len(texts) // 40)][:40]
    probs = 1 / (1 + np.exp(-(vec.transform(reference) @ weights.T.astype(np.float64)
                              + np.array(intercept))))  # fmt: skip
    np.savez_compressed(
        args.out, categories=np.array(CATEGORIES), vocab=vocab,
        idf=vec.idf_.astype(np.float32), weights=weights,
        intercept=np.array(intercept, dtype=np.float32), ngrams=np.array(NGRAMS),
        reference_texts=np.array(reference), reference_probs=probs.astype(np.float32),
        trained_on=np.array(args.sets),
    )  # fmt: skip
    print(f"{len(items)} labelled texts ({', '.join(args.sets)}, the rule examples and "
          f"{len(plain)} plain requirement lines); "
          f"{len(vocab)} n-grams; {args.out} {args.out.stat().st_size // 1024} KB")  # fmt: skip


if __name__ == "__main__":
    main()
