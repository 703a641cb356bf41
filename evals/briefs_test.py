"""Run the blind drafting test set (evals/datasets/briefs-test.yaml) once and print a table.

Each item is a brief or a recruiter's note, drafted in its one language and tone with the path
`drafter draft` uses (the note read into a brief first). The ads are scored by what a reader
checks, with code that shares nothing with the drafting code (drafter/ad_metrics.py and the
checks below): brief facts printed, the note's facts and duties kept, unlawful conditions gone,
grounded and filler sentences, repeats, talk to customers, assistant talk, other languages and
scripts, requirement levels. Ads and per-item scores go to evals/runs/<time>-briefs-test-<backend>/.

    .venv/bin/python evals/briefs_test.py [--backend local] [--limit N] [--id ID]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from drafter import ad_metrics
from drafter.brief import Brief, parse_brief_data
from drafter.errors import DrafterError
from drafter.metrics import brief_facts
from drafter.readers import converter, detect_language
from drafter.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "evals" / "datasets" / "briefs-test.yaml"


def present(ad: str, text: str) -> bool:
    """`text` in the ad as written, or in the other Chinese script."""
    flat = re.sub(r"\s+", " ", ad)
    text = re.sub(r"\s+", " ", text.strip())
    return any(v in flat for v in (text, converter("t2s").convert(text),
                                   converter("s2tw").convert(text)))  # fmt: skip


def score(ad: str, brief: Brief, item: dict[str, Any], language: str) -> dict[str, Any]:
    """What a reader checks in one ad."""
    reading = ad_metrics.read_ad(ad, brief, language)
    facts = brief_facts(brief, language)  # type: ignore[arg-type]
    # a fact in another language than the ad is printed translated: its exact words are not
    # looked for (the wrong-language count and the note's own facts still are)
    missing = [f"{label} {text!r}" for label, text in facts
               if detect_language(text)[:2] == language[:2] and not present(ad, text)]  # fmt: skip
    out: dict[str, Any] = {
        "sentences": reading.sentences,
        "grounded": reading.grounded,
        "filler": reading.filler,
        "repeated": reading.repeated,
        "to_customers": reading.to_customers,
        "assistant_talk": reading.assistant_talk,
        "wrong_language": reading.wrong_language,
        "wrong_script": reading.wrong_script,
        "duties_missing": reading.duties_missing,
        "level_changes": reading.level_changes,
        "brief_facts_missing": missing,
        "note_facts_missing": [f for f in item.get("expect_facts", []) if not present(ad, f)],
        "dropped_printed": [f for f in item.get("expect_dropped", []) if present(ad, f)],
    }
    if item.get("expect_duties"):
        note_brief = brief.model_copy(update={"duties": item["expect_duties"]})
        out["note_duties_missing"] = ad_metrics.read_ad(ad, note_brief, language).duties_missing
    else:
        out["note_duties_missing"] = []
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default="local")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--id", action="append", default=[])
    parser.add_argument("--dataset", type=Path, default=DATASET, help="another briefs file to try")
    args = parser.parse_args()
    from drafter.pipeline import Pipeline

    items = yaml.safe_load(args.dataset.read_text(encoding="utf-8"))["items"]
    items = [i for i in items if not args.id or i["id"] in args.id][: args.limit]
    settings = load_settings(backend=args.backend)
    pipeline = Pipeline(settings)  # the path `drafter draft` and the page take
    backend = pipeline.backend()
    run = (
        ROOT
        / "evals"
        / "runs"
        / (datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + f"-{args.dataset.stem}-{backend.name}")
    )
    (run / "ads").mkdir(parents=True)
    rows: list[dict[str, Any]] = []
    for item in items:
        language, tone = item["languages"][0], item["tones"][0]
        started = time.perf_counter()
        row: dict[str, Any] = {"id": item["id"], "language": language, "tone": tone,
                               "kind": "note" if "free_text" in item else "brief"}  # fmt: skip
        try:
            read_s = 0.0
            if "free_text" in item:
                reading, _usage = pipeline.read(item["free_text"])
                brief = reading.brief
                read_s = time.perf_counter() - started
            else:
                brief = parse_brief_data(item["brief"], f"{args.dataset}#{item['id']}")
            t0 = time.perf_counter()
            result = pipeline.draft(brief, language, tone)
            row.update(
                read_s=round(read_s, 1), draft_s=round(time.perf_counter() - t0, 1),
                calls=result.usage.calls, prompt_tokens=result.usage.prompt_tokens,
                completion_tokens=result.usage.completion_tokens,
                fixes=[f.message for f in result.fixes],
                suggested=[f.now for f in result.fixes if f.kind == "suggested"],
                score=(result.report or {}).get("score"),
                **score(result.markdown, brief, item, language),
            )  # fmt: skip
            (run / "ads" / f"{item['id']}.md").write_text(result.markdown, encoding="utf-8")
        except DrafterError as exc:
            row["error"] = str(exc)
        rows.append(row)
        print(json.dumps({k: row.get(k) for k in ("id", "draft_s", "error")}), flush=True)
    with (run / "items.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(table(rows, backend, args.dataset.stem))
    (run / "commit.txt").write_text(_git() + "\n", encoding="utf-8")
    print(f"run saved to {run}")


def _git() -> str:
    import subprocess

    out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                         text=True, check=False)  # fmt: skip
    return out.stdout.strip() or "unknown"


def table(rows: list[dict[str, Any]], backend: Any, name: str = "briefs-test") -> str:
    """One line per language and one for all."""
    keys = ("brief_facts_missing", "note_facts_missing", "note_duties_missing", "duties_missing",
            "dropped_printed", "level_changes", "assistant_talk", "wrong_language", "wrong_script",
            "to_customers", "repeated", "suggested")  # fmt: skip
    head = ("| group | ads | failed | " + " | ".join(k.replace("_", " ") for k in keys)
            + " | grounded | filler | median score | median draft s | max draft s |")  # fmt: skip
    lines = [f"{name} · {backend.name} ({backend.model})", "", head,
             "|" + "---|" * (len(keys) + 8)]  # fmt: skip
    groups = sorted({r["language"] for r in rows})
    for name in [*groups, "all"]:
        rs = [r for r in rows if name in ("all", r["language"])]
        ok = [r for r in rs if "error" not in r]
        sentences = sum(r["sentences"] for r in ok) or 1
        secs = sorted(r["draft_s"] for r in ok) or [0.0]
        counts = " | ".join(str(sum(len(r[k]) for r in ok)) for k in keys)
        grounded = sum(r["grounded"] for r in ok) / sentences
        filler = sum(len(r["filler"]) for r in ok) / sentences
        scores = [r["score"] for r in ok if r.get("score") is not None] or [0]
        lines.append(
            f"| {name} | {len(rs)} | {len(rs) - len(ok)} | {counts} | {grounded:.0%} | "
            f"{filler:.1%} | {statistics.median(scores):.0f} | {statistics.median(secs):.1f} | "
            f"{max(secs):.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
