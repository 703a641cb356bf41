"""Benchmark reading recruiters' notes into briefs on this machine and print a table.

Reads the notes of evals/datasets/notes.yaml (one half, or all) with the reader the CLI uses
and prints, per note language and in all: notes read, model calls, prompt and completion
tokens, and the wall time per note (median, p95, max) against the 10 s target of issue 22.
The first note's time includes loading the model; it is shown apart.

    .venv/bin/python bench/read.py [--backend local] [--half test|tune|all] [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import defaultdict
from pathlib import Path

from drafter.backends import make_backend
from drafter.extract import read_note
from drafter.notes_eval import load_notes
from drafter.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 10.0


def main() -> None:
    """Read the notes and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default="local")
    parser.add_argument("--half", default="all", choices=("tune", "test", "all"))
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    settings = load_settings(backend=args.backend)
    backend = make_backend(settings)
    notes = [n for n in load_notes(ROOT / "evals" / "datasets" / "notes.yaml")
             if args.half == "all" or n.half == args.half][: args.limit]  # fmt: skip
    start = time.perf_counter()
    read_note("Warm-up: CS agent, Kwun Tong, a@b.hk", backend=backend, settings=settings)
    warm = time.perf_counter() - start
    by_lang: dict[str, list[tuple[float, int, int, int]]] = defaultdict(list)
    for note in notes:
        t0 = time.perf_counter()
        _reading, usage = read_note(note.note, backend=backend, settings=settings)
        seconds = time.perf_counter() - t0
        by_lang[note.language].append(
            (seconds, usage.calls, usage.prompt_tokens, usage.completion_tokens)
        )
    print(
        f"drafter bench/read.py · backend {backend.name} ({backend.model}) · "
        f"{len(notes)} notes ({args.half}) · first call incl. model load {warm:.1f} s"
    )
    print()
    print("| notes | n | model calls | prompt tok | completion tok | median s | p95 s | max s "
          f"| ≤ {TARGET_S:.0f} s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    groups = [*sorted(by_lang.items()), ("all", [r for rows in by_lang.values() for r in rows])]
    for name, rows in groups:
        secs = sorted(r[0] for r in rows)
        p95 = secs[min(len(secs) - 1, round(0.95 * (len(secs) - 1)))]
        within = sum(s <= TARGET_S for s in secs)
        print(
            f"| {name} | {len(rows)} | {sum(r[1] for r in rows)} | "
            f"{statistics.mean(r[2] for r in rows):.0f} avg | "
            f"{statistics.mean(r[3] for r in rows):.0f} avg | {statistics.median(secs):.2f} | "
            f"{p95:.2f} | {secs[-1]:.2f} | {within}/{len(secs)} |"
        )


if __name__ == "__main__":
    main()
