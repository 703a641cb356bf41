"""Would a guard that knows an injected order by its kind do better than one that knows whom it
addresses? (issue 22; a measurement, not used by drafter)

Today's guard (`drafter.extract.strip_injection`) drops a sentence when it asks for something
to be written (note.yaml `directives.asks`) *and* points at the ad's writer (an AI, a bot, a
system, "the ad": `directives.points_at`), or matches `INJECTION`. Every blind notes set has
brought orders addressed in new words. The kind proposed here ignores the addressee: a sentence
that asks for something to be written and carries the words to write — a quotation, or "that …"
after say/state — is an order, whoever it speaks to.

For every note of the seen notes sets (notes-13's test half is left out: it is unrun), each
sentence is classed by both guards, and two counts are made, with no model:
- orders caught: `forbidden` values whose sentence the guard drops;
- facts lost: expected values (title, place, pay, duties, requirements, benefits, contacts)
  whose sentence the guard drops.

    .venv/bin/python evals/guard_by_kind.py
"""

from __future__ import annotations

import re

from drafter import notes_eval
from drafter.evaluate import DATASETS_DIR, NOTES_DATASETS
from drafter.extract import INJECTION, is_directive, vocabulary

# the words to write, given in the sentence: a quotation, or "that …" after a verb of saying
_WORDS_GIVEN = re.compile(
    r"[\"“「『][^\"”」』]{2,}[\"”」』]|\b(?:say|state|write|mention|claim|add)\s+that\b", re.I
)
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n|(?<=\s)[|｜]\s*")


def today(sentence: str) -> bool:
    return bool(INJECTION.search(sentence)) or is_directive(sentence)


def by_kind(sentence: str) -> bool:
    asks, _points_at = vocabulary().directive
    return today(sentence) or bool(asks.search(sentence) and _WORDS_GIVEN.search(sentence))


def expected_values(ex: notes_eval.Expect) -> list[str]:
    values = [ex.title, ex.company, ex.location, ex.schedule, *ex.duties, *ex.must_have,
              *ex.preferred, *ex.nice_to_have, *ex.requirements, *ex.benefits,
              *[str(v) for v in ex.apply.values() if v]]  # fmt: skip
    if ex.pay:
        values += [ex.pay.get("text"), *(ex.pay.get("extras") or [])]
    return [v for v in values if v]


def main() -> None:
    counts = {name: [0, 0] for name in ("today", "by kind")}  # orders caught, facts lost
    orders = facts = 0
    for name in NOTES_DATASETS:
        for item in notes_eval.load_notes(DATASETS_DIR / f"{name}.yaml"):
            if name == "notes-13" and item.half == "test":
                continue  # unrun: the next change's measure
            sentences = [s for s in _SENTENCE.split(item.note) if s and s.strip()]
            for guard_name, guard in (("today", today), ("by kind", by_kind)):
                dropped = [s for s in sentences if guard(s)]
                counts[guard_name][0] += sum(
                    any(v in s for s in dropped) for v in item.expect.forbidden
                )
                counts[guard_name][1] += sum(
                    any(v in s for s in dropped) for v in expected_values(item.expect)
                )
            orders += len(item.expect.forbidden)
            facts += len(expected_values(item.expect))
    print(f"{orders} forbidden values (injected orders' and corrected facts' old ones), "
          f"{facts} expected values")  # fmt: skip
    print("| guard | forbidden values in a dropped sentence | expected values lost |")
    print("|---|---|---|")
    for guard_name, (caught, lost) in counts.items():
        print(f"| {guard_name} | {caught} ({caught / orders:.1%}) | {lost} ({lost / facts:.2%}) |")


if __name__ == "__main__":
    main()
