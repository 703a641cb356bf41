"""A second opinion on discriminatory conditions, for the lines the rules let through (issue 24).

The validator's rules recognise a condition by its structure; on wordings no one here has read
they miss about a quarter (evals/README.md). This is a small linear classifier beside them: one
character 1–4-gram logistic regression a category (gender, age, health, origin, appearance,
family, religion, orientation, culture), trained by `evals/train_conditions.py` with
scikit-learn on the labelled check sets and the rules' own examples, and shipped as weights
(`rules/conditions.npz`). drafter reads the weights with numpy alone: the n-grams as
scikit-learn's `char_wb` analyzer cuts them, tf-idf with sublinear tf, l2 norm, one dot
product a category. `drafter rewrite` and `draft` ask it about each requirement the rules did
not flag; the fast `drafter check` stays rules-only.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path
from typing import Any

from drafter.loading import once

WEIGHTS = Path(__file__).resolve().parent / "rules" / "conditions.npz"
# the probability from which a line is read as a condition (measured on check-4 and check-5:
# evals/README.md)
THRESHOLD = 0.6
_SPACES = re.compile(r"\s\s+")


@once
def _model() -> dict[str, Any]:
    import numpy as np

    with np.load(WEIGHTS, allow_pickle=False) as data:
        model = {k: data[k] for k in data.files}
    model["index"] = {str(g): i for i, g in enumerate(model["vocab"])}
    model["categories"] = [str(c) for c in model["categories"]]
    return model


def ngrams(text: str, low: int = 1, high: int = 4) -> list[str]:
    """The character n-grams of `text` inside its words, each word padded with a space (as
    scikit-learn's `char_wb` analyzer cuts a lowercased text)."""
    out: list[str] = []
    for word in _SPACES.sub(" ", text.lower()).split():
        w = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            out.append(w[:n])
            while offset + n < len(w):
                offset += 1
                out.append(w[offset : offset + n])
            if offset == 0:  # a word shorter than n counts once
                break
    return out


def probabilities(text: str) -> dict[str, float]:
    """The classifier's probability, a category, that `text` states a condition of it."""
    import numpy as np

    model = _model()
    low, high = (int(n) for n in model["ngrams"])
    counts = Counter(i for g in ngrams(text, low, high) if (i := model["index"].get(g)) is not None)
    if not counts:
        return dict.fromkeys(model["categories"], 0.0)
    idx = np.fromiter(counts, dtype=np.int64)
    tf = np.fromiter((1 + math.log(counts[i]) for i in counts), dtype=np.float64)
    vec = tf * model["idf"][idx]
    vec /= np.linalg.norm(vec)
    scores = model["weights"][:, idx].astype(np.float64) @ vec + model["intercept"]
    probs = 1 / (1 + np.exp(-scores))
    return {c: float(p) for c, p in zip(model["categories"], probs, strict=True)}


def conditions(text: str, threshold: float = THRESHOLD) -> list[tuple[str, float]]:
    """The categories the classifier reads in `text` at `threshold` or above, likeliest first;
    none in a line the rules read as negated ("不限户籍、不限籍贯", "regardless of age")."""
    from drafter.validate import negation

    if negation().search(text):
        return []
    found = [(c, p) for c, p in probabilities(text).items() if p >= threshold]
    return sorted(found, key=lambda cp: -cp[1])
