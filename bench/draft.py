"""Benchmark the drafting path on this machine and print a table.

Measures: time to index knowledge/ into a fresh store, retrieval p50/p95, and for one brief per
language the draft wall time, prompt/completion tokens, tokens/s and peak RSS; then the first
language again as a later run would draft it (system message read from the prompt cache).

    .venv/bin/python bench/draft.py [--backend local] [--languages en,zh-Hans,zh-Hant]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from drafter.backends import make_backend
from drafter.brief import load_brief
from drafter.pipeline import run_draft
from drafter.retrieve import retrieve
from drafter.settings import load_settings
from drafter.store import open_store

ROOT = Path(__file__).resolve().parent.parent
BRIEF = ROOT / "examples" / "briefs" / "hk-cs-officer.yaml"


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", default="local")
    parser.add_argument("--languages", default="en,zh-Hans,zh-Hant")
    parser.add_argument("--tone", default="professional")
    args = parser.parse_args()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(home=Path(tmp), backend=args.backend)
        if args.backend == "local":
            # reuse the assembled model instead of assembling 1.1 GB again in the temp home
            from drafter.model_files import resolve_model_path

            settings = settings.model_copy(
                update={"model_path": resolve_model_path(load_settings(backend="local"))}
            )
        start = time.perf_counter()
        store = open_store(settings)
        rows.append(("index knowledge/ (fresh store)", f"{time.perf_counter() - start:.1f} s"))
        brief = load_brief(BRIEF)
        times = []
        for i in range(40):
            lang = ("en", "zh-Hans", "zh-Hant")[i % 3]
            tone = ("professional", "lively")[i % 2]
            t0 = time.perf_counter()
            retrieve(store, brief, lang, tone, k=settings.retrieve_k)  # type: ignore[arg-type]
            times.append((time.perf_counter() - t0) * 1000)
        q = statistics.quantiles(times, n=20)
        rows.append(("retrieval p50 / p95", f"{statistics.median(times):.0f} / {q[18]:.0f} ms"))
        backend = make_backend(settings)
        for lang in args.languages.split(","):
            t0 = time.perf_counter()
            result, _ = run_draft(
                str(BRIEF), language=lang, tone=args.tone, settings=settings,  # type: ignore[arg-type]
                backend=backend, store=store,
            )  # fmt: skip
            wall = time.perf_counter() - t0
            u = result.usage
            tps = u.completion_tokens / u.seconds if u.seconds else 0.0
            errors = sum(1 for f in (result.report or {}).get("findings", [])
                         if f["level"] == "error")  # fmt: skip
            rows.append((
                f"draft {lang} ({args.tone})",
                f"{wall:.1f} s wall · {u.prompt_tokens} prompt + {u.completion_tokens} completion"
                f" tok · {tps:.1f} tok/s · {result.attempts} attempt(s) · {errors} errors",
            ))  # fmt: skip
        if args.backend == "local" and settings.prompt_cache:
            # As a later run would: nothing in memory, the system message's state on disk.
            lang = args.languages.split(",")[0]
            backend._llm.reset()  # type: ignore[attr-defined]
            t0 = time.perf_counter()
            result, _ = run_draft(
                str(BRIEF), language=lang, tone=args.tone, settings=settings,  # type: ignore[arg-type]
                backend=backend, store=store,
            )  # fmt: skip
            cached = backend.last_cached_tokens  # type: ignore[attr-defined]
            rows.append((
                f"draft {lang} again, new run",
                f"{time.perf_counter() - t0:.1f} s wall · {cached} prompt tok from the prompt cache"
                f" · {result.usage.completion_tokens} completion tok",
            ))  # fmt: skip
        rows.append(("peak RSS", f"{peak_rss_mb():.0f} MB"))
    width = max(len(k) for k, _ in rows)
    print(f"{'measure'.ljust(width)} | value")
    print(f"{'-' * width}-|-{'-' * 60}")
    for key, value in rows:
        print(f"{key.ljust(width)} | {value}")


if __name__ == "__main__":
    main()
